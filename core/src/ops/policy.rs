//! N2: a directory's subscription policy (manage-azure-subscription-policy
//! .md): whether subscriptions may leave the directory, whether they may
//! enter it, and the users exempted from both. Only a Global
//! Administrator assigned the role directly, and elevated, may set it. A
//! directory that never set one blocks both (Microsoft's default since
//! 1 May 2026). The classic rules' R6 ignores it.

use super::common::{self, Checked};
use super::SetSubscriptionPolicy;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{sorted_insert, SubscriptionPolicy};

pub(super) fn check(v: &impl Facts, op: &SetSubscriptionPolicy) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let exempted = op
        .exempted
        .iter()
        .map(|a| common::account(v, a))
        .collect::<Checked<Vec<_>>>()?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    common::global_admin_only(v, actor, dir)?;
    if !v.is_elevated(dir, actor) {
        return Err(ErrorKind::ElevationRequired {
            actor: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    let mut policy = SubscriptionPolicy {
        block_leaving: op.block_leaving,
        block_entering: op.block_entering,
        exempted: Vec::with_capacity(exempted.len()),
    };
    for acc in exempted {
        if !v.is_user(acc, dir) {
            return Err(ErrorKind::NotAUserOfDirectory {
                account: common::acc_name(v, acc),
                directory: common::dir_name(v, dir),
            });
        }
        sorted_insert(&mut policy.exempted, acc);
    }
    Ok(vec![Change::SetPolicy {
        dir,
        policy: Box::new(policy),
    }])
}

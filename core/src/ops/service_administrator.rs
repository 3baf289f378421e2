//! R9: change the service administrator (seed 003 "before you begin"). Only
//! the account administrator. The new service administrator must be a user
//! of the subscription's directory (I3); a Microsoft account not yet there
//! is added as an external user.

use super::common::{self, not_authorized, Checked};
use super::ChangeServiceAdministrator;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;

pub(super) fn check(v: &impl Facts, op: &ChangeServiceAdministrator) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let acc = common::account(v, &op.account)?;
    let dir = v.sub_directory(sub);
    common::account_in_cloud_of(v, acc, dir)?;
    let is_account_admin = v
        .state()
        .sub(sub)
        .azure()
        .is_some_and(|a| a.account_admin == Some(actor));
    let Some(current) = v.service_admin(sub).filter(|_| is_account_admin) else {
        return Err(not_authorized(
            v,
            actor,
            "change the service administrator of subscription",
            common::sub_name(v, sub),
            "the account administrator",
        ));
    };
    let invite = common::user_or_invitable(v, acc, dir)?;
    if current == acc {
        // Not in DESIGN's table: making the current service administrator
        // service administrator again would change nothing.
        return Err(ErrorKind::AlreadyAssigned {
            what: format!(
                "Service administrator {} of subscription {}",
                common::acc_name(v, acc),
                common::sub_name(v, sub)
            ),
        });
    }
    let mut changes = Vec::with_capacity(2);
    if invite {
        common::join_as_external(v, acc, dir, &mut changes)?;
    }
    changes.push(Change::SetServiceAdmin {
        sub,
        from: current,
        to: acc,
    });
    Ok(changes)
}

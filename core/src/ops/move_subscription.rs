//! R6: change the directory a subscription trusts ("Edit Directory", seeds
//! 002, 003, 004). Only the service administrator, who must be a user of
//! the target directory. Every co-administrator and every RBAC role
//! assignment is removed (seed 003: the portal's warning names only the
//! co-administrators; the plan lists everything). The account and service
//! administrators stay.

use super::common::{self, Checked};
use super::ChangeSubscriptionDirectory;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, DirId, SubId};

pub(super) fn check(v: &impl Facts, op: &ChangeSubscriptionDirectory) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let dir = common::directory(v, &op.directory)?;
    move_to(v, actor, sub, dir)
}

/// `CROSS_CLOUD` unless the subscription's directory and `dir` share a cloud.
pub(super) fn same_cloud(v: &impl Facts, sub: SubId, dir: DirId) -> Checked<()> {
    let from = v.sub_directory(sub);
    common::same_cloud(
        || {
            format!(
                "Moving subscription {} to {}",
                common::sub_name(v, sub),
                common::dir_name(v, dir)
            )
        },
        common::dir_cloud(v, from),
        common::dir_cloud(v, dir),
    )
}

/// The move, checked against `v` (which composites stage).
pub(super) fn move_to(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    dir: DirId,
) -> Checked<Vec<Change>> {
    same_cloud(v, sub, dir)?;
    common::service_admin_only(v, actor, sub)?;
    if !v.is_user(actor, dir) {
        return Err(ErrorKind::NotAUserOfTarget {
            account: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    let from = v.sub_directory(sub);
    if from == dir {
        return Err(ErrorKind::SameDirectory {
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, dir),
        });
    }
    let co_admins = v.co_admins(sub);
    let assignments = v.assignments(sub);
    let mut changes = Vec::with_capacity(1 + co_admins.len() + assignments.len());
    changes.push(Change::MoveSubscription { sub, from, to: dir });
    changes.extend(
        co_admins
            .into_iter()
            .map(|acc| Change::RemoveCoAdmin { sub, acc }),
    );
    changes.extend(assignments.into_iter().map(|a| Change::RemoveAssignment {
        sub,
        principal: a.principal,
        role: a.role,
        scope: a.scope,
    }));
    Ok(changes)
}

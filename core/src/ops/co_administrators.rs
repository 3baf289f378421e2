//! R7: add or remove a co-administrator (seeds 002, 004). The service
//! administrator or a co-administrator may. The account must be a user of
//! the subscription's directory; a Microsoft account not yet there is added
//! as an external user.

use super::common::{self, not_authorized, Checked};
use super::CoAdministratorChange;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, SubId, MAX_CO_ADMINISTRATORS};

/// `add_co_administrator` (`add`) or `remove_co_administrator`.
pub(super) fn check(v: &impl Facts, op: &CoAdministratorChange, add: bool) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let acc = common::account(v, &op.account)?;
    if add {
        add_co_admin(v, actor, sub, acc)
    } else {
        authorize(v, actor, sub, "remove co-administrators of subscription")?;
        if !v.is_co_admin(sub, acc) {
            return Err(ErrorKind::NotAssigned {
                what: what(v, sub, acc),
            });
        }
        Ok(vec![Change::RemoveCoAdmin { sub, acc }])
    }
}

fn what(v: &impl Facts, sub: SubId, acc: AccId) -> String {
    format!(
        "Co-administrator {} of subscription {}",
        common::acc_name(v, acc),
        common::sub_name(v, sub)
    )
}

/// `NOT_AUTHORIZED` unless the actor is the service administrator or a
/// co-administrator of an Azure subscription.
fn authorize(v: &impl Facts, actor: AccId, sub: SubId, verb: &'static str) -> Checked<()> {
    if common::is_classic_admin(v, actor, sub) {
        return Ok(());
    }
    Err(not_authorized(
        v,
        actor,
        verb,
        common::sub_name(v, sub),
        "the service administrator or a co-administrator",
    ))
}

/// Adds a co-administrator, checked against `v` (which composites stage).
/// Adding the service administrator is `ALREADY_ASSIGNED`: it already holds
/// every right a co-administrator has.
pub(super) fn add_co_admin(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    acc: AccId,
) -> Checked<Vec<Change>> {
    let dir = v.sub_directory(sub);
    common::account_in_cloud_of(v, acc, dir)?;
    authorize(v, actor, sub, "add co-administrators to subscription")?;
    let invite = common::user_or_invitable(v, acc, dir)?;
    if v.is_co_admin(sub, acc) || v.service_admin(sub) == Some(acc) {
        return Err(ErrorKind::AlreadyAssigned {
            what: what(v, sub, acc),
        });
    }
    if v.co_admin_count(sub) >= MAX_CO_ADMINISTRATORS {
        return Err(ErrorKind::CoAdminLimit {
            subscription: common::sub_name(v, sub),
            limit: MAX_CO_ADMINISTRATORS,
        });
    }
    let mut changes = Vec::with_capacity(2);
    if invite {
        common::join_as_external(v, acc, dir, &mut changes)?;
    }
    changes.push(Change::AddCoAdmin { sub, acc });
    Ok(changes)
}

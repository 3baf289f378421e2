//! R8: assign or remove an RBAC role at subscription or resource-group
//! scope. The service administrator, a co-administrator, or an Owner or
//! User Access Administrator at that scope or above may. The principal must
//! be a user of the subscription's directory.

use super::common::{self, invalid, not_authorized, Checked};
use super::RoleAssignmentChange;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, RbacRole, SubId, MAX_ROLE_ASSIGNMENTS};
use crate::names;

/// `assign_role` (`assign`) or `remove_role`.
pub(super) fn check(
    v: &impl Facts,
    op: &RoleAssignmentChange,
    assign: bool,
) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let principal = common::account(v, &op.principal)?;
    let role: RbacRole = common::parse("RBAC role", &op.role)?;
    let rg = op.resource_group.as_deref();
    if let Some(rg) = rg {
        names::check_resource_group(rg).map_err(|r| invalid("resource group", rg, r))?;
    }
    let dir = v.sub_directory(sub);
    common::account_in_cloud_of(v, principal, dir)?;
    // The folded key of the scope; `None` if no assignment ever named this
    // resource group, so none can match it.
    let key = match rg {
        None => Some(0),
        Some(rg) => v.state().rgs.key_of_name(rg),
    };
    authorize(v, actor, sub, key, assign)?;
    let what = || {
        format!(
            "{role} for {} on subscription {} at {}",
            common::acc_name(v, principal),
            common::sub_name(v, sub),
            crate::effect::Scope::of(rg)
        )
    };
    let held = key.is_some_and(|k| v.holds(sub, principal, role, k));
    if assign {
        if !v.is_user(principal, dir) {
            return Err(ErrorKind::NotAUserOfDirectory {
                account: common::acc_name(v, principal),
                directory: common::dir_name(v, dir),
            });
        }
        if held {
            return Err(ErrorKind::AlreadyAssigned { what: what() });
        }
        if v.assignment_count(sub) >= MAX_ROLE_ASSIGNMENTS {
            return Err(ErrorKind::RoleAssignmentLimit {
                subscription: common::sub_name(v, sub),
                limit: MAX_ROLE_ASSIGNMENTS,
            });
        }
        return Ok(vec![Change::AddAssignment {
            sub,
            principal,
            role,
            resource_group: rg.map(Into::into),
        }]);
    }
    let rgs = &v.state().rgs;
    let existing = key.filter(|_| held).and_then(|k| {
        v.assignments(sub)
            .into_iter()
            .find(|a| a.principal == principal && a.role == role && rgs.key(a.scope) == k)
    });
    match existing {
        Some(a) => Ok(vec![Change::RemoveAssignment {
            sub,
            principal,
            role,
            scope: a.scope,
        }]),
        None => Err(ErrorKind::NotAssigned { what: what() }),
    }
}

/// `NOT_AUTHORIZED` unless the actor is a classic administrator, or holds
/// Owner or User Access Administrator at the subscription or at this
/// resource group.
fn authorize(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    scope_key: Option<u32>,
    assign: bool,
) -> Checked<()> {
    if common::is_classic_admin(v, actor, sub) {
        return Ok(());
    }
    let grants_at = |key: u32| {
        [RbacRole::Owner, RbacRole::UserAccessAdministrator]
            .into_iter()
            .any(|role| v.holds(sub, actor, role, key))
    };
    if grants_at(0) || scope_key.is_some_and(|k| k != 0 && grants_at(k)) {
        return Ok(());
    }
    let verb = if assign {
        "assign roles on subscription"
    } else {
        "remove role assignments of subscription"
    };
    Err(not_authorized(
        v,
        actor,
        verb,
        common::sub_name(v, sub),
        "the service administrator, a co-administrator, or an Owner or User Access Administrator at that scope",
    ))
}

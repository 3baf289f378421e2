//! R8: assign or remove an RBAC role at subscription or resource-group
//! scope. The principal must be a user of the subscription's directory.
//!
//! Who may: under the classic rules, the service administrator, a
//! co-administrator, or an Owner or User Access Administrator at that scope
//! or above; under the current ones, whoever holds
//! `Microsoft.Authorization/roleAssignments/write` there (`…/delete` to
//! remove) by any of its grants, as the permission evaluator finds them
//! ([`crate::access`]): Owner, User Access Administrator, Role Based Access
//! Control Administrator, an elevated Global Administrator.

use super::common::{self, invalid, not_authorized, Checked};
use super::RoleAssignmentChange;
use crate::access::{self, Target};
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, Action, Profile, RbacRole, SubId, MAX_ROLE_ASSIGNMENTS, MAX_ROLE_ASSIGNMENTS_TODAY,
};
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
    let role = match common::profile(v) {
        Profile::Classic => common::parse("RBAC role", &op.role)?,
        Profile::Current => RbacRole::named(&op.role).ok_or_else(|| ErrorKind::UnknownRole {
            role: op.role.clone(),
        })?,
    };
    let rg = resource_group(v, sub, op)?;
    if let Some(rg) = rg {
        names::check_resource_group(rg).map_err(|r| invalid("resource group", rg, r))?;
    }
    let dir = v.sub_directory(sub);
    common::clouds_in_service(v, [dir])?;
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
        let limit = match common::profile(v) {
            Profile::Classic => MAX_ROLE_ASSIGNMENTS,
            Profile::Current => MAX_ROLE_ASSIGNMENTS_TODAY,
        };
        if v.assignment_count(sub) >= limit {
            return Err(ErrorKind::RoleAssignmentLimit {
                subscription: common::sub_name(v, sub),
                limit,
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

/// The resource group the assignment is at, if any: `resource_group`, or
/// `scope` as an ARM path of this subscription (not both).
fn resource_group<'a>(
    v: &impl Facts,
    sub: SubId,
    op: &'a RoleAssignmentChange,
) -> Checked<Option<&'a str>> {
    let Some(scope) = op.scope.as_deref() else {
        return Ok(op.resource_group.as_deref());
    };
    if op.resource_group.is_some() {
        return Err(invalid(
            "scope",
            scope,
            "give either a resource group or a scope, not both".into(),
        ));
    }
    let not_here = || {
        invalid(
            "scope",
            scope,
            format!(
                "not /subscriptions/{} or one of its resource groups",
                common::sub_name(v, sub)
            ),
        )
    };
    let mut parts = scope.strip_prefix('/').ok_or_else(not_here)?.split('/');
    match (parts.next(), parts.next()) {
        (Some(subscriptions), Some(id))
            if subscriptions.eq_ignore_ascii_case("subscriptions")
                && v.find_subscription(id) == Some(sub) => {}
        _ => return Err(not_here()),
    }
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => Ok(None),
        (Some(groups), Some(rg), None) if groups.eq_ignore_ascii_case("resourceGroups") => {
            Ok(Some(rg))
        }
        _ => Err(not_here()),
    }
}

/// `NOT_AUTHORIZED` unless the actor may assign (or remove) roles at the
/// subscription or at this resource group.
fn authorize(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    scope_key: Option<u32>,
    assign: bool,
) -> Checked<()> {
    let allowed = match common::profile(v) {
        Profile::Classic => {
            let grants_at = |key: u32| {
                [RbacRole::Owner, RbacRole::UserAccessAdministrator]
                    .into_iter()
                    .any(|role| v.holds(sub, actor, role, key))
            };
            common::is_classic_admin(v, actor, sub)
                || grants_at(0)
                || scope_key.is_some_and(|k| k != 0 && grants_at(k))
        }
        Profile::Current => {
            let action = if assign {
                Action::AssignRoles
            } else {
                Action::RemoveAssignments
            };
            access::allows(v, actor, Target::Subscription { sub, scope_key }, action)
        }
    };
    if allowed {
        return Ok(());
    }
    let verb = if assign {
        "assign roles on subscription"
    } else {
        "remove role assignments of subscription"
    };
    let needs = match (common::profile(v), assign) {
        (Profile::Classic, _) => "the service administrator, a co-administrator, or an Owner or User Access Administrator at that scope",
        (Profile::Current, true) => "Microsoft.Authorization/roleAssignments/write at that scope or above (Owner, User Access Administrator, Role Based Access Control Administrator)",
        (Profile::Current, false) => "Microsoft.Authorization/roleAssignments/delete at that scope or above (Owner, User Access Administrator, Role Based Access Control Administrator)",
    };
    Err(not_authorized(
        v,
        actor,
        verb,
        common::sub_name(v, sub),
        needs,
    ))
}

/// Owner at the subscription's scope for `principal`, assigned by `actor`:
/// R8's step of a composite (R10), checked against `v`.
pub(super) fn assign_owner(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    principal: AccId,
) -> Checked<Vec<Change>> {
    let dir = v.sub_directory(sub);
    common::account_in_cloud_of(v, principal, dir)?;
    authorize(v, actor, sub, Some(0), true)?;
    if !v.is_user(principal, dir) {
        return Err(ErrorKind::NotAUserOfDirectory {
            account: common::acc_name(v, principal),
            directory: common::dir_name(v, dir),
        });
    }
    if v.holds(sub, principal, RbacRole::Owner, 0) {
        return Err(ErrorKind::AlreadyAssigned {
            what: format!(
                "{} for {} on subscription {} at subscription",
                RbacRole::Owner,
                common::acc_name(v, principal),
                common::sub_name(v, sub)
            ),
        });
    }
    if v.assignment_count(sub) >= MAX_ROLE_ASSIGNMENTS_TODAY {
        return Err(ErrorKind::RoleAssignmentLimit {
            subscription: common::sub_name(v, sub),
            limit: MAX_ROLE_ASSIGNMENTS_TODAY,
        });
    }
    Ok(vec![Change::AddAssignment {
        sub,
        principal,
        role: RbacRole::Owner,
        resource_group: None,
    }])
}

//! R8: assign or remove an RBAC role at a scope: a subscription, one of its
//! resource groups or resources, or (by `scope`) a management group or a
//! directory's root `/`. The principal is a user, group or service
//! principal of the scope's directory, or a foreign group of another.
//!
//! Who may: whoever holds `Microsoft.Authorization/roleAssignments/write`
//! (`…/delete` to remove) at the scope or above, by any of its grants, as
//! the permission evaluator finds them ([`crate::access`]): Owner, User
//! Access Administrator, Role Based Access Control Administrator, a custom
//! role with it, an elevated Global Administrator. The classic rules also
//! let the service administrator and co-administrators.
//!
//! The roles: a built-in role, or a custom role of the directory assignable
//! at the scope (its assignable scopes include the scope or one above it).

use super::common::{self, invalid, Checked, Target};
use super::RoleAssignmentChange;
use crate::access::{self, Wanted};
use crate::change::{Change, NewScope};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, Action, At, Name, Principal, Profile, RbacRole, RoleRef, ScopeRef, SubId,
    MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS, MAX_ROLE_ASSIGNMENTS, MAX_ROLE_ASSIGNMENTS_TODAY,
};
use crate::names;

/// `assign_role` (`assign`) or `remove_role`.
pub(super) fn check(
    v: &impl Facts,
    op: &RoleAssignmentChange,
    assign: bool,
) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let target = target(v, op)?;
    let principal = common::principal(v, &op.principal)?;
    let role = assignable_role(v, &op.role, &target)?;
    if let Some(condition) = op.condition.as_deref().filter(|_| assign) {
        check_condition(condition)?;
    }
    let dir = target.directory;
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    if let Principal::User(acc) = principal {
        common::account_in_cloud_of(v, acc, dir)?;
    }
    authorize(v, actor, &target, assign)?;
    let held = target.at.is_some_and(|at| v.holds(principal, at, role));
    let what = || {
        format!(
            "{} for {} at {}",
            v.state().role_name(role),
            common::principal_name(v, principal),
            scope_name(v, &target)
        )
    };
    if assign {
        common::principal_of(v, principal, dir)?;
        if held {
            return Err(ErrorKind::AlreadyAssigned { what: what() });
        }
        room_for_assignment(v, &target)?;
        return Ok(vec![Change::AddAssignment {
            scope: target.new,
            principal,
            role,
            condition: op.condition.as_deref().map(Name::from),
        }]);
    }
    match target
        .at
        .filter(|_| held)
        .and_then(|at| existing(v, at, principal, role))
    {
        Some(scope) => Ok(vec![Change::RemoveAssignment {
            scope,
            principal,
            role,
        }]),
        None => Err(ErrorKind::NotAssigned { what: what() }),
    }
}

/// Where the assignment is: `scope` (an ARM path), or the subscription and
/// optionally one of its resource groups.
fn target(v: &impl Facts, op: &RoleAssignmentChange) -> Checked<Target> {
    let named_dir = common::optional_directory(v, op.directory.as_deref())?;
    let sub = op
        .subscription
        .as_deref()
        .map(|s| common::subscription(v, s))
        .transpose()?;
    let Some(path) = op.scope.as_deref() else {
        let Some(sub) = sub else {
            return Err(invalid(
                "subscription",
                "",
                "name the subscription, or give the scope as an ARM path".into(),
            ));
        };
        // An Office 365 subscription has no RBAC: nobody holds
        // roleAssignments/write there, so the actor is refused.
        let Some(rg) = op.resource_group.as_deref() else {
            return Ok(common::subscription_target(v, sub));
        };
        names::check_resource_group(rg).map_err(|r| invalid("resource group", rg, r))?;
        let path = format!(
            "/subscriptions/{}/resourceGroups/{rg}",
            common::sub_name(v, sub)
        );
        return common::scope(v, "scope", &path, None);
    };
    if op.resource_group.is_some() {
        return Err(invalid(
            "scope",
            path,
            "give either a resource group or a scope, not both".into(),
        ));
    }
    let hint = named_dir.or_else(|| sub.map(|s| v.sub_directory(s)));
    let target = common::scope(v, "scope", path, hint)?;
    if let (Some(named), Some(found)) = (sub, target.subscription) {
        if named != found {
            return Err(invalid(
                "scope",
                path,
                format!("not inside subscription {}", common::sub_name(v, named)),
            ));
        }
    }
    Ok(target)
}

/// The role, which a custom role must be assignable at the target
/// (`UNKNOWN_ROLE` otherwise: ARM finds no such role definition there).
fn assignable_role(v: &impl Facts, reference: &str, target: &Target) -> Checked<RoleRef> {
    let role = common::role(v, reference, target.directory)?;
    if let RoleRef::Custom(id) = role {
        let st = v.state();
        let assignable = st.custom_role(id).assignable_scopes.iter().any(|s| {
            let scope = st.at(*s);
            st.chain(target.nearest).any(|a| a == scope)
        });
        if !assignable {
            return Err(ErrorKind::UnknownRole {
                role: format!("{reference} (not assignable at {})", scope_name(v, target)),
            });
        }
    }
    Ok(role)
}

/// A condition is kept as text: non-empty, at most 8,000 characters.
fn check_condition(condition: &str) -> Checked<()> {
    if condition.trim().is_empty() || condition.len() > 8_000 {
        return Err(invalid(
            "condition",
            condition,
            "a condition is non-empty text of at most 8,000 characters".into(),
        ));
    }
    Ok(())
}

/// The scope as errors name it.
fn scope_name(v: &impl Facts, target: &Target) -> Name {
    let st = v.state();
    match &target.new {
        NewScope::Sub(sub, None) if st.profile == Profile::Classic => {
            format!("subscription {}", common::sub_name(v, *sub)).into()
        }
        NewScope::Sub(sub, Some(rg)) if st.profile == Profile::Classic && !rg.contains('/') => {
            format!(
                "resource group {rg} of subscription {}",
                common::sub_name(v, *sub)
            )
            .into()
        }
        NewScope::Sub(sub, path) => match path {
            None => format!("/subscriptions/{}", common::sub_name(v, *sub)).into(),
            Some(p) => format!(
                "/subscriptions/{}/resourceGroups/{p}",
                common::sub_name(v, *sub)
            )
            .into(),
        },
        NewScope::Dir(_, _) => st.at_path(target.nearest),
    }
}

/// The existing assignment's exact scope.
fn existing(v: &impl Facts, at: At, principal: Principal, role: RoleRef) -> Option<ScopeRef> {
    match at {
        At::Root(dir) => Some(ScopeRef::Root(dir)),
        At::Group(mg) => Some(ScopeRef::Group(mg)),
        At::Sub(sub, key) => {
            let rgs = &v.state().rgs;
            v.assignments(sub)
                .iter()
                .find(|a| {
                    a.principal.entity() == principal.entity()
                        && a.role == role
                        && rgs.key(a.scope) == key
                })
                .map(|a| ScopeRef::Sub(sub, a.scope))
        }
    }
}

/// `ROLE_ASSIGNMENT_LIMIT` if the subscription or management group is full.
fn room_for_assignment(v: &impl Facts, target: &Target) -> Checked<()> {
    let (count, limit, scope) = match (target.subscription, target.nearest) {
        (Some(sub), _) => (
            v.assignment_count(sub),
            match common::profile(v) {
                Profile::Classic => MAX_ROLE_ASSIGNMENTS,
                Profile::Current => MAX_ROLE_ASSIGNMENTS_TODAY,
            },
            format!("Subscription {}", common::sub_name(v, sub)),
        ),
        (None, At::Group(mg)) => (
            v.state().mg(mg).assignments.len(),
            MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS,
            format!("Management group {}", v.state().mg(mg).name),
        ),
        (None, _) => return Ok(()),
    };
    if count >= limit {
        return Err(ErrorKind::RoleAssignmentLimit {
            scope: scope.into(),
            limit,
        });
    }
    Ok(())
}

/// `NOT_AUTHORIZED` unless the actor may assign (or remove) roles at the
/// target.
fn authorize(v: &impl Facts, actor: Principal, target: &Target, assign: bool) -> Checked<()> {
    let action = if assign {
        Action::AssignRoles
    } else {
        Action::RemoveAssignments
    };
    let classic_admin = common::profile(v) == Profile::Classic
        && match (actor, target.subscription) {
            (Principal::User(acc), Some(sub)) => common::is_classic_admin(v, acc, sub),
            _ => false,
        };
    if classic_admin || access::allows(v, actor, target.nearest, Wanted::Known(action)) {
        return Ok(());
    }
    let verb = if assign {
        "assign roles at"
    } else {
        "remove role assignments at"
    };
    let needs = match (common::profile(v), assign) {
        (Profile::Classic, _) => "the service administrator, a co-administrator, or an Owner or User Access Administrator at that scope",
        (Profile::Current, true) => "Microsoft.Authorization/roleAssignments/write at that scope or above (Owner, User Access Administrator, Role Based Access Control Administrator)",
        (Profile::Current, false) => "Microsoft.Authorization/roleAssignments/delete at that scope or above (Owner, User Access Administrator, Role Based Access Control Administrator)",
    };
    Err(ErrorKind::NotAuthorized {
        actor: common::principal_name(v, actor),
        action: verb,
        target: scope_name(v, target),
        needs,
    })
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
    let target = common::subscription_target(v, sub);
    common::account_in_cloud_of(v, principal, dir)?;
    authorize(v, Principal::User(actor), &target, true)?;
    let principal = Principal::User(principal);
    common::principal_of(v, principal, dir)?;
    let owner = RoleRef::Builtin(RbacRole::Owner);
    if v.holds(principal, At::Sub(sub, 0), owner) {
        return Err(ErrorKind::AlreadyAssigned {
            what: format!(
                "{} for {} at {}",
                RbacRole::Owner.role_name(),
                common::principal_name(v, principal),
                scope_name(v, &target)
            ),
        });
    }
    room_for_assignment(v, &target)?;
    Ok(vec![Change::AddAssignment {
        scope: NewScope::sub(sub),
        principal,
        role: owner,
        condition: None,
    }])
}

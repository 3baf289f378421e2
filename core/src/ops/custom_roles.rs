//! N6: custom role definitions (custom-roles.md). Whoever holds
//! `Microsoft.Authorization/roleDefinitions/write` at every assignable
//! scope may create one (Owner, User Access Administrator); deleting needs
//! the same at its scopes, and no assignment may still use it
//! (`ROLE_IN_USE`). Names are unique in the directory; a directory holds at
//! most 5,000 (`CUSTOM_ROLE_LIMIT`). Actions are ARM patterns with at most
//! one wildcard each; assignable scopes are management groups (at most
//! one), subscriptions and resource groups of the directory, never `/`.

use super::common::{self, invalid, Checked};
use super::{CreateCustomRole, DeleteCustomRole};
use crate::access::{self, Wanted};
use crate::change::{Change, NewRole, NewScope};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{Action, At, DirId, DirScope, Name, Principal, RoleDefId, MAX_CUSTOM_ROLES};

/// `create_custom_role`.
pub(super) fn create(v: &impl Facts, op: &CreateCustomRole) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    common::display_name("role name", &op.name)?;
    if op.actions.is_empty() {
        return Err(invalid(
            "actions",
            "",
            "a custom role needs at least one action".into(),
        ));
    }
    for pattern in op.actions.iter().chain(&op.not_actions) {
        check_pattern(pattern)?;
    }
    if op.assignable_scopes.is_empty() {
        return Err(invalid(
            "assignable_scopes",
            "",
            "a custom role needs at least one assignable scope".into(),
        ));
    }
    let mut targets = Vec::with_capacity(op.assignable_scopes.len());
    for path in &op.assignable_scopes {
        let target = common::scope(v, "assignable scope", path, Some(dir))?;
        if target.directory != dir {
            return Err(invalid(
                "assignable scope",
                path,
                format!("not a scope of {}", common::dir_name(v, dir)),
            ));
        }
        if matches!(target.new, NewScope::Dir(_, DirScope::Root)) {
            return Err(invalid(
                "assignable scope",
                path,
                "a custom role cannot be assignable at the root (/)".into(),
            ));
        }
        targets.push(target);
    }
    let groups = targets
        .iter()
        .filter(|t| matches!(t.new, NewScope::Dir(_, DirScope::Group(_))))
        .count();
    if groups > 1 {
        return Err(invalid(
            "assignable_scopes",
            &op.assignable_scopes.join(", "),
            "a custom role may name at most one management group".into(),
        ));
    }
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    for t in &targets {
        may_write_roles(v, actor, t.nearest, "create custom roles at")?;
    }
    let st = v.state();
    if st.find_custom_role(dir, &op.name).is_some() {
        return Err(invalid(
            "role name",
            &op.name,
            format!(
                "{} already has a custom role of that name",
                common::dir_name(v, dir)
            ),
        ));
    }
    if st.dir(dir).custom_roles.len() >= MAX_CUSTOM_ROLES {
        return Err(ErrorKind::CustomRoleLimit {
            directory: common::dir_name(v, dir),
            limit: MAX_CUSTOM_ROLES,
        });
    }
    let names = |list: &[String]| list.iter().map(|a| Name::from(a.as_str())).collect();
    Ok(vec![Change::CreateCustomRole(Box::new(NewRole {
        id: RoleDefId::at(st.custom_roles.len()),
        name: op.name.as_str().into(),
        directory: dir,
        actions: names(&op.actions),
        not_actions: names(&op.not_actions),
        assignable_scopes: targets.into_iter().map(|t| t.new).collect(),
    }))])
}

/// An action pattern: `{Company}.{Provider}/{type}/{action}` or `*`-led,
/// printable, no spaces, at most one `*` (custom-roles.md).
fn check_pattern(pattern: &str) -> Checked<()> {
    let stars = pattern.matches('*').count();
    let ok = !pattern.is_empty()
        && pattern.len() <= 512
        && pattern.bytes().all(|b| b.is_ascii_graphic())
        && stars <= 1
        && (pattern == "*" || pattern.contains('/'));
    if !ok {
        return Err(invalid(
            "action",
            pattern,
            "an action is {Provider}/{type}/{operation} with at most one '*'".into(),
        ));
    }
    Ok(())
}

/// `NOT_AUTHORIZED` unless the actor holds roleDefinitions/write at `at`
/// (or is a classic administrator of the subscription `at` lies in).
fn may_write_roles(v: &impl Facts, actor: Principal, at: At, action: &'static str) -> Checked<()> {
    if access::allows(v, actor, at, Wanted::Known(Action::WriteRoleDefinitions)) {
        return Ok(());
    }
    // A classic administrator has full access to its subscription, and
    // so to the scopes inside it.
    if let (At::Sub(sub, _), Principal::User(acc)) = (at, actor) {
        if common::is_classic_admin(v, acc, sub) {
            return Ok(());
        }
    }
    Err(ErrorKind::NotAuthorized {
        actor: common::principal_name(v, actor),
        action,
        target: v.state().at_path(at),
        needs: "Microsoft.Authorization/roleDefinitions/write at every assignable scope (Owner, User Access Administrator)",
    })
}

/// `delete_custom_role`.
pub(super) fn delete(v: &impl Facts, op: &DeleteCustomRole) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let role = find(v, dir, &op.name)?;
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    let st = v.state();
    let r = st.custom_role(role);
    for scope in &r.assignable_scopes {
        may_write_roles(v, actor, st.at(*scope), "delete custom roles at")?;
    }
    if r.in_use > 0 {
        return Err(ErrorKind::RoleInUse {
            role: r.name.clone(),
            count: r.in_use,
        });
    }
    Ok(vec![Change::DeleteCustomRole { role }])
}

/// A live custom role of the directory (`UNKNOWN_ROLE`).
fn find(v: &impl Facts, dir: DirId, name: &str) -> Checked<RoleDefId> {
    match v.state().find_custom_role(dir, name) {
        Some(id) => Ok(id),
        None => Err(ErrorKind::UnknownRole {
            role: name.to_owned(),
        }),
    }
}

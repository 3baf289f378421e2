//! N5: groups, service principals and managed identities (DESIGN §5).
//!
//! Groups are created and their members managed by a Global, User or
//! Groups Administrator of the directory; a role-assignable group (one that
//! may hold directory roles) only by a Global or Privileged Role
//! Administrator, and it cannot have groups as members (Entra ID's rules
//! for role-assignable groups). Members are users, groups and service
//! principals of the group's directory; a group may not end up inside
//! itself (`GROUP_CYCLE`).
//!
//! A service principal (an application's identity) is created by a Global
//! Administrator. A managed identity is created in a subscription by whoever
//! may write role assignments there (R8's writers) or may write the
//! identity itself (`Microsoft.ManagedIdentity/userAssignedIdentities/write`,
//! or the resource's own `write` for a system-assigned one, as Contributor
//! may).

use super::common::{self, invalid, not_authorized, Checked};
use super::{CreateGroup, CreateManagedIdentity, CreateServicePrincipal, GroupMemberChange};
use crate::access::{self, Wanted};
use crate::change::{Change, NewGroup, NewServicePrincipal};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, Action, At, DirId, DirectoryRole, GroupId, Name, Principal, ServicePrincipalKind, SpId,
};
use crate::state::ScopePath;

const GROUP_ADMINS: &str = "a Global, User or Groups Administrator of the directory";
const ROLE_GROUP_ADMINS: &str =
    "a Global or Privileged Role Administrator of the directory (for a role-assignable group)";

/// Whether the actor may manage groups of `dir` (role-assignable ones if
/// `privileged`).
fn manages_groups(v: &impl Facts, actor: AccId, dir: DirId, privileged: bool) -> bool {
    let has = |r| v.has_role(actor, dir, r);
    if privileged {
        has(DirectoryRole::GlobalAdministrator) || has(DirectoryRole::PrivilegedRoleAdministrator)
    } else {
        has(DirectoryRole::GlobalAdministrator)
            || has(DirectoryRole::UserAdministrator)
            || has(DirectoryRole::GroupsAdministrator)
    }
}

/// `create_group`.
pub(super) fn create_group(v: &impl Facts, op: &CreateGroup) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    common::display_name("group name", &op.name)?;
    check_principal_name("group name", &op.name)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    let role_assignable = op.role_assignable.unwrap_or(false);
    if !manages_groups(v, actor, dir, role_assignable) {
        let needs = if role_assignable {
            ROLE_GROUP_ADMINS
        } else {
            GROUP_ADMINS
        };
        return Err(not_authorized(
            v,
            actor,
            "create groups in",
            common::dir_name(v, dir),
            needs,
        ));
    }
    Ok(vec![Change::CreateGroup(Box::new(NewGroup {
        id: GroupId::at(v.state().groups.len()),
        name: op.name.as_str().into(),
        directory: dir,
        role_assignable,
        admin_agents_of: None,
    }))])
}

/// A display name a reference can carry: no `@` (the reference splits at
/// its last one) would be too strict for real tenants, so only control
/// characters and a trailing `@` are refused.
fn check_principal_name(field: &'static str, name: &str) -> Checked<()> {
    if name.ends_with('@') {
        return Err(invalid(field, name, "it cannot end with '@'".into()));
    }
    Ok(())
}

/// The group a reference names (`UNKNOWN_PRINCIPAL` if it is not a group).
fn group(v: &impl Facts, reference: &str) -> Checked<GroupId> {
    match common::principal(v, reference)? {
        Principal::Group(g) | Principal::ForeignGroup(g) => Ok(g),
        _ => Err(ErrorKind::UnknownPrincipal {
            principal: format!("{reference} (not a group)"),
        }),
    }
}

/// `add_group_member` (`add`) or `remove_group_member`.
pub(super) fn member(v: &impl Facts, op: &GroupMemberChange, add: bool) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let group = group(v, &op.group)?;
    let member = common::principal(v, &op.member)?.entity();
    let st = v.state();
    let g = st.group(group);
    let dir = g.directory;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    if !manages_groups(v, actor, dir, g.role_assignable) {
        let needs = if g.role_assignable {
            ROLE_GROUP_ADMINS
        } else {
            GROUP_ADMINS
        };
        return Err(not_authorized(
            v,
            actor,
            "manage the members of",
            common::principal_name(v, Principal::Group(group)),
            needs,
        ));
    }
    let is_member = g.members.iter().any(|m| m.entity() == member);
    let what = || {
        format!(
            "{} as a member of {}",
            common::principal_name(v, member),
            common::principal_name(v, Principal::Group(group))
        )
    };
    if !add {
        if !is_member {
            return Err(ErrorKind::NotAssigned { what: what() });
        }
        return Ok(vec![Change::RemoveGroupMember { group, member }]);
    }
    common::principal_of(v, member, dir)?;
    if let Principal::Group(inner) = member {
        if g.role_assignable {
            return Err(invalid(
                "member",
                &op.member,
                "a role-assignable group cannot have groups as members".into(),
            ));
        }
        if st.is_within(group, inner) {
            return Err(ErrorKind::GroupCycle {
                group: common::principal_name(v, Principal::Group(group)),
                member: common::principal_name(v, member),
            });
        }
    }
    if is_member {
        return Err(ErrorKind::AlreadyAssigned { what: what() });
    }
    Ok(vec![Change::AddGroupMember { group, member }])
}

/// `create_service_principal`.
pub(super) fn create_service_principal(
    v: &impl Facts,
    op: &CreateServicePrincipal,
) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    common::display_name("application name", &op.name)?;
    check_principal_name("application name", &op.name)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    if !common::is_global_admin(v, actor, dir) {
        return Err(not_authorized(
            v,
            actor,
            "create service principals in",
            common::dir_name(v, dir),
            "a Global Administrator of the directory",
        ));
    }
    Ok(vec![Change::CreateServicePrincipal(Box::new(
        NewServicePrincipal {
            id: SpId::at(v.state().sps.len()),
            name: op.name.as_str().into(),
            directory: dir,
            kind: ServicePrincipalKind::Application,
            resource: None,
            subscription: None,
        },
    ))])
}

/// `create_managed_identity`: system-assigned to `resource` (a resource id
/// inside the subscription, at most one per resource), or user-assigned,
/// a resource of its own in `resource_group` (Azure keeps user-assigned
/// identities in resource groups, so one is required).
pub(super) fn create_managed_identity(
    v: &impl Facts,
    op: &CreateManagedIdentity,
) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    common::display_name("identity name", &op.name)?;
    check_principal_name("identity name", &op.name)?;
    if v.state().sub(sub).azure().is_none() {
        return Err(invalid(
            "subscription",
            &op.subscription,
            "an Office 365 subscription holds no Azure resources".into(),
        ));
    }
    let key = &common::sub_name(v, sub);
    let (kind, resource, write) = match (&op.resource, &op.resource_group) {
        (Some(_), Some(rg)) => {
            return Err(invalid(
                "resource_group",
                rg,
                "a system-assigned identity belongs to its resource; give the resource only".into(),
            ))
        }
        (Some(resource), None) => {
            let inside = match ScopePath::parse(resource) {
                Ok(ScopePath::Sub(id, Some(path))) if path.contains('/') => {
                    v.find_subscription(id) == Some(sub)
                }
                _ => false,
            };
            if !inside {
                return Err(invalid(
                    "resource",
                    resource,
                    format!("not the id of a resource in subscription {key}"),
                ));
            }
            let kind_of = resource
                .split("/providers/")
                .nth(1)
                .and_then(|p| {
                    let mut parts = p.split('/');
                    Some(format!("{}/{}/write", parts.next()?, parts.next()?))
                })
                .unwrap_or_default();
            (
                ServicePrincipalKind::ManagedIdentitySystem,
                resource.clone(),
                kind_of,
            )
        }
        (None, None) => {
            return Err(invalid(
                "resource_group",
                "",
                "a user-assigned identity is a resource of a resource group: name one, or give the resource of a system-assigned identity".into(),
            ))
        }
        (None, Some(rg)) => {
            crate::names::check_resource_group(rg).map_err(|r| invalid("resource group", rg, r))?;
            let id = format!(
                "/subscriptions/{key}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}",
                op.name
            );
            (
                ServicePrincipalKind::ManagedIdentityUser,
                id,
                "Microsoft.ManagedIdentity/userAssignedIdentities/write".to_owned(),
            )
        }
    };
    let dir = v.sub_directory(sub);
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    let at = where_written(v, sub, &resource);
    // A classic administrator has full access to the subscription.
    let allowed = matches!(actor, Principal::User(acc) if common::is_classic_admin(v, acc, sub))
        || access::allows(v, actor, at, Wanted::Known(Action::AssignRoles))
        || access::allows(v, actor, at, Wanted::Named(&write));
    if !allowed {
        return Err(ErrorKind::NotAuthorized {
            actor: common::principal_name(v, actor),
            action: "create managed identities in",
            target: common::sub_name(v, sub),
            needs: "Microsoft.Authorization/roleAssignments/write or the identity's write permission there (Owner, Contributor, Role Based Access Control Administrator)",
        });
    }
    let st = v.state();
    let taken = st.sps.iter().any(|s| {
        s.subscription == Some(sub)
            && s.kind == kind
            && s.resource
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(&resource))
    });
    if taken {
        return Err(ErrorKind::AlreadyAssigned {
            what: format!("A managed identity {resource}"),
        });
    }
    Ok(vec![Change::CreateServicePrincipal(Box::new(
        NewServicePrincipal {
            id: SpId::at(st.sps.len()),
            name: op.name.as_str().into(),
            directory: dir,
            kind,
            resource: Some(Name::from(resource)),
            subscription: Some(sub),
        },
    ))])
}

/// The nearest scope assignments can be at, for a resource id inside a
/// subscription: the resource, its resource group, or the subscription.
pub(super) fn where_written(v: &impl Facts, sub: crate::model::SubId, resource: &str) -> At {
    let st = v.state();
    let below = resource
        .split_once("/resourceGroups/")
        .or_else(|| resource.split_once("/resourcegroups/"))
        .map(|(_, rest)| rest);
    let Some(below) = below else {
        return At::Sub(sub, 0);
    };
    if let Some(k) = st.rgs.key_of_name(below) {
        return At::Sub(sub, k);
    }
    let rg = below.split('/').next().unwrap_or_default();
    At::Sub(sub, st.rgs.key_of_name(rg).unwrap_or(0))
}

//! R2: a directory's administrators add users and verified domains and
//! assign or remove directory roles.

use super::common::{self, invalid, not_authorized, Checked};
use super::{AddUser, AddVerifiedDomain, DirectoryRoleChange};
use crate::change::{Change, NewAccount};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, DirectoryRole, Principal, Profile, UserKind};
use crate::names;

const GLOBAL_ADMIN: &str = "a Global Administrator of the directory";

/// `add_verified_domain`: only a Global Administrator; a domain belongs to
/// one directory (I7); `*.onmicrosoft.com` domains are initial domains and
/// cannot be verified.
pub(super) fn add_verified_domain(v: &impl Facts, op: &AddVerifiedDomain) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    names::check_domain(&op.domain).map_err(|r| invalid("domain", &op.domain, r))?;
    if names::initial_prefix(&op.domain).is_some() {
        return Err(invalid(
            "domain",
            &op.domain,
            "onmicrosoft.com domains are initial domains, created with their directory".into(),
        ));
    }
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    if !common::is_global_admin(v, actor, dir) {
        return Err(not_authorized(
            v,
            actor,
            "add a domain to",
            common::dir_name(v, dir),
            GLOBAL_ADMIN,
        ));
    }
    if v.state().domain_owner(&op.domain).is_some() {
        return Err(ErrorKind::DomainTaken {
            domain: op.domain.clone(),
        });
    }
    Ok(vec![Change::AddDomain {
        dir,
        domain: op.domain.as_str().into(),
    }])
}

/// `add_user`: a Global or User Administrator adds a member work account;
/// only a Global Administrator may grant Global or Billing Administrator.
pub(super) fn add_user(v: &impl Facts, op: &AddUser) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let directory = v.state().dir(dir);
    let upn = match op.user.contains('@') {
        true => {
            let (local, domain) = names::split_address(&op.user)
                .map_err(|r| invalid("user principal name", &op.user, r))?;
            if !directory.has_domain(domain) {
                let reason = format!("{domain} is not a domain of {}", directory.initial_domain);
                return Err(invalid("user principal name", &op.user, reason));
            }
            names::address(local, domain)
        }
        false => {
            names::check_local_part(&op.user).map_err(|r| invalid("user name", &op.user, r))?;
            names::address(&op.user, &directory.initial_domain)
        }
    };
    common::optional_display_name("display name", op.name.as_deref())?;
    let role = op
        .role
        .as_deref()
        .map(|r| common::parse::<DirectoryRole>("directory role", r))
        .transpose()?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;

    let global = v.has_role(actor, dir, DirectoryRole::GlobalAdministrator);
    if !global && !v.has_role(actor, dir, DirectoryRole::UserAdministrator) {
        return Err(not_authorized(
            v,
            actor,
            "add users to",
            directory.initial_domain.clone(),
            "a Global or User Administrator of the directory",
        ));
    }
    if let Some(r @ (DirectoryRole::GlobalAdministrator | DirectoryRole::BillingAdministrator)) =
        role
    {
        if !global {
            let action = match r {
                DirectoryRole::GlobalAdministrator => "grant Global Administrator in",
                _ => "grant Billing Administrator in",
            };
            return Err(not_authorized(
                v,
                actor,
                action,
                directory.initial_domain.clone(),
                GLOBAL_ADMIN,
            ));
        }
    }
    if v.state().find_work(&upn).is_some() {
        return Err(ErrorKind::UserExists { account: upn });
    }
    let acc = AccId::at(v.state().accounts.len());
    let mut changes = vec![
        Change::CreateAccount(Box::new(NewAccount {
            id: acc,
            reference: upn.into(),
            name: op.name.as_deref().map(Into::into),
            home: Some(dir),
        })),
        Change::AddUser {
            dir,
            acc,
            kind: UserKind::Member,
        },
    ];
    if let Some(role) = role {
        changes.push(Change::AssignDirectoryRole {
            dir,
            holder: Principal::User(acc),
            role,
        });
    }
    Ok(changes)
}

/// `assign_directory_role` / `remove_directory_role`: a Global
/// Administrator, or under the current rules a Privileged Role
/// Administrator too; the holder is a user of the directory or (its roles
/// reaching its members) a role-assignable group of it; the last Global
/// Administrator keeps the role (I8).
pub(super) fn change_role(
    v: &impl Facts,
    op: &DirectoryRoleChange,
    assign: bool,
) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let holder = common::principal(v, &op.account)?;
    let role: DirectoryRole = common::parse("directory role", &op.role)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    let privileged = common::profile(v) == Profile::Current
        && v.has_role(actor, dir, DirectoryRole::PrivilegedRoleAdministrator);
    if !common::is_global_admin(v, actor, dir) && !privileged {
        let action = if assign {
            "assign directory roles in"
        } else {
            "remove directory roles in"
        };
        let needs = match common::profile(v) {
            Profile::Classic => GLOBAL_ADMIN,
            Profile::Current => {
                "a Global Administrator or Privileged Role Administrator of the directory"
            }
        };
        return Err(not_authorized(
            v,
            actor,
            action,
            common::dir_name(v, dir),
            needs,
        ));
    }
    let roles = match holder {
        Principal::User(acc) => match v.membership(acc, dir) {
            Some((_, roles)) => roles,
            None => {
                return Err(ErrorKind::NotAUserOfDirectory {
                    account: common::acc_name(v, acc),
                    directory: common::dir_name(v, dir),
                })
            }
        },
        Principal::Group(g) => {
            let group = v.state().group(g);
            if group.directory != dir {
                return Err(ErrorKind::NotAUserOfDirectory {
                    account: common::principal_name(v, holder),
                    directory: common::dir_name(v, dir),
                });
            }
            if !group.role_assignable {
                return Err(ErrorKind::GroupNotRoleAssignable {
                    group: common::principal_name(v, holder),
                });
            }
            group.roles
        }
        Principal::ForeignGroup(_) | Principal::App(_) => {
            return Err(invalid(
                "account",
                &op.account,
                "directory roles are held by users and role-assignable groups".into(),
            ))
        }
    };
    let what = || {
        format!(
            "{} for {} in {}",
            role.display_name(),
            common::principal_name(v, holder),
            common::dir_name(v, dir)
        )
    };
    if assign {
        if roles.contains(role) {
            return Err(ErrorKind::AlreadyAssigned { what: what() });
        }
        return Ok(vec![Change::AssignDirectoryRole { dir, holder, role }]);
    }
    if !roles.contains(role) {
        return Err(ErrorKind::NotAssigned { what: what() });
    }
    if let Principal::User(acc) = holder {
        if role == DirectoryRole::GlobalAdministrator && v.global_admin_count(dir) <= 1 {
            return Err(ErrorKind::LastGlobalAdmin {
                account: common::acc_name(v, acc),
                directory: common::dir_name(v, dir),
            });
        }
    }
    Ok(vec![Change::RemoveDirectoryRole { dir, holder, role }])
}

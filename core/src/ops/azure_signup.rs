//! R3: sign up for Azure (seed 001; seed 000 scenario 1; seed 002).
//!
//! Any account may; no admin role is needed. The subscription lands in the
//! directory of the account that creates it: a work account's home
//! directory; for a Microsoft account, a directory it names and is a user
//! of, else its default directory, created on its first sign-up as
//! "Default Directory" with the account as Global Administrator. The creator
//! becomes account administrator and service administrator — classic
//! access, not an RBAC assignment. Under the current rules it becomes
//! account administrator (a billing role) and Owner at the subscription's
//! scope, and there is no service administrator.

use super::common::{self, invalid, Checked};
use super::SignUpAzure;
use crate::change::{Change, NewDirectory, NewPlan, NewScope, NewSubscription};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, AccountKind, Cloud, DirId, DirectoryRole, Origin, Principal, Profile, RbacRole, RoleRef,
    SubId, UserKind,
};
use crate::names;

/// The display name of a Microsoft account's default directory.
pub(crate) const DEFAULT_DIRECTORY_NAME: &str = "Default Directory";

pub(super) fn check(v: &impl Facts, op: &SignUpAzure) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let named = common::optional_directory(v, op.directory.as_deref())?;
    let offer = names::canonical_offer(&op.offer).map_err(|r| invalid("offer", &op.offer, r))?;
    common::optional_display_name("subscription name", op.name.as_deref())?;
    let kind = v.state().account(actor).kind;
    common::clouds_in_service(v, named.into_iter().chain(kind.home()))?;
    if let Some(dir) = named {
        common::account_in_cloud_of(v, actor, dir)?;
    }
    if let (AccountKind::Work { home }, Some(dir)) = (kind, named) {
        if dir != home {
            return Err(ErrorKind::HomeDirectoryOnly {
                actor: common::acc_name(v, actor),
                home: common::dir_name(v, home),
            });
        }
    }
    if names::is_enterprise_agreement(&offer) {
        return Err(ErrorKind::EnterpriseAgreementNotSupported { offer });
    }
    let mut changes = Vec::new();
    let dir = match (kind, named) {
        (AccountKind::Work { home }, _) => home,
        (AccountKind::Microsoft { .. }, Some(dir)) => {
            if !v.is_user(actor, dir) {
                return Err(ErrorKind::NotAUserOfDirectory {
                    account: common::acc_name(v, actor),
                    directory: common::dir_name(v, dir),
                });
            }
            dir
        }
        (
            AccountKind::Microsoft {
                default_directory: Some(dir),
            },
            None,
        ) => dir,
        (
            AccountKind::Microsoft {
                default_directory: None,
            },
            None,
        ) => default_directory(v, actor, &mut changes)?,
    };
    let name = op
        .name
        .clone()
        .unwrap_or_else(|| names::default_subscription_name(&offer).to_owned());
    let sub = SubId::at(v.state().subs.len());
    let current = common::profile(v) == Profile::Current;
    changes.push(Change::CreateSubscription(Box::new(NewSubscription {
        id: sub,
        name: name.into(),
        directory: dir,
        plan: NewPlan::Azure {
            offer: offer.into(),
            account_admin: actor,
            // The classic rules make the creator service administrator;
            // today's make it Owner instead (classic-administrator-retire.md).
            service_admin: (!current).then_some(actor),
        },
    })));
    if current {
        changes.push(Change::AddAssignment {
            scope: NewScope::sub(sub),
            principal: Principal::User(actor),
            role: RoleRef::Builtin(RbacRole::Owner),
            condition: None,
        });
    }
    Ok(changes)
}

/// Creates a Microsoft account's default directory: `<local><domain
/// label>.onmicrosoft.com`, or with the smallest numeric suffix that is
/// free, with the account as an external user and Global Administrator.
fn default_directory(v: &impl Facts, actor: AccId, changes: &mut Vec<Change>) -> Checked<DirId> {
    common::room_for_directory(v, actor)?;
    let email = v.state().account(actor).sign_in_name().to_owned();
    let domain = free_default_domain(v, &email);
    let dir = DirId::at(v.state().dirs.len());
    changes.push(Change::CreateDirectory(Box::new(NewDirectory {
        id: dir,
        name: DEFAULT_DIRECTORY_NAME.into(),
        initial_domain: domain.into(),
        cloud: Cloud::Public,
        origin: Origin::AzureDefault,
        default_for: Some(actor),
    })));
    changes.push(Change::AddUser {
        dir,
        acc: actor,
        kind: UserKind::External,
    });
    changes.push(Change::AssignDirectoryRole {
        dir,
        holder: Principal::User(actor),
        role: DirectoryRole::GlobalAdministrator,
    });
    Ok(dir)
}

/// The first free initial domain for an e-mail's default directory. There
/// are fewer directories than suffixes, so the search ends.
fn free_default_domain(v: &impl Facts, email: &str) -> String {
    let taken = |domain: &str| v.state().domain_owner(domain).is_some();
    let first = names::initial_domain(&names::default_directory_prefix(email, 0));
    if !taken(&first) {
        return first;
    }
    let mut n: u64 = 1;
    loop {
        let suffix = n.to_string();
        let mut prefix = names::default_directory_prefix(email, suffix.len());
        prefix.push_str(&suffix);
        let domain = names::initial_domain(&prefix);
        if !taken(&domain) {
            return domain;
        }
        n += 1;
    }
}

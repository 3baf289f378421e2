//! What every operation's checks share: resolving references, naming
//! entities in errors, reading clouds and roles, and the steps composite
//! operations reuse.

use crate::change::{Change, NewPlan, NewScope, NewSubscription};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, At, Cloud, DirId, DirScope, DirectoryRole, Name, PartnerId, Principal, Profile,
    RbacRole, RoleRef, SubId, UserKind, MAX_DIRECTORIES_PER_ACCOUNT,
};
use crate::names;
use crate::state::{PrincipalRef, ScopePath, Unresolved};

pub(super) type Checked<T> = Result<T, ErrorKind>;

/// Resolves an account reference (`UNKNOWN_ACCOUNT`).
pub(super) fn account(v: &impl Facts, reference: &str) -> Checked<AccId> {
    v.find_account(reference)
        .ok_or_else(|| ErrorKind::UnknownAccount {
            account: reference.to_owned(),
        })
}

/// Resolves a directory reference (`UNKNOWN_DIRECTORY`).
pub(super) fn directory(v: &impl Facts, reference: &str) -> Checked<DirId> {
    v.find_directory(reference)
        .ok_or_else(|| ErrorKind::UnknownDirectory {
            directory: reference.to_owned(),
        })
}

/// Resolves a subscription id (`UNKNOWN_SUBSCRIPTION`).
pub(super) fn subscription(v: &impl Facts, reference: &str) -> Checked<SubId> {
    v.find_subscription(reference)
        .ok_or_else(|| ErrorKind::UnknownSubscription {
            subscription: reference.to_owned(),
        })
}

/// Resolves a Partner Center account by name (`UNKNOWN_PARTNER`).
pub(super) fn partner(v: &impl Facts, name: &str) -> Checked<PartnerId> {
    v.state()
        .find_partner(name)
        .ok_or_else(|| ErrorKind::UnknownPartner {
            partner: name.to_owned(),
        })
}

/// Resolves an optional directory reference.
pub(super) fn optional_directory(
    v: &impl Facts,
    reference: Option<&str>,
) -> Checked<Option<DirId>> {
    reference.map(|r| directory(v, r)).transpose()
}

/// An `INVALID_NAME` error.
pub(super) fn invalid(field: &'static str, value: &str, reason: String) -> ErrorKind {
    ErrorKind::InvalidName {
        field,
        value: value.to_owned(),
        reason,
    }
}

/// Parses a FORMAT.md spelling (`INVALID_NAME` if it is not one).
pub(super) fn parse<T: std::str::FromStr<Err = String>>(
    field: &'static str,
    value: &str,
) -> Checked<T> {
    value
        .parse()
        .map_err(|reason| invalid(field, value, reason))
}

/// Parses an optional cloud (default `public`).
pub(super) fn cloud(value: Option<&str>) -> Checked<Cloud> {
    value.map_or(Ok(Cloud::Public), |c| parse("cloud", c))
}

/// Checks a display name.
pub(super) fn display_name(field: &'static str, value: &str) -> Checked<()> {
    names::check_display_name(field, value).map_err(|reason| invalid(field, value, reason))
}

/// Checks an optional display name.
pub(super) fn optional_display_name(field: &'static str, value: Option<&str>) -> Checked<()> {
    value.map_or(Ok(()), |v| display_name(field, v))
}

/// Checks a seat count: at least one, and no more than a `u32` holds.
pub(super) fn seats(value: Option<i64>) -> Checked<u32> {
    let Some(n) = value else {
        return Ok(DEFAULT_SEATS);
    };
    match u32::try_from(n) {
        Ok(seats) if seats >= 1 => Ok(seats),
        _ => Err(invalid(
            "seats",
            &n.to_string(),
            format!(
                "an Office 365 subscription has from 1 to {} seats",
                u32::MAX
            ),
        )),
    }
}

/// A new Office 365 subscription in `dir`, named for its plan.
pub(super) fn new_office365(v: &impl Facts, dir: DirId, plan: &str, seats: u32) -> Change {
    Change::CreateSubscription(Box::new(NewSubscription {
        id: SubId::at(v.state().subs.len()),
        name: plan.into(),
        directory: dir,
        plan: NewPlan::Office365 {
            plan: plan.into(),
            seats,
        },
    }))
}

/// Seats when none are given: the size of an Office 365 business trial.
pub(super) const DEFAULT_SEATS: u32 = 25;

pub(super) fn acc_name(v: &impl Facts, id: AccId) -> Name {
    v.state().account(id).reference.clone()
}

pub(super) fn dir_name(v: &impl Facts, id: DirId) -> Name {
    v.state().dir(id).initial_domain.clone()
}

pub(super) fn sub_name(v: &impl Facts, id: SubId) -> Name {
    v.state().sub(id).key.clone()
}

pub(super) fn dir_cloud(v: &impl Facts, id: DirId) -> Cloud {
    v.state()
        .dir_clouds
        .get(id.idx())
        .copied()
        .unwrap_or_default()
}

/// Microsoft accounts live in the public cloud; a work account in its home
/// directory's cloud.
pub(super) fn account_cloud(v: &impl Facts, id: AccId) -> Cloud {
    v.state().account(id).kind.cloud(|d| dir_cloud(v, d))
}

pub(super) fn is_microsoft(v: &impl Facts, id: AccId) -> bool {
    v.state().account(id).is_microsoft()
}

/// The rules the tenancy follows.
pub(super) fn profile(v: &impl Facts) -> Profile {
    v.state().profile
}

/// Under the current rules, `CLOUD_RETIRED` for any of these directories
/// in a retired cloud (Microsoft Cloud Germany closed on 2021-10-29):
/// checked right after the references.
pub(super) fn clouds_in_service(
    v: &impl Facts,
    dirs: impl IntoIterator<Item = DirId>,
) -> Checked<()> {
    if profile(v) == Profile::Classic {
        return Ok(());
    }
    for dir in dirs {
        cloud_in_service(dir_cloud(v, dir))?;
    }
    Ok(())
}

/// Under the current rules, `CLOUD_RETIRED` for a retired cloud.
pub(super) fn cloud_in_service(cloud: Cloud) -> Checked<()> {
    if cloud == Cloud::Germany {
        return Err(ErrorKind::CloudRetired {
            cloud: cloud.to_string(),
        });
    }
    Ok(())
}

/// `CROSS_CLOUD` unless both clouds are the same.
pub(super) fn same_cloud(what: impl FnOnce() -> String, from: Cloud, to: Cloud) -> Checked<()> {
    if from == to {
        return Ok(());
    }
    Err(ErrorKind::CrossCloud {
        what: what(),
        from: from.to_string(),
        to: to.to_string(),
    })
}

/// `CROSS_CLOUD` unless the account lives in the directory's cloud.
pub(super) fn account_in_cloud_of(v: &impl Facts, acc: AccId, dir: DirId) -> Checked<()> {
    same_cloud(
        || format!("Acting as {} in {}", acc_name(v, acc), dir_name(v, dir)),
        account_cloud(v, acc),
        dir_cloud(v, dir),
    )
}

/// `DIRECTORY_LIMIT` if the account cannot join one more directory (I9).
pub(super) fn room_for_directory(v: &impl Facts, acc: AccId) -> Checked<()> {
    if v.directory_count(acc) >= MAX_DIRECTORIES_PER_ACCOUNT {
        return Err(ErrorKind::DirectoryLimit {
            account: acc_name(v, acc),
            limit: MAX_DIRECTORIES_PER_ACCOUNT,
        });
    }
    Ok(())
}

/// The changes that make an account a user of a directory that must
/// already be checked not to have it; for a Microsoft account joining as an
/// external user, checks room first.
pub(super) fn join_as_external(
    v: &impl Facts,
    acc: AccId,
    dir: DirId,
    out: &mut Vec<Change>,
) -> Checked<()> {
    room_for_directory(v, acc)?;
    out.push(Change::AddUser {
        dir,
        acc,
        kind: UserKind::External,
    });
    Ok(())
}

/// For a classic role (R7, R9) the account must be a user of `dir`: a user
/// needs nothing; a Microsoft account not yet there will be invited as an
/// external user (returns `true`); anyone else is `NOT_A_USER_OF_DIRECTORY`.
pub(super) fn user_or_invitable(v: &impl Facts, acc: AccId, dir: DirId) -> Checked<bool> {
    if v.is_user(acc, dir) {
        return Ok(false);
    }
    if is_microsoft(v, acc) {
        return Ok(true);
    }
    Err(ErrorKind::NotAUserOfDirectory {
        account: acc_name(v, acc),
        directory: dir_name(v, dir),
    })
}

/// Whether the account is a Global Administrator of the directory.
pub(super) fn is_global_admin(v: &impl Facts, acc: AccId, dir: DirId) -> bool {
    v.has_role(acc, dir, DirectoryRole::GlobalAdministrator)
}

/// `NOT_GLOBAL_ADMIN_OF_TARGET` unless the account whose credentials are
/// given is a Global Administrator of the target directory.
pub(super) fn credentials_of_global_admin(v: &impl Facts, acc: AccId, dir: DirId) -> Checked<()> {
    if is_global_admin(v, acc, dir) {
        return Ok(());
    }
    Err(ErrorKind::NotGlobalAdminOfTarget {
        account: acc_name(v, acc),
        directory: dir_name(v, dir),
    })
}

/// `HOME_DIRECTORY_ONLY` unless the actor is a Microsoft account: only a
/// Microsoft account can work across directories (seed 002).
pub(super) fn microsoft_account_only(v: &impl Facts, actor: AccId) -> Checked<()> {
    let account = v.state().account(actor);
    match account.home() {
        None => Ok(()),
        Some(home) => Err(ErrorKind::HomeDirectoryOnly {
            actor: account.reference.clone(),
            home: dir_name(v, home),
        }),
    }
}

/// `REQUIRES_SERVICE_ADMIN` unless the actor is the service administrator
/// of an Azure subscription (an Office 365 subscription has none).
pub(super) fn service_admin_only(v: &impl Facts, actor: AccId, sub: SubId) -> Checked<()> {
    if v.service_admin(sub) == Some(actor) {
        return Ok(());
    }
    Err(ErrorKind::RequiresServiceAdmin {
        actor: acc_name(v, actor),
        subscription: sub_name(v, sub),
    })
}

/// `NOT_AUTHORIZED`, saying what the actor would need to be.
pub(super) fn not_authorized(
    v: &impl Facts,
    actor: AccId,
    action: &'static str,
    target: Name,
    needs: &'static str,
) -> ErrorKind {
    ErrorKind::NotAuthorized {
        actor: acc_name(v, actor),
        action,
        target,
        needs,
    }
}

/// `REQUIRES_GLOBAL_ADMIN` unless the actor is a Global Administrator of
/// the directory, assigned the role itself (not through a group).
pub(super) fn global_admin_only(v: &impl Facts, actor: AccId, dir: DirId) -> Checked<()> {
    if v.has_direct_role(actor, dir, DirectoryRole::GlobalAdministrator) {
        return Ok(());
    }
    Err(ErrorKind::RequiresGlobalAdmin {
        actor: acc_name(v, actor),
        directory: dir_name(v, dir),
    })
}

/// Whether the actor holds a classic administrator role (service
/// administrator or co-administrator) on an Azure subscription.
pub(super) fn is_classic_admin(v: &impl Facts, actor: AccId, sub: SubId) -> bool {
    v.service_admin(sub) == Some(actor) || v.is_co_admin(sub, actor)
}

/// Resolves a principal reference: an account (`UNKNOWN_ACCOUNT`), or a
/// group, foreign group, service principal or object id
/// (`UNKNOWN_PRINCIPAL`, `AMBIGUOUS_REFERENCE`).
pub(super) fn principal(v: &impl Facts, reference: &str) -> Checked<Principal> {
    if let PrincipalRef::Account(r) = PrincipalRef::parse(reference) {
        return account(v, r).map(Principal::User);
    }
    v.state()
        .find_principal(reference)
        .map_err(|why| match why {
            Unresolved::Unknown => ErrorKind::UnknownPrincipal {
                principal: reference.to_owned(),
            },
            Unresolved::Ambiguous => ErrorKind::AmbiguousReference {
                reference: reference.to_owned(),
                count: ambiguity(v, reference),
            },
        })
}

/// How many objects a display-name reference matches.
fn ambiguity(v: &impl Facts, reference: &str) -> usize {
    let st = v.state();
    match PrincipalRef::parse(reference) {
        PrincipalRef::Group(name, dir) | PrincipalRef::ForeignGroup(name, dir) => st
            .find_directory(dir)
            .map_or(0, |d| st.groups_named(d, name).len()),
        PrincipalRef::ServicePrincipal(name, dir) => st
            .find_directory(dir)
            .map_or(0, |d| st.sps_named(d, name).len()),
        _ => 0,
    }
}

/// How FORMAT.md writes a principal.
pub(super) fn principal_name(v: &impl Facts, p: Principal) -> Name {
    v.state()
        .principal_name(p)
        .unwrap_or_else(|| Name::from("*"))
}

/// `NOT_A_USER_OF_DIRECTORY` unless the principal belongs to `dir`: a
/// user of it, or a group or service principal of it; a foreign group
/// belongs to another directory.
pub(super) fn principal_of(v: &impl Facts, p: Principal, dir: DirId) -> Checked<()> {
    let belongs = match p {
        Principal::User(acc) => v.is_user(acc, dir),
        Principal::ForeignGroup(_) => v.state().principal_directory(p) != Some(dir),
        Principal::Group(_) | Principal::App(_) => v.state().principal_directory(p) == Some(dir),
    };
    if belongs {
        return Ok(());
    }
    Err(ErrorKind::NotAUserOfDirectory {
        account: principal_name(v, p),
        directory: dir_name(v, dir),
    })
}

/// A role definition of `dir` by reference: a built-in role as FORMAT.md
/// writes it; under the current rules also by ARM role name or id; a
/// custom role of the directory by name or id. Unknown: `INVALID_NAME`
/// under the classic rules (the seeds' five roles), `UNKNOWN_ROLE` today.
pub(super) fn role(v: &impl Facts, reference: &str, dir: DirId) -> Checked<RoleRef> {
    let builtin = match profile(v) {
        Profile::Classic => reference.parse::<RbacRole>().ok(),
        Profile::Current => RbacRole::named(reference),
    };
    if let Some(r) = builtin {
        return Ok(RoleRef::Builtin(r));
    }
    if let Some(id) = v.state().find_custom_role(dir, reference) {
        return Ok(RoleRef::Custom(id));
    }
    match profile(v) {
        Profile::Classic => parse::<RbacRole>("RBAC role", reference).map(RoleRef::Builtin),
        Profile::Current => Err(ErrorKind::UnknownRole {
            role: reference.to_owned(),
        }),
    }
}

/// A scope an operation names, resolved.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// The scope as a change names it.
    pub(super) new: NewScope,
    /// The scope as authorization compares it, if any assignment can be at
    /// it yet (a resource group or resource never named has none).
    pub(super) at: Option<At>,
    /// The nearest scope at or above it that assignments can be at: where
    /// what is inherited is read.
    pub(super) nearest: At,
    /// The directory it belongs to.
    pub(super) directory: DirId,
    /// The subscription it is in, if it is one or inside one.
    pub(super) subscription: Option<SubId>,
}

/// The subscription's own scope.
pub(super) fn subscription_target(v: &impl Facts, sub: SubId) -> Target {
    let at = At::Sub(sub, 0);
    Target {
        new: NewScope::sub(sub),
        at: Some(at),
        nearest: at,
        directory: v.sub_directory(sub),
        subscription: Some(sub),
    }
}

/// Resolves a scope written as an ARM path (`INVALID_NAME` if malformed,
/// `UNKNOWN_SUBSCRIPTION` or `UNKNOWN_MANAGEMENT_GROUP` if it names
/// nothing). `/` needs `directory`; a management group is looked up in
/// `directory` when given.
pub(super) fn scope(
    v: &impl Facts,
    field: &'static str,
    path: &str,
    directory: Option<DirId>,
) -> Checked<Target> {
    let parsed = ScopePath::parse(path).map_err(|r| invalid(field, path, r))?;
    match parsed {
        ScopePath::Root => {
            let dir = directory.ok_or_else(|| {
                invalid(field, path, "name the directory whose root this is".into())
            })?;
            let at = At::Root(dir);
            Ok(Target {
                new: NewScope::Dir(dir, DirScope::Root),
                at: Some(at),
                nearest: at,
                directory: dir,
                subscription: None,
            })
        }
        ScopePath::Group(name) => {
            let mg = v.state().find_mg(directory, name).ok_or_else(|| {
                ErrorKind::UnknownManagementGroup {
                    management_group: name.to_owned(),
                }
            })?;
            let at = At::Group(mg);
            Ok(Target {
                new: NewScope::Dir(v.state().mg(mg).directory, DirScope::Group(mg)),
                at: Some(at),
                nearest: at,
                directory: v.state().mg(mg).directory,
                subscription: None,
            })
        }
        ScopePath::Sub(id, below) => {
            let sub = subscription(v, id)?;
            let st = v.state();
            let at = st.sub_scope_key(below).map(|k| At::Sub(sub, k));
            // A resource never named inherits from its resource group, if
            // that was named, else from the subscription.
            let nearest = at.unwrap_or_else(|| {
                let rg = below.and_then(|b| b.split_once('/')).map(|(rg, _)| rg);
                At::Sub(sub, rg.and_then(|rg| st.rgs.key_of_name(rg)).unwrap_or(0))
            });
            Ok(Target {
                new: NewScope::Sub(sub, below.map(Name::from)),
                at,
                nearest,
                directory: v.sub_directory(sub),
                subscription: Some(sub),
            })
        }
    }
}

/// Resolves the signed-in principal: an account, or a service principal
/// (an application signing in with its own credentials). A group cannot
/// sign in (`INVALID_NAME`).
pub(super) fn actor(v: &impl Facts, reference: &str) -> Checked<Principal> {
    let p = principal(v, reference)?;
    if p.group().is_some() {
        return Err(invalid(
            "actor",
            reference,
            "a group cannot sign in; act as a user or service principal".into(),
        ));
    }
    Ok(p)
}

/// `CROSS_CLOUD` unless the signed-in principal lives in the directory's
/// cloud.
pub(super) fn actor_in_cloud_of(v: &impl Facts, actor: Principal, dir: DirId) -> Checked<()> {
    match actor {
        Principal::User(acc) => account_in_cloud_of(v, acc, dir),
        other => {
            let home = v.state().principal_directory(other).unwrap_or(dir);
            same_cloud(
                || {
                    format!(
                        "Acting as {} in {}",
                        principal_name(v, other),
                        dir_name(v, dir)
                    )
                },
                dir_cloud(v, home),
                dir_cloud(v, dir),
            )
        }
    }
}

//! What every operation's checks share: resolving references, naming
//! entities in errors, reading clouds and roles, and the steps composite
//! operations reuse.

use crate::change::{Change, NewPlan, NewSubscription};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, Cloud, DirId, DirectoryRole, Name, PartnerId, Profile, SubId, UserKind,
    MAX_DIRECTORIES_PER_ACCOUNT,
};
use crate::names;

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
    if is_global_admin(v, actor, dir) {
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

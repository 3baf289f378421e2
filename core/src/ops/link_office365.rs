//! R10: link an Office 365 tenant to an Azure subscription (seed 003).
//!
//! The service administrator, signed in with a Microsoft account and with
//! the credentials of a Global Administrator of the tenant: step 1 is R5
//! (skipped when the service administrator is already a user there), step 2
//! R6, step 3 R7 for each Office 365 account named. Before anything, the
//! service administrator's e-mail address must not be used by a work
//! account: not by a Global Administrator of the tenant, not by any account
//! of the tenant, and not anywhere (the address would be ambiguous).
//!
//! Under the current rules the classic roles and portal are gone: the
//! tenant's Global Administrator invites the actor as a guest (N3), the
//! actor moves the subscription as its Owner (R6), then makes each admin
//! named an Owner (R8).

use super::common::{self, Checked};
use super::{
    co_administrators, existing_directory, move_subscription, role_assignments, LinkOffice365Tenant,
};
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::{Facts, Staged};
use crate::model::{AccId, DirId, Profile, SubId};

pub(super) fn check(v: &impl Facts, op: &LinkOffice365Tenant) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let dir = common::directory(v, &op.directory)?;
    let global_admin = common::account(v, &op.global_admin)?;
    let admins = op
        .admins
        .iter()
        .map(|a| common::account(v, a))
        .collect::<Checked<Vec<_>>>()?;
    if common::profile(v) == Profile::Current {
        return current(v, actor, sub, dir, global_admin, &admins);
    }
    move_subscription::same_cloud(v, sub, dir)?;
    common::service_admin_only(v, actor, sub)?;
    common::microsoft_account_only(v, actor)?;
    common::credentials_of_global_admin(v, global_admin, dir)?;
    email_not_organizational(v, actor, dir)?;
    steps(v, actor, sub, dir, &admins)
}

/// Under the current rules: the tenant's Global Administrator invites the
/// actor as a guest (N3) unless it is already a user there, then R6 (the
/// actor must be a direct Owner; the policies apply), then R8: Owner for
/// each admin named. Each step is checked against the state the earlier
/// ones would leave.
fn current(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    dir: DirId,
    global_admin: AccId,
    admins: &[AccId],
) -> Checked<Vec<Change>> {
    common::clouds_in_service(v, [v.sub_directory(sub), dir])?;
    move_subscription::same_cloud(v, sub, dir)?;
    common::credentials_of_global_admin(v, global_admin, dir)?;
    let mut changes = Vec::new();
    if !v.is_user(actor, dir) {
        common::join_as_external(v, actor, dir, &mut changes)?;
    }
    let moved = move_subscription::move_to(&Staged::new(v.state(), &changes), actor, sub, dir)?;
    changes.extend(moved);
    for acc in admins {
        let staged = Staged::new(v.state(), &changes);
        let added = role_assignments::assign_owner(&staged, actor, sub, *acc)?;
        changes.extend(added);
    }
    Ok(changes)
}

/// The e-mail checks, compared case-insensitively; the first match wins.
fn email_not_organizational(v: &impl Facts, actor: AccId, dir: DirId) -> Checked<()> {
    let email = v.state().account(actor).sign_in_name();
    let Some(work) = v.state().find_work(email) else {
        return Ok(());
    };
    let (service_admin, account) = (email.to_owned(), common::acc_name(v, work));
    if common::is_global_admin(v, work, dir) {
        return Err(ErrorKind::ServiceAdminIsTargetGlobalAdmin {
            service_admin,
            directory: common::dir_name(v, dir),
            account,
        });
    }
    if v.is_user(work, dir) {
        return Err(ErrorKind::ServiceAdminInTargetTenant {
            service_admin,
            directory: common::dir_name(v, dir),
            account,
        });
    }
    Err(ErrorKind::ServiceAdminAmbiguous {
        service_admin,
        account,
    })
}

/// R5 (unless already a user), R6, then R7 for each of `co_admins`, each
/// step checked against the state the earlier steps would leave. `v` must
/// be the base state.
pub(super) fn steps(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    dir: DirId,
    co_admins: &[AccId],
) -> Checked<Vec<Change>> {
    let mut changes = Vec::new();
    if !v.is_user(actor, dir) {
        changes.extend(existing_directory::join(v, actor, dir)?);
    }
    let moved = move_subscription::move_to(&Staged::new(v.state(), &changes), actor, sub, dir)?;
    changes.extend(moved);
    for acc in co_admins {
        let added =
            co_administrators::add_co_admin(&Staged::new(v.state(), &changes), actor, sub, *acc)?;
        changes.extend(added);
    }
    Ok(changes)
}

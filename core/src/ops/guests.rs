//! N3: invite a guest (Entra B2B collaboration): a Microsoft account, or a
//! work account of another directory, becomes an external user of the
//! directory, with no directory role. Who may invite is a directory
//! setting ([`GuestInvites`], Graph's `allowInvitesFrom`): Entra's default,
//! `everyone`, lets anyone who is a user of the directory invite, guests
//! included; the stricter settings keep it to members and the Global
//! Administrators, User Administrators and Guest Inviters, or to those
//! three roles, or to nobody.

use super::common::{self, not_authorized, Checked};
use super::InviteGuest;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{DirectoryRole, GuestInvites, UserKind};

pub(super) fn check(v: &impl Facts, op: &InviteGuest) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let guest = common::account(v, &op.account)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    common::account_in_cloud_of(v, guest, dir)?;
    let admin = [
        DirectoryRole::GlobalAdministrator,
        DirectoryRole::UserAdministrator,
        DirectoryRole::GuestInviter,
    ]
    .into_iter()
    .any(|r| v.has_role(actor, dir, r));
    let kind = v.membership(actor, dir).map(|(kind, _)| kind);
    let (allowed, needs) = match v.state().dir(dir).guest_invites {
        GuestInvites::Nobody => (
            false,
            "allowed by the directory, which lets nobody invite guests",
        ),
        GuestInvites::AdminsAndGuestInviters => (
            admin,
            "a Global Administrator, User Administrator or Guest Inviter of the directory",
        ),
        GuestInvites::AdminsGuestInvitersAndAllMembers => (
            admin || kind == Some(UserKind::Member),
            "a member user, or a Global Administrator, User Administrator or Guest Inviter",
        ),
        GuestInvites::Everyone => (admin || kind.is_some(), "a user of the directory"),
    };
    if !allowed {
        return Err(not_authorized(
            v,
            actor,
            "invite guests to",
            common::dir_name(v, dir),
            needs,
        ));
    }
    if v.is_user(guest, dir) {
        return Err(ErrorKind::AlreadyMember {
            account: common::acc_name(v, guest),
            directory: common::dir_name(v, dir),
        });
    }
    let mut changes = Vec::with_capacity(1);
    common::join_as_external(v, guest, dir, &mut changes)?;
    Ok(changes)
}

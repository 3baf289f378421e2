//! N3: invite a guest (Entra B2B collaboration): a Microsoft account, or a
//! work account of another directory, becomes an external user of the
//! directory, with no directory role. Who may invite is a directory
//! setting; Entra's default (`allowInvitesFrom: everyone`, in every cloud
//! but US Government) lets anyone who is a user of the directory invite,
//! guests included — the model keeps that default. Global
//! Administrators, User Administrators and Guest Inviters may always.

use super::common::{self, not_authorized, Checked};
use super::InviteGuest;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;

pub(super) fn check(v: &impl Facts, op: &InviteGuest) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let guest = common::account(v, &op.account)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    common::account_in_cloud_of(v, guest, dir)?;
    if !v.is_user(actor, dir) {
        return Err(not_authorized(
            v,
            actor,
            "invite guests to",
            common::dir_name(v, dir),
            "a user of the directory",
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

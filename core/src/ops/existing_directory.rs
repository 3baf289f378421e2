//! R5: "Add directory → Use existing directory" (seeds 002, 003, 004). Only
//! a Microsoft account can; with a Global Administrator's credentials it
//! becomes an external user and Global Administrator of the directory.

use super::common::{self, Checked};
use super::UseExistingDirectory;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, DirId, DirectoryRole, Principal};

pub(super) fn check(v: &impl Facts, op: &UseExistingDirectory) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    let global_admin = common::account(v, &op.global_admin)?;
    common::account_in_cloud_of(v, actor, dir)?;
    authorize(v, actor, dir, global_admin)?;
    if v.is_user(actor, dir) {
        return Err(ErrorKind::AlreadyMember {
            account: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    join(v, actor, dir)
}

/// Who may: a Microsoft account, with a Global Administrator's credentials.
pub(super) fn authorize(
    v: &impl Facts,
    actor: AccId,
    dir: DirId,
    global_admin: AccId,
) -> Checked<()> {
    common::microsoft_account_only(v, actor)?;
    common::credentials_of_global_admin(v, global_admin, dir)
}

/// The effects, for an authorized actor not yet a user of the directory.
pub(super) fn join(v: &impl Facts, actor: AccId, dir: DirId) -> Checked<Vec<Change>> {
    let mut changes = Vec::with_capacity(2);
    common::join_as_external(v, actor, dir, &mut changes)?;
    changes.push(Change::AssignDirectoryRole {
        dir,
        holder: Principal::User(actor),
        role: DirectoryRole::GlobalAdministrator,
    });
    Ok(changes)
}

//! N1: a Global Administrator elevates its access (Azure RBAC's
//! elevate-access-global-admin.md): User Access Administrator at the root
//! (`/`) of its directory, which lets it see and assign access to every
//! subscription and management group there; and removes it. Only a Global
//! Administrator may, for itself. Exists in both profiles.

use super::common::{self, Checked};
use super::Elevation;
use crate::change::{Change, NewScope};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{DirScope, Principal, RbacRole, RoleRef, ScopeRef};

/// `elevate_access` (`elevate`) or `remove_elevated_access`.
pub(super) fn check(v: &impl Facts, op: &Elevation, elevate: bool) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    common::global_admin_only(v, actor, dir)?;
    let elevated = v.is_elevated(dir, actor);
    let what = || {
        format!(
            "{} for {} at the root of {}",
            RbacRole::UserAccessAdministrator.role_name(),
            common::acc_name(v, actor),
            common::dir_name(v, dir)
        )
    };
    let (principal, role) = (
        Principal::User(actor),
        RoleRef::Builtin(RbacRole::UserAccessAdministrator),
    );
    match (elevate, elevated) {
        (true, false) => Ok(vec![Change::AddAssignment {
            scope: NewScope::Dir(dir, DirScope::Root),
            principal,
            role,
            condition: None,
        }]),
        (false, true) => Ok(vec![Change::RemoveAssignment {
            scope: ScopeRef::Root(dir),
            principal,
            role,
        }]),
        (true, true) => Err(ErrorKind::AlreadyAssigned { what: what() }),
        (false, false) => Err(ErrorKind::NotAssigned { what: what() }),
    }
}

//! R12: sign in to the classic management portal (seed 002): only a
//! service administrator or co-administrator of at least one subscription.

use super::common::{self, Checked};
use super::SignInManagementPortal;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;

pub(super) fn check(v: &impl Facts, op: &SignInManagementPortal) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    if v.state().account(actor).administers_any() {
        return Ok(Vec::new());
    }
    Err(ErrorKind::NoSubscriptionAccess {
        actor: common::acc_name(v, actor),
    })
}

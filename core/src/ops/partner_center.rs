//! R11: associate a Partner Center account with an Azure subscription
//! (seed 004). The service administrator, signed in with a Microsoft
//! account, with the Partner Center admin's credentials: step 1 R5 into the
//! partner's directory (skipped when already a user there, so a second
//! subscription can be associated with the same partner), step 2 R6 into
//! it, step 3 R7 adding the Partner Center admin as co-administrator. The
//! subscription then appears in the partner's storefront.

use super::common::{self, Checked};
use super::{link_office365, move_subscription, AssociatePartnerCenter};
use crate::change::Change;
use crate::facts::Facts;

pub(super) fn check(v: &impl Facts, op: &AssociatePartnerCenter) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let partner = common::partner(v, &op.partner)?;
    let (dir, admin) = {
        let p = v.state().partner(partner);
        (p.directory, p.admin)
    };
    move_subscription::same_cloud(v, sub, dir)?;
    common::service_admin_only(v, actor, sub)?;
    common::microsoft_account_only(v, actor)?;
    common::credentials_of_global_admin(v, admin, dir)?;
    link_office365::steps(v, actor, sub, dir, &[admin])
}

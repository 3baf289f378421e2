//! R4: buy Office 365 as an existing user (seed 000 scenario 2). The
//! subscription is added to the same directory and is owned by it; the
//! buyer must be a Global or Billing Administrator there.

use super::common::{self, Checked};
use super::BuyOffice365;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccountKind, DirectoryRole};

pub(super) fn check(v: &impl Facts, op: &BuyOffice365) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let named = common::optional_directory(v, op.directory.as_deref())?;
    common::display_name("plan", &op.plan)?;
    let seats = common::seats(op.seats)?;
    common::clouds_in_service(v, named)?;
    if let Some(dir) = named {
        common::account_in_cloud_of(v, actor, dir)?;
    }
    let target = named.or(match v.state().account(actor).kind {
        AccountKind::Work { home } => Some(home),
        AccountKind::Microsoft { default_directory } => default_directory,
    });
    let Some(dir) = target else {
        // A Microsoft account that never signed up for Azure has no
        // directory to buy into.
        return Err(ErrorKind::RequiresGlobalOrBillingAdmin {
            actor: common::acc_name(v, actor),
            directory: "any directory (it has no default directory; name one)".into(),
        });
    };
    common::clouds_in_service(v, [dir])?;
    if !v.has_role(actor, dir, DirectoryRole::GlobalAdministrator)
        && !v.has_role(actor, dir, DirectoryRole::BillingAdministrator)
    {
        return Err(ErrorKind::RequiresGlobalOrBillingAdmin {
            actor: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    Ok(vec![common::new_office365(v, dir, &op.plan, seats)])
}

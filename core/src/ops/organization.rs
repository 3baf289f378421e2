//! R1: new organisations (an Office 365 sign-up, a bare directory, a
//! Partner Center account), and Microsoft accounts.

use super::common::{self, invalid, Checked};
use super::{CreateDirectory, CreateMicrosoftAccount, CreatePartnerCenterAccount, SignUpOffice365};
use crate::change::{Change, NewAccount, NewDirectory, NewPartner};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, Cloud, DirId, DirectoryRole, Origin, PartnerId, Principal, Profile, UserKind,
};
use crate::names;

/// `create_microsoft_account`.
pub(super) fn create_microsoft_account(
    v: &impl Facts,
    op: &CreateMicrosoftAccount,
) -> Checked<Vec<Change>> {
    names::split_address(&op.email).map_err(|r| invalid("e-mail address", &op.email, r))?;
    let reference = names::microsoft_account(&op.email);
    if v.state().find_msa(&op.email).is_some() {
        return Err(ErrorKind::UserExists { account: reference });
    }
    Ok(vec![Change::CreateAccount(Box::new(NewAccount {
        id: AccId::at(v.state().accounts.len()),
        reference: reference.into(),
        name: None,
        home: None,
    }))])
}

/// What every new organisation has: a directory with its admin as Global
/// Administrator.
struct NewOrganization<'a> {
    organization: &'a str,
    domain_prefix: &'a str,
    admin: &'a str,
    admin_name: Option<&'a str>,
    cloud: Option<&'a str>,
    origin: Origin,
}

impl NewOrganization<'_> {
    /// Checks the names and, under the current rules, that the cloud is
    /// in service (`CLOUD_RETIRED`); returns the cloud.
    fn validate(&self, v: &impl Facts) -> Checked<Cloud> {
        common::display_name("organization name", self.organization)?;
        names::check_prefix(self.domain_prefix)
            .map_err(|r| invalid("domain prefix", self.domain_prefix, r))?;
        names::check_local_part(self.admin)
            .map_err(|r| invalid("admin user name", self.admin, r))?;
        common::optional_display_name("admin name", self.admin_name)?;
        let cloud = common::cloud(self.cloud)?;
        if common::profile(v) == Profile::Current {
            common::cloud_in_service(cloud)?;
        }
        Ok(cloud)
    }

    /// `DOMAIN_TAKEN`, else the directory, admin account, user and role.
    fn changes(&self, v: &impl Facts, cloud: Cloud) -> Checked<(Vec<Change>, DirId, AccId)> {
        let domain = names::initial_domain(self.domain_prefix);
        if v.state().domain_owner(&domain).is_some() {
            return Err(ErrorKind::DomainTaken { domain });
        }
        let dir = DirId::at(v.state().dirs.len());
        let acc = AccId::at(v.state().accounts.len());
        let upn = names::address(self.admin, &domain);
        let changes = vec![
            Change::CreateDirectory(Box::new(NewDirectory {
                id: dir,
                name: self.organization.into(),
                initial_domain: domain.into(),
                cloud,
                origin: self.origin,
                default_for: None,
            })),
            Change::CreateAccount(Box::new(NewAccount {
                id: acc,
                reference: upn.into(),
                name: self.admin_name.map(Into::into),
                home: Some(dir),
            })),
            Change::AddUser {
                dir,
                acc,
                kind: UserKind::Member,
            },
            Change::AssignDirectoryRole {
                dir,
                holder: Principal::User(acc),
                role: DirectoryRole::GlobalAdministrator,
            },
        ];
        Ok((changes, dir, acc))
    }
}

/// `sign_up_office365` (R1).
pub(super) fn sign_up_office365(v: &impl Facts, op: &SignUpOffice365) -> Checked<Vec<Change>> {
    let org = NewOrganization {
        organization: &op.organization,
        domain_prefix: &op.domain_prefix,
        admin: &op.admin,
        admin_name: op.admin_name.as_deref(),
        cloud: op.cloud.as_deref(),
        origin: Origin::Office365Signup,
    };
    let cloud = org.validate(v)?;
    common::display_name("plan", &op.plan)?;
    let seats = common::seats(op.seats)?;
    let (mut changes, dir, _) = org.changes(v, cloud)?;
    changes.push(common::new_office365(v, dir, &op.plan, seats));
    Ok(changes)
}

/// `create_directory` (R1).
pub(super) fn create_directory(v: &impl Facts, op: &CreateDirectory) -> Checked<Vec<Change>> {
    let org = NewOrganization {
        organization: &op.organization,
        domain_prefix: &op.domain_prefix,
        admin: &op.admin,
        admin_name: op.admin_name.as_deref(),
        cloud: op.cloud.as_deref(),
        origin: Origin::Created,
    };
    let cloud = org.validate(v)?;
    Ok(org.changes(v, cloud)?.0)
}

/// `create_partner_center_account` (R1): the partner's directory and admin,
/// and the partner. `PARTNER_EXISTS` is checked before `DOMAIN_TAKEN`.
pub(super) fn create_partner(
    v: &impl Facts,
    op: &CreatePartnerCenterAccount,
) -> Checked<Vec<Change>> {
    let org = NewOrganization {
        organization: &op.name,
        domain_prefix: &op.domain_prefix,
        admin: &op.admin,
        admin_name: None,
        cloud: op.cloud.as_deref(),
        origin: Origin::PartnerCenter,
    };
    let cloud = org.validate(v)?;
    if v.state().find_partner(&op.name).is_some() {
        return Err(ErrorKind::PartnerExists {
            name: op.name.clone(),
        });
    }
    let (mut changes, dir, admin) = org.changes(v, cloud)?;
    changes.push(Change::CreatePartner(Box::new(NewPartner {
        id: PartnerId::at(v.state().partners.len()),
        name: op.name.as_str().into(),
        directory: dir,
        admin,
    })));
    Ok(changes)
}

//! The questions tenantry answers (DESIGN §3, FORMAT.md "Queries"). Every
//! answer is read from an index: O(1) or O(result), never a scan of every
//! object. Answers borrow from the model; serialized, they are shaped as
//! FORMAT.md's `equals` values.

use crate::effect::{Scope, SubscriptionKind};
use crate::error::{Error, ErrorKind, Result};
pub use crate::model::ManageReason;
use crate::model::{
    AccId, AccountKind, ClassicRole, Cloud, DirId, DirectoryRole, HeldAssignment,
    OrganizationalRole, Origin, PartnerId, Plan, RbacRole, ScopeId, SubId, Subscription, UserKind,
};
use crate::tenancy::Tenancy;
use uuid::Uuid;

/// A user object: its kind and directory roles (FORMAT.md `user`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    /// `member` or `external`.
    pub kind: UserKind,
    /// The roles held, in order of precedence.
    pub roles: Vec<DirectoryRole>,
}

/// Who owns a subscription: a user for Azure, the directory for Office 365.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// The account administrator of an Azure subscription.
    User(&'a str),
    /// The directory of an Office 365 subscription.
    Directory(&'a str),
}

/// One subscription (FORMAT.md `subscription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionView<'a> {
    /// Its id.
    pub id: Uuid,
    /// Its display name.
    pub name: &'a str,
    /// `azure` or `office365`.
    pub kind: SubscriptionKind,
    /// The directory it trusts.
    pub directory: &'a str,
    /// Who owns it.
    pub owner: Owner<'a>,
    /// Azure: the offer id.
    pub offer: Option<&'a str>,
    /// Office 365: the plan.
    pub plan: Option<&'a str>,
    /// Office 365: the licensed seats.
    pub seats: Option<u32>,
    /// Azure: the billing owner.
    pub account_administrator: Option<&'a str>,
    /// Azure: the service administrator.
    pub service_administrator: Option<&'a str>,
    /// Azure: the co-administrators, in the order added.
    pub co_administrators: Option<Vec<&'a str>>,
}

/// One RBAC role assignment (FORMAT.md `role_assignments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignmentView<'a> {
    /// Who holds the role.
    pub principal: &'a str,
    /// The role.
    pub role: RbacRole,
    /// `subscription` or `resource_group:<name>`.
    pub scope: Scope,
}

/// An account that can manage a subscription, and why (FORMAT.md
/// `who_can_manage`). An account with several reasons appears once for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Manager<'a> {
    /// The account.
    pub account: &'a str,
    /// Why it can.
    pub reason: ManageReason,
}

/// A directory's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryView<'a> {
    /// The tenant id.
    pub id: Uuid,
    /// Its display name.
    pub name: &'a str,
    /// `<prefix>.onmicrosoft.com`.
    pub initial_domain: &'a str,
    /// Verified custom domains, in the order added.
    pub verified_domains: Vec<&'a str>,
    /// Its cloud.
    pub cloud: Cloud,
    /// How it came to be.
    pub origin: Origin,
    /// How many users it has.
    pub users: usize,
    /// How many subscriptions trust it.
    pub subscriptions: usize,
    /// The Partner Center account it belongs to.
    pub partner: Option<&'a str>,
}

/// An account's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView<'a> {
    /// Its reference: `msa:<e-mail>` or its UPN.
    pub account: &'a str,
    /// `microsoft` or `work`.
    pub kind: &'static str,
    /// Its display name.
    pub name: Option<&'a str>,
    /// A work account's home directory.
    pub home: Option<&'a str>,
    /// A Microsoft account's default directory, once it has one.
    pub default_directory: Option<&'a str>,
}

/// A subscription an account administers, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Administered {
    /// The subscription.
    pub subscription: Uuid,
    /// The account's classic roles on it.
    pub roles: Vec<ManageReason>,
}

impl Tenancy {
    fn dir_id(&self, directory: &str) -> Result<DirId> {
        self.state.find_directory(directory).ok_or_else(|| {
            Error::new(ErrorKind::UnknownDirectory {
                directory: directory.to_owned(),
            })
        })
    }

    fn acc_id(&self, account: &str) -> Result<AccId> {
        self.state.find_account(account).ok_or_else(|| {
            Error::new(ErrorKind::UnknownAccount {
                account: account.to_owned(),
            })
        })
    }

    fn sub_id(&self, subscription: &str) -> Result<SubId> {
        self.state.find_subscription(subscription).ok_or_else(|| {
            Error::new(ErrorKind::UnknownSubscription {
                subscription: subscription.to_owned(),
            })
        })
    }

    fn partner_id(&self, partner: &str) -> Result<PartnerId> {
        self.state.find_partner(partner).ok_or_else(|| {
            Error::new(ErrorKind::UnknownPartner {
                partner: partner.to_owned(),
            })
        })
    }

    fn domain(&self, dir: DirId) -> &str {
        &self.state.dir(dir).initial_domain
    }

    fn reference(&self, acc: AccId) -> &str {
        &self.state.account(acc).reference
    }

    /// The directories an account can sign in to: its directory list.
    pub fn directories_of(&self, account: &str) -> Result<Vec<&str>> {
        let acc = self.acc_id(account)?;
        Ok(self
            .state
            .account(acc)
            .memberships
            .iter()
            .map(|m| self.domain(m.dir))
            .collect())
    }

    /// The accounts that are users of a directory, in the order added.
    pub fn users_of(&self, directory: &str) -> Result<Vec<&str>> {
        let dir = self.dir_id(directory)?;
        Ok(self
            .state
            .dir(dir)
            .users
            .iter()
            .map(|a| self.reference(*a))
            .collect())
    }

    /// An account's user object in a directory; `None` if it is not a user
    /// there.
    pub fn user(&self, directory: &str, account: &str) -> Result<Option<UserView>> {
        let dir = self.dir_id(directory)?;
        let acc = self.acc_id(account)?;
        Ok(self.state.account(acc).membership(dir).map(|m| UserView {
            kind: m.kind,
            roles: m.roles.iter().collect(),
        }))
    }

    /// The organizational role the portal shows for an account in a
    /// directory (seed 000); `None` if it is not a user there.
    pub fn organizational_role(
        &self,
        directory: &str,
        account: &str,
    ) -> Result<Option<OrganizationalRole>> {
        let dir = self.dir_id(directory)?;
        let acc = self.acc_id(account)?;
        Ok(self.state.account(acc).membership(dir).map(|m| {
            m.roles
                .highest()
                .map_or(OrganizationalRole::User, OrganizationalRole::Admin)
        }))
    }

    /// The subscriptions that trust a directory, oldest first.
    pub fn subscriptions_of(&self, directory: &str) -> Result<Vec<Uuid>> {
        let dir = self.dir_id(directory)?;
        Ok(self
            .state
            .dir(dir)
            .subscriptions
            .iter()
            .map(|s| self.state.sub(*s).id)
            .collect())
    }

    /// One subscription: its kind, directory, owner and administrators.
    pub fn subscription(&self, subscription: &str) -> Result<SubscriptionView<'_>> {
        let sub = self.sub_id(subscription)?;
        Ok(self.subscription_view(self.state.sub(sub)))
    }

    fn subscription_view<'a>(&'a self, s: &'a Subscription) -> SubscriptionView<'a> {
        let directory = self.domain(s.directory);
        let mut view = SubscriptionView {
            id: s.id,
            name: &s.name,
            kind: SubscriptionKind::Office365,
            directory,
            owner: Owner::Directory(directory),
            offer: None,
            plan: None,
            seats: None,
            account_administrator: None,
            service_administrator: None,
            co_administrators: None,
        };
        match &s.plan {
            Plan::Azure(a) => {
                view.kind = SubscriptionKind::Azure;
                view.owner = Owner::User(self.reference(a.account_admin));
                view.offer = Some(&a.offer);
                view.account_administrator = Some(self.reference(a.account_admin));
                view.service_administrator = a.service_admin.map(|s| self.reference(s));
                view.co_administrators =
                    Some(a.co_admins.iter().map(|c| self.reference(*c)).collect());
            }
            Plan::Office365 { plan, seats } => {
                view.plan = Some(plan);
                view.seats = Some(*seats);
            }
        }
        view
    }

    /// Every subscription, oldest first.
    pub fn subscriptions(&self) -> impl ExactSizeIterator<Item = SubscriptionView<'_>> {
        self.state.subs.iter().map(|s| self.subscription_view(s))
    }

    /// The RBAC role assignments of a subscription, in the order added
    /// (none for Office 365).
    pub fn role_assignments(&self, subscription: &str) -> Result<Vec<RoleAssignmentView<'_>>> {
        let sub = self.sub_id(subscription)?;
        let Some(azure) = self.state.sub(sub).azure() else {
            return Ok(Vec::new());
        };
        Ok(azure
            .assignments
            .iter()
            .map(|a| RoleAssignmentView {
                principal: self.reference(a.principal),
                role: a.role,
                scope: self.state.rgs.scope(a.scope),
            })
            .collect())
    }

    /// Who can manage a subscription, and why: for Azure the account and
    /// service administrators, the co-administrators and RBAC Owners and
    /// Contributors at subscription scope; for Office 365 the Global and
    /// Billing Administrators of its directory.
    pub fn who_can_manage(&self, subscription: &str) -> Result<Vec<Manager<'_>>> {
        let sub = self.sub_id(subscription)?;
        let s = self.state.sub(sub);
        let manager = |acc: AccId, reason| Manager {
            account: self.reference(acc),
            reason,
        };
        let mut out = Vec::new();
        match &s.plan {
            Plan::Azure(a) => {
                out.push(manager(a.account_admin, ManageReason::AccountAdministrator));
                out.extend(
                    a.service_admin
                        .map(|s| manager(s, ManageReason::ServiceAdministrator)),
                );
                out.extend(
                    a.co_admins
                        .iter()
                        .map(|c| manager(*c, ManageReason::CoAdministrator)),
                );
                out.extend(a.assignments.iter().filter_map(|x| {
                    let reason = match x.role {
                        RbacRole::Owner => ManageReason::Owner,
                        RbacRole::Contributor => ManageReason::Contributor,
                        _ => return None,
                    };
                    (x.scope == ScopeId::SUBSCRIPTION).then(|| manager(x.principal, reason))
                }));
            }
            Plan::Office365 { .. } => {
                let dir = self.state.dir(s.directory);
                for (role, reason) in [
                    (
                        DirectoryRole::GlobalAdministrator,
                        ManageReason::GlobalAdministrator,
                    ),
                    (
                        DirectoryRole::BillingAdministrator,
                        ManageReason::BillingAdministrator,
                    ),
                ] {
                    out.extend(dir.holders(role).iter().map(|a| manager(*a, reason)));
                }
            }
        }
        Ok(out)
    }

    /// The Azure subscriptions a Partner Center account's web storefront
    /// lists: those trusting the partner's directory that its admin can
    /// manage (seed 004).
    pub fn storefront(&self, partner: &str) -> Result<Vec<Uuid>> {
        let p = self.state.partner(self.partner_id(partner)?);
        let admin = self.state.account(p.admin);
        Ok(self
            .state
            .dir(p.directory)
            .subscriptions
            .iter()
            .filter(|s| {
                self.state.sub(**s).azure().is_some_and(|a| {
                    a.account_admin == p.admin
                        || a.service_admin == Some(p.admin)
                        || admin.holds_classic(**s, ClassicRole::Co)
                        || admin
                            .assignments
                            .binary_search(&HeldAssignment {
                                sub: **s,
                                scope: 0,
                                role: RbacRole::Owner,
                            })
                            .is_ok()
                })
            })
            .map(|s| self.state.sub(*s).id)
            .collect())
    }

    /// The subscriptions an account administers (account administrator,
    /// service administrator or co-administrator), by subscription.
    pub fn administered_by(&self, account: &str) -> Result<Vec<Administered>> {
        let a = self.state.account(self.acc_id(account)?);
        let mut out: Vec<Administered> = Vec::new();
        for (sub, role) in &a.administers {
            let reason = match role {
                ClassicRole::Account => ManageReason::AccountAdministrator,
                ClassicRole::Service => ManageReason::ServiceAdministrator,
                ClassicRole::Co => ManageReason::CoAdministrator,
            };
            let id = self.state.sub(*sub).id;
            match out.last_mut() {
                Some(last) if last.subscription == id => last.roles.push(reason),
                _ => out.push(Administered {
                    subscription: id,
                    roles: vec![reason],
                }),
            }
        }
        Ok(out)
    }

    /// A directory's facts.
    pub fn directory(&self, directory: &str) -> Result<DirectoryView<'_>> {
        Ok(self.directory_view(self.dir_id(directory)?))
    }

    fn directory_view(&self, dir: DirId) -> DirectoryView<'_> {
        let d = self.state.dir(dir);
        DirectoryView {
            id: d.id,
            name: &d.name,
            initial_domain: &d.initial_domain,
            verified_domains: d.verified_domains.iter().map(|x| &**x).collect(),
            cloud: d.cloud,
            origin: d.origin,
            users: d.users.len(),
            subscriptions: d.subscriptions.len(),
            partner: d.partner.map(|p| &*self.state.partner(p).name),
        }
    }

    /// Every directory, oldest first.
    pub fn directories(&self) -> impl ExactSizeIterator<Item = DirectoryView<'_>> {
        (0..self.state.dirs.len()).map(|i| self.directory_view(DirId::at(i)))
    }

    /// An account's facts.
    pub fn account(&self, account: &str) -> Result<AccountView<'_>> {
        Ok(self.account_view(self.acc_id(account)?))
    }

    fn account_view(&self, acc: AccId) -> AccountView<'_> {
        let a = self.state.account(acc);
        let (kind, home, default_directory) = match a.kind {
            AccountKind::Microsoft { default_directory } => {
                ("microsoft", None, default_directory.map(|d| self.domain(d)))
            }
            AccountKind::Work { home } => ("work", Some(self.domain(home)), None),
        };
        AccountView {
            account: &a.reference,
            kind,
            name: a.name.as_deref(),
            home,
            default_directory,
        }
    }

    /// Every account, oldest first.
    pub fn accounts(&self) -> impl ExactSizeIterator<Item = AccountView<'_>> {
        (0..self.state.accounts.len()).map(|i| self.account_view(AccId::at(i)))
    }

    /// Every Partner Center account's name, oldest first.
    pub fn partners(&self) -> impl ExactSizeIterator<Item = &str> {
        self.state.partners.iter().map(|p| &*p.name)
    }
}

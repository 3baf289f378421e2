//! The questions tenantry answers (DESIGN §3, FORMAT.md "Queries"). Every
//! answer is read from an index: O(1) or O(result), never a scan of every
//! object. Answers borrow from the model; serialized, they are shaped as
//! FORMAT.md's `equals` values.

use crate::access::{self, Wanted};
use crate::effect::{RoleName, Scope, SubscriptionKind};
use crate::error::{Error, ErrorKind, Result};
use crate::facts::Facts;
pub use crate::model::ManageReason;
use crate::model::{
    AccId, AccountKind, Action, At, ClassicRole, Cloud, DirId, DirectoryRole, GroupId, Name,
    OrganizationalRole, Origin, PartnerId, Plan, Principal, Profile, RbacRole, RoleRef, ScopeRef,
    SubId, Subscription, UserKind,
};
use crate::state::State;
use crate::tenancy::Tenancy;
use std::collections::HashMap;
use std::fmt;
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
    /// An imported Azure subscription whose billing owner Graph and ARM do
    /// not reveal (who manages it is [`Tenancy::who_can_manage`]'s answer).
    ///
    /// [`Tenancy::who_can_manage`]: crate::Tenancy::who_can_manage
    Unknown,
}

/// One subscription (FORMAT.md `subscription`). Under the current rules
/// it has no service administrator or co-administrators.
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
    /// Azure, classic: the service administrator.
    pub service_administrator: Option<&'a str>,
    /// Azure, classic: the co-administrators, in the order added.
    pub co_administrators: Option<Vec<&'a str>>,
    /// Azure, current: the management group it sits under.
    pub management_group: Option<&'a str>,
}

/// One RBAC role assignment (FORMAT.md `role_assignments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignmentView {
    /// Who holds the role: an account's reference, `group:`,
    /// `foreign-group:`, `sp:` or `id:`.
    pub principal: Name,
    /// The role: a built-in role as FORMAT.md writes it, or a custom
    /// role's name.
    pub role: RoleName,
    /// Classic: `subscription` or `resource_group:<name>`; current: the
    /// ARM path.
    pub scope: Scope,
    /// Its condition, if it has one (kept as text, never evaluated).
    pub condition: Option<Name>,
}

/// Why a principal can manage a subscription: a reason of FORMAT.md's
/// vocabulary, or a custom role's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// One of FORMAT.md's reasons.
    Is(ManageReason),
    /// A custom role that grants it.
    CustomRole(Name),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Is(r) => f.write_str(r.as_str()),
            Reason::CustomRole(name) => f.write_str(name),
        }
    }
}

impl PartialEq<ManageReason> for Reason {
    fn eq(&self, other: &ManageReason) -> bool {
        *self == Reason::Is(*other)
    }
}

/// One step of how a grant reaches a principal (DESIGN §6 "who can
/// manage"): serialized `{"group": …}`, `{"scope": …}` and so on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Via {
    /// Through this group's membership.
    Group(Name),
    /// From an assignment made at this scope above the subscription.
    Scope(Name),
    /// An elevated Global Administrator of this directory.
    Elevated(Name),
    /// A partner's GDAP relationship.
    Gdap(Name),
    /// An Azure Lighthouse delegation to this tenant.
    Lighthouse(Name),
}

impl fmt::Display for Via {
    /// `through group:Ops@contoso.onmicrosoft.com`, `inherited from /`, …
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::Group(g) => write!(f, "through {g}"),
            Via::Scope(s) => write!(f, "inherited from {s}"),
            Via::Elevated(d) => write!(f, "elevated in {d}"),
            Via::Gdap(p) => write!(f, "by GDAP of {p}"),
            Via::Lighthouse(t) => write!(f, "by Lighthouse from {t}"),
        }
    }
}

/// A principal that can manage a subscription, and why (FORMAT.md
/// `who_can_manage`): one entry per grant, so a principal with several
/// appears once for each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manager {
    /// The account, or a service principal (`sp:`).
    pub account: Name,
    /// Why it can.
    pub reason: Reason,
    /// How the grant reaches it; empty for a direct assignment at the
    /// subscription (and for the classic administrators).
    pub via: Vec<Via>,
    /// The assignment's condition, if it has one.
    pub condition: Option<Name>,
}

/// Whether a principal may perform an ARM action at a scope, and through
/// what (FORMAT.md `can_perform`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// Whether an unconditional grant allows it.
    pub allowed: bool,
    /// The role that allows it (the nearest grant's).
    pub role: Option<RoleName>,
    /// How that grant reaches the principal.
    pub via: Vec<Via>,
    /// Conditions of conditional grants that would allow it if met (not
    /// evaluated).
    pub conditions: Vec<Name>,
}

/// A directory's subscription policy (FORMAT.md `subscription_policy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    /// Whether subscriptions may not leave the directory.
    pub block_leaving: bool,
    /// Whether subscriptions may not enter it.
    pub block_entering: bool,
    /// The users exempted from both.
    pub exempted: Vec<Name>,
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

/// A management group of a directory (current profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagementGroupView<'a> {
    /// Its ARM name (the last segment of its id).
    pub name: &'a str,
    /// Its display name.
    pub display_name: &'a str,
    /// The group it sits under; `None` under the tenant root group.
    pub parent: Option<&'a str>,
    /// How far below the tenant root group (1 directly under it).
    pub depth: u8,
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
    pub(crate) fn dir_id(&self, directory: &str) -> Result<DirId> {
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

    pub(crate) fn sub_id(&self, subscription: &str) -> Result<SubId> {
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
            management_group: None,
        };
        match &s.plan {
            Plan::Azure(a) => {
                view.kind = SubscriptionKind::Azure;
                view.owner = match a.account_admin {
                    Some(acc) => Owner::User(self.reference(acc)),
                    None => Owner::Unknown,
                };
                view.offer = (!a.offer.is_empty()).then_some(&*a.offer);
                view.account_administrator = a.account_admin.map(|acc| self.reference(acc));
                match self.state.profile {
                    Profile::Classic => {
                        view.service_administrator = a.service_admin.map(|s| self.reference(s));
                        view.co_administrators =
                            Some(a.co_admins.iter().map(|c| self.reference(*c)).collect());
                    }
                    Profile::Current => {
                        view.management_group = Some(&self.state.mg(a.management_group).name);
                    }
                }
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

    /// The RBAC role assignments made at a subscription's scope or below,
    /// in the order added (none for Office 365); not those inherited from
    /// above.
    pub fn role_assignments(&self, subscription: &str) -> Result<Vec<RoleAssignmentView>> {
        let sub = self.sub_id(subscription)?;
        let Some(azure) = self.state.sub(sub).azure() else {
            return Ok(Vec::new());
        };
        Ok(azure
            .assignments
            .iter()
            .map(|a| self.assignment_view(ScopeRef::Sub(sub, a.scope), a.principal, a.role))
            .collect())
    }

    fn assignment_view(
        &self,
        scope: ScopeRef,
        principal: Principal,
        role: RoleRef,
    ) -> RoleAssignmentView {
        let st = &self.state;
        RoleAssignmentView {
            principal: self.principal_name(principal),
            role: role_name(st, role),
            scope: st.scope(scope),
            condition: st
                .conditions
                .get(&(st.at(scope), principal.entity(), role))
                .cloned(),
        }
    }

    fn principal_name(&self, p: Principal) -> Name {
        self.state
            .principal_name(p)
            .unwrap_or_else(|| Name::from("*"))
    }

    /// Who can manage a subscription, and why, one entry per grant. Azure:
    /// under the classic rules the account and service administrators and
    /// the co-administrators, then whoever holds a role that manages its
    /// resources (actions `*`: Owner, Contributor, such custom roles) at
    /// its scope or above; under the current rules whoever holds a role
    /// that manages its resources or changes access to it
    /// (`roleAssignments/write`: also User Access Administrator, Role
    /// Based Access Control Administrator, an elevated Global
    /// Administrator), and Lighthouse delegations; the account
    /// administrator is a billing role and is not listed. Grants to groups
    /// are listed for each user and service principal in them. Office 365:
    /// the Global and Billing Administrators of its directory, directly,
    /// through role-assignable groups or through GDAP.
    pub fn who_can_manage(&self, subscription: &str) -> Result<Vec<Manager>> {
        let sub = self.sub_id(subscription)?;
        let st = &self.state;
        let s = st.sub(sub);
        let mut out = Vec::new();
        let direct = |acc: AccId, reason| Manager {
            account: self.reference(acc).into(),
            reason: Reason::Is(reason),
            via: Vec::new(),
            condition: None,
        };
        match &s.plan {
            Plan::Azure(a) => {
                if st.profile == Profile::Classic {
                    out.extend(
                        a.account_admin
                            .map(|acc| direct(acc, ManageReason::AccountAdministrator)),
                    );
                    out.extend(
                        a.service_admin
                            .map(|s| direct(s, ManageReason::ServiceAdministrator)),
                    );
                    out.extend(
                        a.co_admins
                            .iter()
                            .map(|c| direct(*c, ManageReason::CoAdministrator)),
                    );
                }
                let top = At::Sub(sub, 0);
                let mut names = HashMap::new();
                for at in st.chain(top) {
                    // The path of a scope above, formatted once per scope.
                    let mut path: Option<Name> = None;
                    for (principal, role) in self.assigned_at(at) {
                        let Some(reason) = self.manage_reason(role) else {
                            continue;
                        };
                        let condition = st.conditions.get(&(at, principal.entity(), role)).cloned();
                        let mut via = Vec::new();
                        if at != top {
                            via.push(match at {
                                At::Root(dir)
                                    if role
                                        == RoleRef::Builtin(RbacRole::UserAccessAdministrator) =>
                                {
                                    Via::Elevated(st.dir(dir).initial_domain.clone())
                                }
                                other => Via::Scope(
                                    path.get_or_insert_with(|| st.at_path(other)).clone(),
                                ),
                            });
                        }
                        self.expand(principal, &reason, &via, &condition, &mut names, &mut out);
                    }
                }
                if st.profile == Profile::Current {
                    for d in &a.managed_by {
                        if let Some(reason) = self.manage_reason(d.role) {
                            let account = match st.find_object(d.principal_id) {
                                Some(p) => self.principal_name(p),
                                None => format!("id:{}", d.principal_id).into(),
                            };
                            let tenant = st.find_directory(&d.tenant.to_string()).map_or_else(
                                || d.tenant.to_string().into(),
                                |t| st.dir(t).initial_domain.clone(),
                            );
                            out.push(Manager {
                                account,
                                reason,
                                via: vec![Via::Lighthouse(tenant)],
                                condition: None,
                            });
                        }
                    }
                }
            }
            Plan::Office365 { .. } => {
                let dir = st.dir(s.directory);
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
                    out.extend(dir.holders(role).iter().map(|a| direct(*a, reason)));
                    for g in &dir.role_groups {
                        let group = st.group(*g);
                        if group.roles.contains(role) {
                            let via = vec![Via::Group(self.principal_name(Principal::Group(*g)))];
                            for m in &group.members {
                                if let Principal::User(acc) = m {
                                    if dir.users.contains(acc) {
                                        out.push(Manager {
                                            account: self.reference(*acc).into(),
                                            reason: Reason::Is(reason),
                                            via: via.clone(),
                                            condition: None,
                                        });
                                    }
                                }
                            }
                        }
                    }
                    for r in &dir.gdap {
                        let gdap = st.gdap(*r);
                        let partner = st.partner(gdap.partner);
                        if !gdap.approved || !gdap.roles.contains(role) {
                            continue;
                        }
                        let Some(agents) = partner.admin_agents else {
                            continue;
                        };
                        for m in &st.group(agents).members {
                            if let Principal::User(acc) = m {
                                out.push(Manager {
                                    account: self.reference(*acc).into(),
                                    reason: Reason::Is(reason),
                                    via: vec![Via::Gdap(partner.name.clone())],
                                    condition: None,
                                });
                            }
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The assignments made at exactly this scope, in the order added.
    fn assigned_at(&self, at: At) -> Vec<(Principal, RoleRef)> {
        let st = &self.state;
        match at {
            At::Sub(sub, key) => st
                .sub(sub)
                .azure()
                .map(|a| {
                    a.assignments
                        .iter()
                        .filter(|x| st.rgs.key(x.scope) == key)
                        .map(|x| (x.principal, x.role))
                        .collect()
                })
                .unwrap_or_default(),
            At::Group(mg) => st
                .mg(mg)
                .assignments
                .iter()
                .map(|x| (x.principal, x.role))
                .collect(),
            At::Root(dir) => st
                .dir(dir)
                .assignments
                .iter()
                .map(|x| (x.principal, x.role))
                .collect(),
        }
    }

    /// Why holding `role` lets one manage a subscription, if it does (see
    /// [`Tenancy::who_can_manage`]).
    fn manage_reason(&self, role: RoleRef) -> Option<Reason> {
        let st = &self.state;
        let counts = access::manages_resources(st, role)
            || (st.profile == Profile::Current
                && access::role_allows(st, role, Wanted::Known(Action::AssignRoles)));
        if !counts {
            return None;
        }
        Some(match role {
            RoleRef::Builtin(r) => Reason::Is(match r {
                RbacRole::Owner => ManageReason::Owner,
                RbacRole::Contributor => ManageReason::Contributor,
                RbacRole::UserAccessAdministrator => ManageReason::UserAccessAdministrator,
                RbacRole::RoleBasedAccessControlAdministrator => {
                    ManageReason::RoleBasedAccessControlAdministrator
                }
                RbacRole::Reader => return None,
            }),
            RoleRef::Custom(id) => Reason::CustomRole(st.custom_role(id).name.clone()),
        })
    }

    /// One entry for a user or service principal; one for each user and
    /// service principal in a group, at any depth, with the groups it came
    /// through.
    fn expand(
        &self,
        principal: Principal,
        reason: &Reason,
        via: &[Via],
        condition: &Option<Name>,
        names: &mut HashMap<GroupId, Name>,
        out: &mut Vec<Manager>,
    ) {
        let Some(group) = principal.group() else {
            out.push(Manager {
                account: self.principal_name(principal),
                reason: reason.clone(),
                via: via.to_vec(),
                condition: condition.clone(),
            });
            return;
        };
        let members = self.state.members_of(group);
        // Each group's name is formatted once per answer, however many
        // members it leads to; so is each nested group's path of names.
        let mut paths: Vec<Option<Vec<Via>>> = vec![None; members.groups.len()];
        out.reserve(members.members.len());
        // The names are read member by member: warm the entities
        // `2 * AHEAD` members ahead and their names `AHEAD` ahead, so that
        // the misses of different members overlap instead of queuing.
        const AHEAD: usize = 4;
        let ahead = |k: usize| members.members.get(k).map(|(m, _)| *m);
        for k in 0..2 * AHEAD {
            if let Some(m) = ahead(k) {
                self.state.prefetch_principal(m);
            }
        }
        for k in 0..AHEAD {
            if let Some(m) = ahead(k) {
                self.state.prefetch_principal_name(m);
            }
        }
        for (k, (member, index)) in members.members.iter().enumerate() {
            if let Some(m) = ahead(k + 2 * AHEAD) {
                self.state.prefetch_principal(m);
            }
            if let Some(m) = ahead(k + AHEAD) {
                self.state.prefetch_principal_name(m);
            }
            if member.group().is_some() {
                continue;
            }
            let Some(slot) = paths.get_mut(*index as usize) else {
                continue;
            };
            let steps = slot.get_or_insert_with(|| {
                let path = members.path(*index);
                let mut steps = Vec::with_capacity(path.len() + via.len());
                for g in &path {
                    let name = names
                        .entry(*g)
                        .or_insert_with(|| self.principal_name(Principal::Group(*g)));
                    steps.push(Via::Group(name.clone()));
                }
                steps.extend(via.iter().cloned());
                steps
            });
            out.push(Manager {
                account: self.principal_name(*member),
                reason: reason.clone(),
                via: steps.clone(),
                condition: condition.clone(),
            });
        }
    }

    /// Whether a principal may perform an ARM action at a scope, and how
    /// (FORMAT.md `can_perform`): the nearest unconditional grant, or the
    /// conditions of the conditional ones.
    pub fn can_perform(&self, principal: &str, action: &str, scope: &str) -> Result<Permission> {
        let st = &self.state;
        // Cold, an answer is a chain of cache misses. The subscription's
        // slot is warmed while the principal is found, and an account is
        // matched by fingerprint, its name read (and confirmed) after the
        // answer is computed rather than before.
        st.warm_scope(scope);
        let candidate = match crate::state::PrincipalRef::parse(principal) {
            crate::state::PrincipalRef::Account(reference) => {
                st.find_account_unconfirmed(reference)
            }
            _ => None,
        };
        self.can_perform_from(candidate, principal, action, scope)
    }

    /// [`Tenancy::can_perform`] starting from the account the principal
    /// most likely is: the answer stands if it is that account, and is
    /// computed again from the principal's name if not.
    fn can_perform_from(
        &self,
        candidate: Option<AccId>,
        principal: &str,
        action: &str,
        scope: &str,
    ) -> Result<Permission> {
        if let Some(acc) = candidate {
            let answer = self.permission(Principal::User(acc), action, scope);
            if self.state.is_account(acc, principal) {
                return answer;
            }
        }
        self.permission(self.principal_id(principal)?, action, scope)
    }

    /// [`Tenancy::can_perform`] for a principal found.
    fn permission(&self, p: Principal, action: &str, scope: &str) -> Result<Permission> {
        let st = &self.state;
        crate::names::check_action(action).map_err(|reason| {
            Error::new(ErrorKind::InvalidName {
                field: "action",
                value: action.to_owned(),
                reason,
            })
        })?;
        let (at, exact) = self.scope_at(scope)?;
        let grants = access::grants(st, p, at, Wanted::Named(action));
        let first = grants.iter().find(|g| g.condition.is_none());
        // Asked about a scope no assignment named, every grant is from above.
        let target = exact.then_some(at);
        Ok(Permission {
            allowed: first.is_some(),
            role: first.map(|g| role_name(st, g.role)),
            via: first.map(|g| self.grant_via(target, g)).unwrap_or_default(),
            conditions: grants.iter().filter_map(|g| g.condition.clone()).collect(),
        })
    }

    fn grant_via(&self, target: Option<At>, g: &access::Grant) -> Vec<Via> {
        let st = &self.state;
        let mut via: Vec<Via> = g
            .through
            .iter()
            .map(|x| Via::Group(self.principal_name(Principal::Group(*x))))
            .collect();
        if Some(g.at) != target {
            via.push(match g.at {
                At::Root(dir) if g.role == RoleRef::Builtin(RbacRole::UserAccessAdministrator) => {
                    Via::Elevated(st.dir(dir).initial_domain.clone())
                }
                other => Via::Scope(st.at_path(other)),
            });
        }
        via
    }

    /// A principal by reference, for queries.
    fn principal_id(&self, reference: &str) -> Result<Principal> {
        self.state.find_principal(reference).map_err(|why| {
            Error::new(match (why, crate::state::PrincipalRef::parse(reference)) {
                (_, crate::state::PrincipalRef::Account(a)) => ErrorKind::UnknownAccount {
                    account: a.to_owned(),
                },
                (crate::state::Unresolved::Ambiguous, _) => ErrorKind::AmbiguousReference {
                    reference: reference.to_owned(),
                    count: 2,
                },
                (crate::state::Unresolved::Unknown, _) => ErrorKind::UnknownPrincipal {
                    principal: reference.to_owned(),
                },
            })
        })
    }

    /// A scope written as an ARM path, as the nearest scope assignments
    /// can be at, and whether that is the scope itself (`/` is the root of
    /// the one directory, when there is one).
    fn scope_at(&self, scope: &str) -> Result<(At, bool)> {
        let st = &self.state;
        let invalid = |reason: String| {
            Error::new(ErrorKind::InvalidName {
                field: "scope",
                value: scope.to_owned(),
                reason,
            })
        };
        match crate::state::ScopePath::parse(scope).map_err(invalid)? {
            crate::state::ScopePath::Root => match st.dirs.len() {
                1 => Ok((At::Root(DirId(0)), true)),
                _ => Err(invalid(
                    "/ is ambiguous with several directories; name a management group or subscription".into(),
                )),
            },
            crate::state::ScopePath::Group(name) => st
                .find_mg(None, name)
                .map(|mg| (At::Group(mg), true))
                .ok_or_else(|| {
                    Error::new(ErrorKind::UnknownManagementGroup {
                        management_group: name.to_owned(),
                    })
                }),
            crate::state::ScopePath::Sub(id, below) => {
                let sub = self.sub_id(id)?;
                let exact = st.sub_scope_key(below);
                let key = exact.unwrap_or_else(|| {
                    below
                        .and_then(|b| b.split_once('/'))
                        .and_then(|(rg, _)| st.rgs.key_of_name(rg))
                        .unwrap_or(0)
                });
                Ok((At::Sub(sub, key), exact.is_some()))
            }
        }
    }

    /// A directory's subscription policy; a directory that never set one
    /// blocks both ways.
    pub fn subscription_policy(&self, directory: &str) -> Result<PolicyView> {
        let dir = self.dir_id(directory)?;
        let policy = self.state.dir(dir).policy();
        Ok(PolicyView {
            block_leaving: policy.block_leaving,
            block_entering: policy.block_entering,
            exempted: policy
                .exempted
                .iter()
                .map(|a| Name::from(self.reference(*a)))
                .collect(),
        })
    }

    /// The Azure subscriptions of a directory that have no Owner at their
    /// scope or above (through groups too); under the classic rules a
    /// service administrator counts as one. A Global Administrator
    /// recovers one by elevating (N1).
    pub fn orphaned_subscriptions(&self, directory: &str) -> Result<Vec<Uuid>> {
        let dir = self.dir_id(directory)?;
        let st = &self.state;
        let owner = RoleRef::Builtin(RbacRole::Owner);
        Ok(st
            .dir(dir)
            .subscriptions
            .iter()
            .filter(|s| {
                let Some(a) = st.sub(**s).azure() else {
                    return false;
                };
                if st.profile == Profile::Classic && a.service_admin.is_some() {
                    return false;
                }
                !st.chain(At::Sub(**s, 0))
                    .any(|at| self.assigned_at(at).iter().any(|(_, r)| *r == owner))
            })
            .map(|s| st.sub(*s).id)
            .collect())
    }

    /// A group's members, as FORMAT.md writes principals: its direct
    /// members in the order added, or with `transitive` every member at
    /// any depth, nested groups included, each once.
    pub fn group_members(&self, group: &str, transitive: bool) -> Result<Vec<Name>> {
        let g = match self.principal_id(group)? {
            Principal::Group(g) | Principal::ForeignGroup(g) => g,
            _ => {
                return Err(Error::new(ErrorKind::UnknownPrincipal {
                    principal: format!("{group} (not a group)"),
                }))
            }
        };
        if !transitive {
            return Ok(self
                .state
                .group(g)
                .members
                .iter()
                .map(|m| self.principal_name(*m))
                .collect());
        }
        Ok(self
            .state
            .members_of(g)
            .members
            .into_iter()
            .map(|(m, _)| self.principal_name(m))
            .collect())
    }

    /// The Azure subscriptions a Partner Center account's web storefront
    /// lists: those trusting the partner's directory that its admin can
    /// manage (seed 004), and the Azure plan subscriptions its Admin
    /// Agents group owns in its customers' directories (N7).
    pub fn storefront(&self, partner: &str) -> Result<Vec<Uuid>> {
        let st = &self.state;
        let p = st.partner(self.partner_id(partner)?);
        let admin = st.account(p.admin);
        let owner = RoleRef::Builtin(RbacRole::Owner);
        let mut out: Vec<Uuid> = st
            .dir(p.directory)
            .subscriptions
            .iter()
            .filter(|s| {
                st.sub(**s).azure().is_some_and(|a| {
                    a.account_admin == Some(p.admin)
                        || a.service_admin == Some(p.admin)
                        || admin.holds_classic(**s, ClassicRole::Co)
                        || st.holds(Principal::User(p.admin), At::Sub(**s, 0), owner)
                })
            })
            .map(|s| st.sub(*s).id)
            .collect();
        if let Some(agents) = p.admin_agents {
            for held in st.held(Principal::Group(agents)) {
                if let (At::Sub(sub, 0), true) = (held.at, held.role == owner) {
                    let id = st.sub(sub).id;
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
        }
        Ok(out)
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

    /// A directory's management groups below its tenant root group, in
    /// the order created (a parent before its children); empty under the
    /// classic profile and for a directory that has none.
    pub fn management_groups(&self, directory: &str) -> Result<Vec<ManagementGroupView<'_>>> {
        let st = &self.state;
        let d = st.dir(self.dir_id(directory)?);
        Ok(d.management_groups
            .iter()
            .map(|id| {
                let mg = st.mg(*id);
                ManagementGroupView {
                    name: &mg.name,
                    display_name: &mg.display_name,
                    parent: mg
                        .parent
                        .map(|p| st.mg(p))
                        .filter(|p| p.parent.is_some())
                        .map(|p| &*p.name),
                    depth: mg.depth,
                }
            })
            .collect())
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

/// A role definition's name as FORMAT.md writes it.
pub(crate) fn role_name(st: &State, role: RoleRef) -> RoleName {
    match role {
        RoleRef::Builtin(r) => RoleName::Builtin(r),
        RoleRef::Custom(id) => RoleName::Custom(st.custom_role(id).name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fingerprint match that is the wrong account (too rare to meet by
    /// chance, so it is passed in on purpose) never decides the answer:
    /// `can_perform` answers for the account named.
    #[test]
    fn can_perform_confirms_the_account_it_started_from() {
        let (t, sub) = crate::tenancy::testing::owner_and_other(Profile::Current);
        let scope = format!("/subscriptions/{sub}");
        let write = "Microsoft.Compute/virtualMachines/write";
        let owner = t.state.find_account("msa:owner@example.com");
        let other = t.state.find_account("msa:other@example.com");
        assert!(owner.is_some() && other.is_some() && owner != other);
        for (principal, wrong, allowed) in [
            ("msa:other@example.com", owner, false),
            ("msa:OWNER@example.com", other, true),
        ] {
            let answer = t.can_perform_from(wrong, principal, write, &scope);
            assert_eq!(
                answer.as_ref().map(|p| p.allowed).ok(),
                Some(allowed),
                "{principal}"
            );
            assert_eq!(answer.ok(), t.can_perform(principal, write, &scope).ok());
        }
        let unknown = t.can_perform_from(owner, "msa:nobody@example.com", write, &scope);
        assert_eq!(unknown.err().map(|e| e.code()), Some("UNKNOWN_ACCOUNT"));
    }
}

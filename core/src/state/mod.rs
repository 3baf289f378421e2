//! The state: arenas of entities, the indexes kept beside them (their
//! lookups are in [`lookup`]), the event log, and the one place changes are
//! applied.

mod lookup;

use crate::change::{Change, Event, NewPlan};
use crate::effect::SubscriptionKind;
use crate::ids::IdSource;
use crate::index::Index;
use crate::model::{
    sorted_insert, sorted_remove, AccId, Account, AccountKind, Assignment, Azure, ClassicRole,
    Cloud, DirId, Directory, HeldAssignment, Membership, Name, Partner, PartnerId, Plan, Profile,
    ResourceGroups, RoleSet, ScopeId, SubId, Subscription, SubscriptionPolicy,
};
use foldhash::fast::RandomState;
pub(crate) use lookup::{split_msa, Matching, Resolution, Warming};
use lookup::{FastMap, FoldedIndex};
use std::hash::BuildHasher;
use uuid::Uuid;

/// Everything tenantry knows.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// The rules it follows.
    pub(crate) profile: Profile,
    pub(crate) dirs: Vec<Directory>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) subs: Vec<Subscription>,
    pub(crate) partners: Vec<Partner>,
    pub(crate) events: Vec<Event>,
    pub(crate) rgs: ResourceGroups,
    /// Derived: each directory's cloud, compact, so cloud checks never
    /// touch the directory itself.
    pub(crate) dir_clouds: Vec<Cloud>,
    /// Every initial and verified domain, as given, with its directory.
    domain_names: Vec<(Name, DirId)>,
    domains: FoldedIndex,
    dir_ids: FastMap<Uuid, DirId>,
    /// Microsoft accounts by e-mail.
    msas: FoldedIndex,
    /// Work or school accounts by user principal name.
    works: FoldedIndex,
    /// Subscriptions by id.
    sub_ids: Index,
    uuid_hasher: RandomState,
    /// Partner names.
    partner_names: FoldedIndex,
}

impl State {
    // ----- entities --------------------------------------------------------

    pub(crate) fn dir(&self, id: DirId) -> &Directory {
        // Ids are only ever minted for entities in the arena.
        &self.dirs[id.idx()]
    }

    pub(crate) fn account(&self, id: AccId) -> &Account {
        &self.accounts[id.idx()]
    }

    pub(crate) fn sub(&self, id: SubId) -> &Subscription {
        &self.subs[id.idx()]
    }

    pub(crate) fn partner(&self, id: PartnerId) -> &Partner {
        &self.partners[id.idx()]
    }

    pub(crate) fn sub_kind(&self, id: SubId) -> SubscriptionKind {
        match self.sub(id).plan {
            Plan::Azure(_) => SubscriptionKind::Azure,
            Plan::Office365 { .. } => SubscriptionKind::Office365,
        }
    }

    // ----- applying changes ------------------------------------------------

    /// Applies one checked change. Never fails: the checks that produced it
    /// established everything it relies on.
    pub(crate) fn apply(&mut self, change: &Change, ids: &mut IdSource) {
        let mut added_scope = ScopeId::SUBSCRIPTION;
        match change {
            Change::CreateDirectory(nd) => {
                let id = self.insert_directory(Directory::new(
                    ids.next_uuid(),
                    nd.name.clone(),
                    nd.initial_domain.clone(),
                    nd.cloud,
                    nd.origin,
                ));
                if let Some(acc) = nd.default_for {
                    self.set_default_directory(acc, id);
                }
            }
            Change::CreateAccount(na) => {
                let kind = match na.home {
                    Some(home) => AccountKind::Work { home },
                    None => AccountKind::Microsoft {
                        default_directory: None,
                    },
                };
                self.insert_account(Account::new(na.reference.clone(), na.name.clone(), kind));
            }
            Change::AddUser { dir, acc, kind } => self.add_user(*dir, *acc, *kind),
            Change::AssignDirectoryRole { dir, acc, role } => {
                self.set_role(*dir, *acc, *role, true)
            }
            Change::RemoveDirectoryRole { dir, acc, role } => {
                self.set_role(*dir, *acc, *role, false)
            }
            Change::AddDomain { dir, domain } => self.add_verified_domain(*dir, domain.clone()),
            Change::CreateSubscription(ns) => {
                let plan = match &ns.plan {
                    NewPlan::Azure {
                        offer,
                        account_admin,
                        service_admin,
                    } => Plan::Azure(Azure {
                        offer: offer.clone(),
                        account_admin: *account_admin,
                        service_admin: *service_admin,
                        co_admins: Vec::new(),
                        assignments: Vec::new(),
                    }),
                    NewPlan::Office365 { plan, seats } => Plan::Office365 {
                        plan: plan.clone(),
                        seats: *seats,
                    },
                };
                let id = ids.next_uuid();
                self.insert_subscription(Subscription {
                    id,
                    key: id.to_string().into(),
                    name: ns.name.clone(),
                    directory: ns.directory,
                    plan,
                });
            }
            Change::MoveSubscription { sub, from, to } => {
                if let Some(s) = self.subs.get_mut(sub.idx()) {
                    s.directory = *to;
                }
                if let Some(d) = self.dirs.get_mut(from.idx()) {
                    sorted_remove(&mut d.subscriptions, sub);
                }
                if let Some(d) = self.dirs.get_mut(to.idx()) {
                    sorted_insert(&mut d.subscriptions, *sub);
                }
            }
            Change::AddCoAdmin { sub, acc } => {
                if let Some(a) = self
                    .subs
                    .get_mut(sub.idx())
                    .and_then(Subscription::azure_mut)
                {
                    a.co_admins.push(*acc);
                }
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(*sub, ClassicRole::Co, true);
                }
            }
            Change::RemoveCoAdmin { sub, acc } => {
                if let Some(a) = self
                    .subs
                    .get_mut(sub.idx())
                    .and_then(Subscription::azure_mut)
                {
                    a.co_admins.retain(|c| c != acc);
                }
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(*sub, ClassicRole::Co, false);
                }
            }
            Change::AddAssignment {
                sub,
                principal,
                role,
                resource_group,
            } => {
                added_scope = match resource_group {
                    Some(rg) => self.rgs.intern(rg),
                    None => ScopeId::SUBSCRIPTION,
                };
                self.add_assignment(
                    *sub,
                    Assignment {
                        principal: *principal,
                        role: *role,
                        scope: added_scope,
                    },
                );
            }
            Change::RemoveAssignment {
                sub,
                principal,
                role,
                scope,
            } => {
                let key = self.rgs.key(*scope);
                if let Some(a) = self
                    .subs
                    .get_mut(sub.idx())
                    .and_then(Subscription::azure_mut)
                {
                    if let Some(at) = a.assignments.iter().position(|x| {
                        x.principal == *principal && x.role == *role && x.scope == *scope
                    }) {
                        a.assignments.remove(at);
                    }
                }
                if let Some(a) = self.accounts.get_mut(principal.idx()) {
                    let held = HeldAssignment {
                        sub: *sub,
                        scope: key,
                        role: *role,
                    };
                    if let Ok(at) = a.assignments.binary_search(&held) {
                        a.assignments.remove(at);
                    }
                }
            }
            Change::SetServiceAdmin { sub, from, to } => {
                if let Some(a) = self
                    .subs
                    .get_mut(sub.idx())
                    .and_then(Subscription::azure_mut)
                {
                    a.service_admin = Some(*to);
                }
                if let Some(a) = self.accounts.get_mut(from.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, false);
                }
                if let Some(a) = self.accounts.get_mut(to.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, true);
                }
            }
            Change::Elevate { dir, acc } => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    sorted_insert(&mut d.elevated, *acc);
                }
            }
            Change::RemoveElevation { dir, acc } => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    sorted_remove(&mut d.elevated, acc);
                }
            }
            Change::SetPolicy { dir, policy } => {
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    d.policy = Some(SubscriptionPolicy::clone(policy));
                }
            }
            Change::CreatePartner(np) => {
                self.insert_partner(Partner {
                    name: np.name.clone(),
                    directory: np.directory,
                    admin: np.admin,
                });
            }
        }
        self.events.push(change.event(added_scope));
    }

    // ----- building blocks shared by `apply` and snapshot loading ---------

    /// Adds a directory and indexes its initial domain and id.
    pub(crate) fn insert_directory(&mut self, dir: Directory) -> DirId {
        let id = DirId::at(self.dirs.len());
        self.index_domain(dir.initial_domain.clone(), id);
        self.dir_ids.insert(dir.id, id);
        self.dir_clouds.push(dir.cloud);
        self.dirs.push(dir);
        id
    }

    /// Adds a verified domain to an existing directory, indexed.
    pub(crate) fn add_verified_domain(&mut self, dir: DirId, domain: Name) {
        self.index_domain(domain.clone(), dir);
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.verified_domains.push(domain);
        }
    }

    /// Makes `dir` a Microsoft account's default directory.
    pub(crate) fn set_default_directory(&mut self, acc: AccId, dir: DirId) {
        if let Some(AccountKind::Microsoft { default_directory }) =
            self.accounts.get_mut(acc.idx()).map(|a| &mut a.kind)
        {
            *default_directory = Some(dir);
        }
    }

    /// Indexes a verified domain of an existing directory.
    pub(crate) fn index_domain(&mut self, domain: Name, dir: DirId) {
        let at = u32::try_from(self.domain_names.len()).unwrap_or(u32::MAX);
        self.domain_names.push((domain, dir));
        let name = self
            .domain_names
            .last()
            .map(|(n, _)| &**n)
            .unwrap_or_default();
        self.domains.insert(at, name);
    }

    /// Adds an account and indexes its sign-in name.
    pub(crate) fn insert_account(&mut self, account: Account) -> AccId {
        let id = AccId::at(self.accounts.len());
        let microsoft = account.is_microsoft();
        self.accounts.push(account);
        let name = self
            .accounts
            .get(id.idx())
            .map(Account::sign_in_name)
            .unwrap_or_default();
        let hash = if microsoft {
            self.msas.insert(id.0, name)
        } else {
            self.works.insert(id.0, name)
        };
        if let Some(account) = self.accounts.get_mut(id.idx()) {
            account.key_hash = hash as u32;
        }
        id
    }

    pub(crate) fn add_user(&mut self, dir: DirId, acc: AccId, kind: crate::model::UserKind) {
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.users.push(acc);
        }
        if let Some(a) = self.accounts.get_mut(acc.idx()) {
            let at = a
                .memberships
                .iter()
                .position(|m| m.dir > dir)
                .unwrap_or(a.memberships.len());
            a.memberships.insert(
                at,
                Membership {
                    dir,
                    kind,
                    roles: RoleSet::default(),
                },
            );
        }
    }

    pub(crate) fn set_role(
        &mut self,
        dir: DirId,
        acc: AccId,
        role: crate::model::DirectoryRole,
        held: bool,
    ) {
        if let Some(m) = self
            .accounts
            .get_mut(acc.idx())
            .and_then(|a| a.membership_mut(dir))
        {
            if held {
                m.roles.insert(role);
            } else {
                m.roles.remove(role);
            }
        }
        if let Some(holders) = self
            .dirs
            .get_mut(dir.idx())
            .and_then(|d| d.holders_mut(role))
        {
            if held {
                sorted_insert(holders, acc);
            } else {
                sorted_remove(holders, &acc);
            }
        }
    }

    /// Adds a subscription, indexing its id, its directory and its classic
    /// administrators.
    pub(crate) fn insert_subscription(&mut self, sub: Subscription) -> SubId {
        let id = SubId::at(self.subs.len());
        self.sub_ids.insert(self.uuid_hasher.hash_one(sub.id), id.0);
        if let Some(d) = self.dirs.get_mut(sub.directory.idx()) {
            sorted_insert(&mut d.subscriptions, id);
        }
        if let Some(azure) = sub.azure() {
            let holders: Vec<(AccId, ClassicRole)> =
                std::iter::once((azure.account_admin, ClassicRole::Account))
                    .chain(azure.service_admin.map(|s| (s, ClassicRole::Service)))
                    .chain(azure.co_admins.iter().map(|c| (*c, ClassicRole::Co)))
                    .collect();
            for (acc, role) in holders {
                if let Some(a) = self.accounts.get_mut(acc.idx()) {
                    a.set_classic(id, role, true);
                }
            }
        }
        self.subs.push(sub);
        id
    }

    /// Adds an assignment to a subscription and to its principal's list.
    pub(crate) fn add_assignment(&mut self, sub: SubId, assignment: Assignment) {
        let key = self.rgs.key(assignment.scope);
        if let Some(a) = self
            .subs
            .get_mut(sub.idx())
            .and_then(Subscription::azure_mut)
        {
            a.assignments.push(assignment);
        }
        if let Some(a) = self.accounts.get_mut(assignment.principal.idx()) {
            let held = HeldAssignment {
                sub,
                scope: key,
                role: assignment.role,
            };
            if let Err(at) = a.assignments.binary_search(&held) {
                a.assignments.insert(at, held);
            }
        }
    }

    pub(crate) fn insert_partner(&mut self, partner: Partner) -> PartnerId {
        let id = PartnerId::at(self.partners.len());
        if let Some(d) = self.dirs.get_mut(partner.directory.idx()) {
            d.partner = Some(id);
        }
        self.partner_names.insert(id.0, &partner.name);
        self.partners.push(partner);
        id
    }
}

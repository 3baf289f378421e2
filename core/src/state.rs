//! The state: arenas of entities, the indexes that make every hot lookup
//! O(1) or O(result), the event log, and the one place changes are applied.

use crate::change::{Change, Event, NewPlan};
use crate::effect::SubscriptionKind;
use crate::ids::IdSource;
use crate::model::{
    sorted_insert, sorted_remove, AccId, Account, AccountKind, Assignment, Azure, DirId, Directory,
    HeldAssignment, Membership, Name, Partner, PartnerId, Plan, ResourceGroups, RoleSet, ScopeId,
    SubId, Subscription,
};
use crate::names::fold;
use foldhash::fast::RandomState;
use hashbrown::HashTable;
use std::collections::HashMap;
use std::hash::BuildHasher;
use uuid::Uuid;

/// A case-insensitive index from a name to an arena position, storing only
/// the position: the name itself is read back from the arena.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    table: HashTable<u32>,
    hasher: RandomState,
}

impl NameIndex {
    fn hash(&self, name: &str) -> u64 {
        let mut buf = [0u8; 512];
        match fold(name, &mut buf) {
            Some(folded) => self.hasher.hash_one(folded),
            None => self.hasher.hash_one(name.to_ascii_lowercase().as_bytes()),
        }
    }

    pub(crate) fn get<'s>(&self, name: &str, key_of: impl Fn(u32) -> &'s str) -> Option<u32> {
        let hash = self.hash(name);
        self.table
            .find(hash, |id| key_of(*id).eq_ignore_ascii_case(name))
            .copied()
    }

    pub(crate) fn insert<'s>(&mut self, id: u32, name: &str, key_of: impl Fn(u32) -> &'s str) {
        let hash = self.hash(name);
        let hasher = &self.hasher;
        self.table.insert_unique(hash, id, |other| {
            let mut buf = [0u8; 512];
            let key = key_of(*other);
            match fold(key, &mut buf) {
                Some(folded) => hasher.hash_one(folded),
                None => hasher.hash_one(key.to_ascii_lowercase().as_bytes()),
            }
        });
    }

    /// Makes room for `n` entries. Only an empty index may reserve: growing
    /// a full one rehashes, which needs the names.
    pub(crate) fn reserve_empty(&mut self, n: usize) {
        if self.table.is_empty() {
            self.table.reserve(n, |_| 0);
        }
    }
}

/// Looks up a lower-cased key without allocating when the name is short.
fn lookup_folded<K: std::borrow::Borrow<str> + std::hash::Hash + Eq, V: Copy>(
    map: &HashMap<K, V>,
    name: &str,
) -> Option<V> {
    let mut buf = [0u8; 512];
    match fold(name, &mut buf).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(key) => map.get(key).copied(),
        None => map.get(name.to_ascii_lowercase().as_str()).copied(),
    }
}

/// Everything tenantry knows.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub(crate) dirs: Vec<Directory>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) subs: Vec<Subscription>,
    pub(crate) partners: Vec<Partner>,
    pub(crate) events: Vec<Event>,
    pub(crate) rgs: ResourceGroups,
    /// Every initial and verified domain, lower-case.
    domains: HashMap<Name, DirId>,
    dir_ids: HashMap<Uuid, DirId>,
    /// Microsoft accounts by e-mail.
    msas: NameIndex,
    /// Work or school accounts by user principal name.
    works: NameIndex,
    sub_ids: HashMap<Uuid, SubId>,
    /// Partner names, lower-case.
    partner_names: HashMap<Box<str>, PartnerId>,
}

impl State {
    // ----- lookups ---------------------------------------------------------

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

    /// A directory by initial domain, verified domain or tenant id.
    pub(crate) fn find_directory(&self, reference: &str) -> Option<DirId> {
        if let Some(id) = lookup_folded(&self.domains, reference) {
            return Some(id);
        }
        let uuid = Uuid::try_parse(reference).ok()?;
        self.dir_ids.get(&uuid).copied()
    }

    /// The directory holding `domain` (initial or verified), if any.
    pub(crate) fn domain_owner(&self, domain: &str) -> Option<DirId> {
        lookup_folded(&self.domains, domain)
    }

    pub(crate) fn find_msa(&self, email: &str) -> Option<AccId> {
        let accounts = &self.accounts;
        self.msas
            .get(email, |id| {
                accounts
                    .get(id as usize)
                    .map(Account::sign_in_name)
                    .unwrap_or_default()
            })
            .map(AccId)
    }

    pub(crate) fn find_work(&self, upn: &str) -> Option<AccId> {
        let accounts = &self.accounts;
        self.works
            .get(upn, |id| {
                accounts
                    .get(id as usize)
                    .map(|a| &*a.reference)
                    .unwrap_or_default()
            })
            .map(AccId)
    }

    /// An account by FORMAT.md reference: `msa:<e-mail>` or a UPN.
    pub(crate) fn find_account(&self, reference: &str) -> Option<AccId> {
        match split_msa(reference) {
            Some(email) => self.find_msa(email),
            None => self.find_work(reference),
        }
    }

    pub(crate) fn find_subscription(&self, reference: &str) -> Option<SubId> {
        let uuid = Uuid::try_parse(reference).ok()?;
        self.sub_ids.get(&uuid).copied()
    }

    pub(crate) fn find_partner(&self, name: &str) -> Option<PartnerId> {
        lookup_folded(&self.partner_names, name)
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
                if let Some(AccountKind::Microsoft { default_directory }) = nd
                    .default_for
                    .and_then(|acc| self.accounts.get_mut(acc.idx()))
                    .map(|a| &mut a.kind)
                {
                    *default_directory = Some(id);
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
            Change::AddDomain { dir, domain } => {
                self.domains.insert(domain.clone(), *dir);
                if let Some(d) = self.dirs.get_mut(dir.idx()) {
                    d.verified_domains.push(domain.clone());
                }
            }
            Change::CreateSubscription(ns) => {
                let plan = match &ns.plan {
                    NewPlan::Azure { offer, admin } => Plan::Azure(Box::new(Azure {
                        offer: offer.clone(),
                        account_admin: *admin,
                        service_admin: *admin,
                        co_admins: Vec::new(),
                        assignments: Vec::new(),
                    })),
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
                    sorted_insert(&mut a.co_admin_of, *sub);
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
                    sorted_remove(&mut a.co_admin_of, sub);
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
                    sorted_remove(
                        &mut a.assignments,
                        &HeldAssignment {
                            sub: *sub,
                            scope: key,
                            role: *role,
                        },
                    );
                }
            }
            Change::SetServiceAdmin { sub, from, to } => {
                if let Some(a) = self
                    .subs
                    .get_mut(sub.idx())
                    .and_then(Subscription::azure_mut)
                {
                    a.service_admin = *to;
                }
                if let Some(a) = self.accounts.get_mut(from.idx()) {
                    sorted_remove(&mut a.service_admin_of, sub);
                }
                if let Some(a) = self.accounts.get_mut(to.idx()) {
                    sorted_insert(&mut a.service_admin_of, *sub);
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
        self.domains.insert(dir.initial_domain.clone(), id);
        self.dir_ids.insert(dir.id, id);
        self.dirs.push(dir);
        id
    }

    /// Indexes a verified domain of an existing directory.
    pub(crate) fn index_domain(&mut self, domain: Name, dir: DirId) {
        self.domains.insert(domain, dir);
    }

    /// Adds an account and indexes its sign-in name.
    pub(crate) fn insert_account(&mut self, account: Account) -> AccId {
        let id = AccId::at(self.accounts.len());
        let microsoft = account.is_microsoft();
        self.accounts.push(account);
        let accounts = &self.accounts;
        let name = accounts
            .get(id.idx())
            .map(Account::sign_in_name)
            .unwrap_or_default();
        if microsoft {
            self.msas.insert(id.0, name, |i| {
                accounts
                    .get(i as usize)
                    .map(Account::sign_in_name)
                    .unwrap_or_default()
            });
        } else {
            self.works.insert(id.0, name, |i| {
                accounts
                    .get(i as usize)
                    .map(|a| &*a.reference)
                    .unwrap_or_default()
            });
        }
        id
    }

    /// Makes room in the account indexes before a bulk load.
    pub(crate) fn reserve_accounts(&mut self, n: usize, microsoft: usize) {
        self.accounts.reserve(n);
        self.msas.reserve_empty(microsoft);
        self.works.reserve_empty(n.saturating_sub(microsoft));
    }

    pub(crate) fn add_user(&mut self, dir: DirId, acc: AccId, kind: crate::model::UserKind) {
        if let Some(d) = self.dirs.get_mut(dir.idx()) {
            d.users.push(acc);
        }
        if let Some(a) = self.accounts.get_mut(acc.idx()) {
            let at = a.memberships.partition_point(|m| m.dir < dir);
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
        self.sub_ids.insert(sub.id, id);
        if let Some(d) = self.dirs.get_mut(sub.directory.idx()) {
            sorted_insert(&mut d.subscriptions, id);
        }
        if let Some(azure) = sub.azure() {
            let (account_admin, service_admin) = (azure.account_admin, azure.service_admin);
            let co_admins = azure.co_admins.clone();
            if let Some(a) = self.accounts.get_mut(account_admin.idx()) {
                sorted_insert(&mut a.account_admin_of, id);
            }
            if let Some(a) = self.accounts.get_mut(service_admin.idx()) {
                sorted_insert(&mut a.service_admin_of, id);
            }
            for co in co_admins {
                if let Some(a) = self.accounts.get_mut(co.idx()) {
                    sorted_insert(&mut a.co_admin_of, id);
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
            sorted_insert(
                &mut a.assignments,
                HeldAssignment {
                    sub,
                    scope: key,
                    role: assignment.role,
                },
            );
        }
    }

    pub(crate) fn insert_partner(&mut self, partner: Partner) -> PartnerId {
        let id = PartnerId::at(self.partners.len());
        self.partner_names
            .insert(partner.name.to_ascii_lowercase().into(), id);
        if let Some(d) = self.dirs.get_mut(partner.directory.idx()) {
            d.partner = Some(id);
        }
        self.partners.push(partner);
        id
    }
}

/// The e-mail of an `msa:` reference (the prefix is case-insensitive).
pub(crate) fn split_msa(reference: &str) -> Option<&str> {
    let prefix = reference.get(..4)?;
    prefix
        .eq_ignore_ascii_case("msa:")
        .then(|| reference.get(4..))
        .flatten()
}

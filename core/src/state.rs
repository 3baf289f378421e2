//! The state: arenas of entities, the indexes that make every hot lookup
//! O(1) or O(result), the event log, and the one place changes are applied.

use crate::change::{Change, Event, NewPlan};
use crate::effect::SubscriptionKind;
use crate::ids::IdSource;
use crate::index::{prefetch, Index};
use crate::model::{
    sorted_insert, sorted_remove, AccId, Account, AccountKind, Assignment, Azure, ClassicRole,
    Cloud, DirId, Directory, HeldAssignment, Membership, Name, Partner, PartnerId, Plan,
    ResourceGroups, RoleSet, ScopeId, SubId, Subscription,
};
use crate::names::hash_folded;
use foldhash::fast::RandomState;
use std::hash::BuildHasher;
use uuid::Uuid;

/// A case-insensitive index from a name to an arena position, storing only
/// the position: the name itself is read back from the arena.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    index: Index,
    hasher: RandomState,
}

fn fold_hash(hasher: &RandomState, name: &str) -> u64 {
    hash_folded(hasher, name)
}

impl NameIndex {
    pub(crate) fn hash(&self, name: &str) -> u64 {
        fold_hash(&self.hasher, name)
    }

    /// The id whose key equals `name` (ignoring case); `hash` is
    /// [`NameIndex::hash`] of `name`.
    pub(crate) fn get_hashed<'s>(
        &self,
        hash: u64,
        name: &str,
        key_of: impl Fn(u32) -> &'s str,
    ) -> Option<u32> {
        self.index
            .find(hash, |id| key_of(id).eq_ignore_ascii_case(name))
    }

    /// Adds `id` under `name`; returns the name's hash.
    pub(crate) fn insert(&mut self, id: u32, name: &str) -> u64 {
        let hash = self.hash(name);
        self.index.insert(hash, id);
        hash
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }
}

/// What [`State::resolve`] found, in the order asked: up to `A` accounts,
/// `S` subscriptions and `S` directories.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolution<const A: usize, const S: usize> {
    accounts: [Option<AccId>; A],
    subscriptions: [Option<SubId>; S],
    directories: [Option<DirId>; S],
    /// How many of each were resolved.
    resolved: (usize, usize, usize),
}

impl<const A: usize, const S: usize> Default for Resolution<A, S> {
    fn default() -> Self {
        Resolution {
            accounts: [None; A],
            subscriptions: [None; S],
            directories: [None; S],
            resolved: (0, 0, 0),
        }
    }
}

impl<const A: usize, const S: usize> Resolution<A, S> {
    /// The accounts resolved, in the order asked.
    pub(crate) fn accounts(&self) -> &[Option<AccId>] {
        self.accounts.get(..self.resolved.0).unwrap_or_default()
    }

    /// The subscriptions resolved, in the order asked.
    pub(crate) fn subscriptions(&self) -> &[Option<SubId>] {
        self.subscriptions
            .get(..self.resolved.1)
            .unwrap_or_default()
    }

    /// The directories resolved, in the order asked.
    pub(crate) fn directories(&self) -> &[Option<DirId>] {
        self.directories.get(..self.resolved.2).unwrap_or_default()
    }
}

/// Starts loading the first element of `items`, wherever it lives.
fn prefetch_slice<T>(items: &[T]) {
    if let Some(first) = items.first() {
        prefetch(first);
    }
}

/// A hash map with a fast hasher; iteration order is never observed.
type FastMap<K, V> = hashbrown::HashMap<K, V, RandomState>;

/// Looks up a lower-cased key without allocating when the name is short.
fn lookup_folded<V: Copy>(map: &FastMap<Box<str>, V>, name: &str) -> Option<V> {
    let lower = name.to_ascii_lowercase();
    map.get(lower.as_str()).copied()
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
    /// Derived: each directory's cloud, compact, so cloud checks never
    /// touch the directory itself.
    pub(crate) dir_clouds: Vec<Cloud>,
    /// Every initial and verified domain, lower-case, with its directory.
    domain_names: Vec<(Name, DirId)>,
    domains: NameIndex,
    dir_ids: FastMap<Uuid, DirId>,
    /// Microsoft accounts by e-mail.
    msas: NameIndex,
    /// Work or school accounts by user principal name.
    works: NameIndex,
    /// Subscriptions by id.
    sub_ids: Index,
    uuid_hasher: RandomState,
    /// Partner names, lower-case.
    partner_names: FastMap<Box<str>, PartnerId>,
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
        if let Some(id) = self.domain_owner(reference) {
            return Some(id);
        }
        let uuid = Uuid::try_parse(reference).ok()?;
        self.dir_ids.get(&uuid).copied()
    }

    /// The directory holding `domain` (initial or verified), if any.
    pub(crate) fn domain_owner(&self, domain: &str) -> Option<DirId> {
        self.domain_owner_hashed(domain, self.domains.hash(domain))
    }

    fn domain_owner_hashed(&self, domain: &str, hash: u64) -> Option<DirId> {
        let names = &self.domain_names;
        let at = self.domains.get_hashed(hash, domain, |i| {
            names.get(i as usize).map(|(n, _)| &**n).unwrap_or_default()
        })?;
        names.get(at as usize).map(|(_, dir)| *dir)
    }

    pub(crate) fn find_msa(&self, email: &str) -> Option<AccId> {
        self.find_msa_hashed(email, self.msas.hash(email))
    }

    fn find_msa_hashed(&self, email: &str, hash: u64) -> Option<AccId> {
        let accounts = &self.accounts;
        self.msas
            .get_hashed(hash, email, |id| {
                accounts
                    .get(id as usize)
                    .map(Account::sign_in_name)
                    .unwrap_or_default()
            })
            .map(AccId)
    }

    pub(crate) fn find_work(&self, upn: &str) -> Option<AccId> {
        self.find_work_hashed(upn, self.works.hash(upn))
    }

    fn find_work_hashed(&self, upn: &str, hash: u64) -> Option<AccId> {
        let accounts = &self.accounts;
        self.works
            .get_hashed(hash, upn, |id| {
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
        self.find_subscription_id(Uuid::try_parse(reference).ok()?)
    }

    pub(crate) fn find_subscription_id(&self, uuid: Uuid) -> Option<SubId> {
        self.find_subscription_hashed(uuid, self.uuid_hasher.hash_one(uuid))
    }

    fn find_subscription_hashed(&self, uuid: Uuid, hash: u64) -> Option<SubId> {
        let subs = &self.subs;
        self.sub_ids
            .find(hash, |id| {
                subs.get(id as usize).is_some_and(|s| s.id == uuid)
            })
            .map(SubId)
    }

    /// Starts loading, all at once, the memory that looking up these
    /// accounts and subscriptions will touch: their index slots, then
    /// their entities, then the accounts' keys. Independent lookups then
    /// wait for one round of misses each instead of one chain after
    /// another. Only a hint: it changes nothing and never fails.
    /// [`State::warm`] for any number of references (bulk loading): each
    /// round over the whole batch, so its misses overlap.
    pub(crate) fn warm_all(&self, accounts: &[&str], subscriptions: &[&str]) {
        for reference in accounts.iter().chain(subscriptions) {
            if let Some(first) = reference.as_bytes().first() {
                prefetch(first);
            }
        }
        let account_hashes: Vec<(u64, bool)> = accounts
            .iter()
            .map(|reference| {
                let (index, hash) = match split_msa(reference) {
                    Some(email) => (&self.msas, (self.msas.hash(email), true)),
                    None => (&self.works, (self.works.hash(reference), false)),
                };
                index.index().prefetch(hash.0);
                hash
            })
            .collect();
        let sub_hashes: Vec<u64> = subscriptions
            .iter()
            .filter_map(|reference| Uuid::try_parse(reference).ok())
            .map(|uuid| {
                let hash = self.uuid_hasher.hash_one(uuid);
                self.sub_ids.prefetch(hash);
                hash
            })
            .collect();
        let candidates: Vec<&Account> = account_hashes
            .iter()
            .filter_map(|(hash, microsoft)| {
                let index = if *microsoft {
                    self.msas.index()
                } else {
                    self.works.index()
                };
                let account = index
                    .candidate(*hash)
                    .and_then(|id| self.accounts.get(id as usize))?;
                prefetch(account);
                Some(account)
            })
            .collect();
        for hash in &sub_hashes {
            if let Some(sub) = self
                .sub_ids
                .candidate(*hash)
                .and_then(|id| self.subs.get(id as usize))
            {
                prefetch(sub);
                prefetch(&sub.plan);
            }
        }
        let mut subs = Vec::with_capacity(sub_hashes.len());
        for hash in &sub_hashes {
            if let Some(sub) = self
                .sub_ids
                .candidate(*hash)
                .and_then(|id| self.subs.get(id as usize))
            {
                subs.push(sub);
            }
        }
        // What the checks read next: the accounts' keys and lists, the
        // subscriptions' administrators and assignments and the cloud of
        // their directories.
        for account in candidates {
            if let Some(first) = account.reference.as_bytes().first() {
                prefetch(first);
            }
            prefetch_slice(&account.memberships);
            prefetch_slice(&account.administers);
        }
        for sub in subs {
            if let Some(cloud) = self.dir_clouds.get(sub.directory.idx()) {
                prefetch(cloud);
            }
            if let Plan::Azure(azure) = &sub.plan {
                prefetch_slice(&azure.co_admins);
                prefetch_slice(&azure.assignments);
            }
        }
    }

    /// Looks up these accounts, subscriptions and directories, hashing
    /// each name once.
    ///
    /// With `WARM`, in rounds that start every independent cache miss of a
    /// round before waiting for any: the names, the index slots, the
    /// entities, the accounts' keys, then the lists the checks read next.
    /// On a large fleet a lookup is a chain of misses; resolving a batch of
    /// operations this way waits for one chain per round instead of one
    /// per reference. For a single operation the rounds cost more than
    /// they save (measured), so [`Prepared::new`](crate::facts::Prepared::new)
    /// resolves without them.
    ///
    /// With `FINGERPRINT`, accounts are matched by their 64-bit fingerprint
    /// (the index tag and [`Account::key_hash`]) instead of by name, which
    /// takes a dependent cache miss (the name) off the path of a cold
    /// lookup; the name is prefetched instead, and the caller must confirm
    /// every account found with [`State::is_account`] before trusting what
    /// it computed (see `Prepared::confirm`). No account is ever missed
    /// this way: only a false match is possible, and confirming catches it.
    pub(crate) fn resolve<
        const A: usize,
        const S: usize,
        const WARM: bool,
        const FINGERPRINT: bool,
    >(
        &self,
        accounts: &[&str],
        subscriptions: &[&str],
        directories: &[&str],
    ) -> Resolution<A, S> {
        // Beyond the capacity a name is left unresolved: a prepared view
        // then looks it up in the state.
        let accounts = accounts.get(..accounts.len().min(A)).unwrap_or_default();
        let subscriptions = subscriptions
            .get(..subscriptions.len().min(S))
            .unwrap_or_default();
        let directories = directories
            .get(..directories.len().min(S))
            .unwrap_or_default();
        let mut out = Resolution::<A, S>::default();
        if WARM {
            for reference in accounts.iter().chain(subscriptions).chain(directories) {
                if let Some(first) = reference.as_bytes().first() {
                    prefetch(first);
                }
            }
        }
        let mut account_keys = [(0u64, false); A];
        for (key, reference) in account_keys.iter_mut().zip(accounts) {
            *key = match split_msa(reference) {
                Some(email) => (self.msas.hash(email), true),
                None => (self.works.hash(reference), false),
            };
            if WARM {
                self.account_index(key.1).prefetch(key.0);
            }
        }
        let mut sub_keys = [None; S];
        for (key, reference) in sub_keys.iter_mut().zip(subscriptions) {
            if let Ok(uuid) = Uuid::try_parse(reference) {
                let hash = self.uuid_hasher.hash_one(uuid);
                if WARM {
                    self.sub_ids.prefetch(hash);
                }
                *key = Some((uuid, hash));
            }
        }
        let mut directory_keys = [0u64; S];
        for (key, reference) in directory_keys.iter_mut().zip(directories) {
            *key = self.domains.hash(reference);
            if WARM {
                self.domains.index().prefetch(*key);
            }
        }
        let account_keys = account_keys.get(..accounts.len()).unwrap_or_default();
        let sub_keys = sub_keys.get(..subscriptions.len()).unwrap_or_default();
        let directory_keys = directory_keys.get(..directories.len()).unwrap_or_default();
        if WARM {
            self.warm_candidates(account_keys, sub_keys, directory_keys);
        }
        // The lookups themselves, then what the checks read next.
        for ((found, reference), (hash, microsoft)) in
            out.accounts.iter_mut().zip(accounts).zip(account_keys)
        {
            *found = if FINGERPRINT {
                self.find_account_fingerprint(*hash, *microsoft)
            } else if *microsoft {
                let email = split_msa(reference).unwrap_or_default();
                self.find_msa_hashed(email, *hash)
            } else {
                self.find_work_hashed(reference, *hash)
            };
            let account = found.and_then(|id| self.accounts.get(id.idx()));
            if let Some(first) = account
                .filter(|_| FINGERPRINT && !WARM)
                .and_then(|a| a.reference.as_bytes().first())
            {
                prefetch(first);
            }
            if let Some(account) = account.filter(|_| WARM) {
                prefetch_slice(&account.memberships);
                prefetch_slice(&account.administers);
                prefetch_slice(&account.assignments);
            }
        }
        for (found, key) in out.subscriptions.iter_mut().zip(sub_keys) {
            *found = key.and_then(|(uuid, hash)| self.find_subscription_hashed(uuid, hash));
            if let Some(sub) = found
                .and_then(|id| self.subs.get(id.idx()))
                .filter(|_| WARM)
            {
                if let Some(cloud) = self.dir_clouds.get(sub.directory.idx()) {
                    prefetch(cloud);
                }
                if let Plan::Azure(azure) = &sub.plan {
                    prefetch_slice(&azure.co_admins);
                    prefetch_slice(&azure.assignments);
                }
                // Refusals name the subscription.
                if let Some(first) = sub.key.as_bytes().first() {
                    prefetch(first);
                }
            }
        }
        for ((found, reference), hash) in out
            .directories
            .iter_mut()
            .zip(directories)
            .zip(directory_keys)
        {
            *found = self
                .domain_owner_hashed(reference, *hash)
                .or_else(|| self.find_directory(reference));
            if let Some(cloud) = found
                .and_then(|dir| self.dir_clouds.get(dir.idx()))
                .filter(|_| WARM)
            {
                prefetch(cloud);
            }
        }
        out.resolved = (accounts.len(), subscriptions.len(), directories.len());
        out
    }

    /// Rounds two and three of [`State::resolve`]: the entities the slots
    /// point to, then their keys.
    fn warm_candidates(
        &self,
        account_keys: &[(u64, bool)],
        sub_keys: &[Option<(Uuid, u64)>],
        directory_keys: &[u64],
    ) {
        for (hash, microsoft) in account_keys {
            if let Some(account) = self
                .account_index(*microsoft)
                .candidate(*hash)
                .and_then(|id| self.accounts.get(id as usize))
            {
                prefetch(account);
            }
        }
        for (_, hash) in sub_keys.iter().flatten() {
            if let Some(sub) = self
                .sub_ids
                .candidate(*hash)
                .and_then(|id| self.subs.get(id as usize))
            {
                prefetch(sub);
                prefetch(&sub.plan);
            }
        }
        for hash in directory_keys {
            if let Some(entry) = self
                .domains
                .index()
                .candidate(*hash)
                .and_then(|at| self.domain_names.get(at as usize))
            {
                prefetch(entry);
            }
        }
        // Their keys.
        for (hash, microsoft) in account_keys {
            if let Some(account) = self
                .account_index(*microsoft)
                .candidate(*hash)
                .and_then(|id| self.accounts.get(id as usize))
            {
                if let Some(first) = account.reference.as_bytes().first() {
                    prefetch(first);
                }
            }
        }
        for hash in directory_keys {
            if let Some((name, _)) = self
                .domains
                .index()
                .candidate(*hash)
                .and_then(|at| self.domain_names.get(at as usize))
            {
                if let Some(first) = name.as_bytes().first() {
                    prefetch(first);
                }
            }
        }
    }

    fn account_index(&self, microsoft: bool) -> &Index {
        if microsoft {
            self.msas.index()
        } else {
            self.works.index()
        }
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
                    NewPlan::Azure { offer, admin } => Plan::Azure(Azure {
                        offer: offer.clone(),
                        account_admin: *admin,
                        service_admin: *admin,
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
                    a.service_admin = *to;
                }
                if let Some(a) = self.accounts.get_mut(from.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, false);
                }
                if let Some(a) = self.accounts.get_mut(to.idx()) {
                    a.set_classic(*sub, ClassicRole::Service, true);
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

    /// The account whose index tag and [`Account::key_hash`] both match
    /// `hash`, without reading its name: a 64-bit fingerprint match, which
    /// [`State::is_account`] must confirm before the answer is trusted. It
    /// never misses the account that holds the name.
    fn find_account_fingerprint(&self, hash: u64, microsoft: bool) -> Option<AccId> {
        let accounts = &self.accounts;
        self.account_index(microsoft)
            .find(hash, |id| {
                accounts
                    .get(id as usize)
                    .is_some_and(|a| a.key_hash == hash as u32)
            })
            .map(AccId)
    }

    /// Whether `reference` (as [`State::find_account`] takes it) names
    /// account `id`.
    pub(crate) fn is_account(&self, id: AccId, reference: &str) -> bool {
        let Some(account) = self.accounts.get(id.idx()) else {
            return false;
        };
        match split_msa(reference) {
            Some(email) => {
                account.is_microsoft() && account.sign_in_name().eq_ignore_ascii_case(email)
            }
            None => !account.is_microsoft() && account.reference.eq_ignore_ascii_case(reference),
        }
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
            let (account_admin, service_admin) = (azure.account_admin, azure.service_admin);
            let co_admins = azure.co_admins.clone();
            for (acc, role) in [
                (account_admin, ClassicRole::Account),
                (service_admin, ClassicRole::Service),
            ]
            .into_iter()
            .chain(co_admins.into_iter().map(|c| (c, ClassicRole::Co)))
            {
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

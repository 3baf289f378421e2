//! Finding things by name: the case-insensitive indexes of domains and
//! sign-in names, subscriptions by id, and the machinery that resolves an
//! operation's references together (warming the memory a lookup will touch,
//! matching accounts by fingerprint). Rules never see any of it: they ask
//! [`crate::facts::Facts`].

use super::State;
use crate::index::{prefetch, Index};
use crate::model::{AccId, Account, DirId, PartnerId, Plan, SubId};
use crate::names::hash_folded;
use foldhash::fast::RandomState;
use std::hash::BuildHasher;
use uuid::Uuid;

/// A case-insensitive index from a name to an arena position, storing only
/// the position: the name itself is read back from the arena.
#[derive(Debug, Clone, Default)]
pub(crate) struct FoldedIndex {
    index: Index,
    hasher: RandomState,
}

fn fold_hash(hasher: &RandomState, name: &str) -> u64 {
    hash_folded(hasher, name)
}

impl FoldedIndex {
    pub(crate) fn hash(&self, name: &str) -> u64 {
        fold_hash(&self.hasher, name)
    }

    /// The id whose key equals `name` (ignoring case); `hash` is
    /// [`FoldedIndex::hash`] of `name`.
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

/// Whether [`State::resolve`] warms the memory its lookups touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Warming {
    /// Each lookup on its own: best for one operation (measured).
    None,
    /// In rounds over all the references, each round starting every
    /// independent cache miss before waiting for any: best for a batch.
    Rounds,
}

/// How [`State::resolve`] matches accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matching {
    /// By name: exact.
    Name,
    /// By 64-bit fingerprint, to be confirmed with [`State::is_account`]
    /// before what is computed from it is trusted.
    Fingerprint,
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
pub(super) type FastMap<K, V> = hashbrown::HashMap<K, V, RandomState>;

impl State {
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
    /// accounts and subscriptions will touch: their index slots, then their
    /// entities, then the accounts' keys and lists, in rounds over all of
    /// them, so that independent lookups wait for one round of misses each
    /// instead of one chain after another (bulk loading). Only a hint: it
    /// changes nothing and never fails.
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
    /// With [`Warming::Rounds`], in rounds that start every independent
    /// cache miss of a round before waiting for any: the names, the index slots, the
    /// entities, the accounts' keys, then the lists the checks read next.
    /// On a large fleet a lookup is a chain of misses; resolving a batch of
    /// operations this way waits for one chain per round instead of one
    /// per reference. For a single operation the rounds cost more than
    /// they save (measured), so [`Prepared::new`](crate::facts::Prepared::new)
    /// resolves without them.
    ///
    /// With [`Matching::Fingerprint`], accounts are matched by their 64-bit fingerprint
    /// (the index tag and [`Account::key_hash`]) instead of by name, which
    /// takes a dependent cache miss (the name) off the path of a cold
    /// lookup; the name is prefetched instead, and the caller must confirm
    /// every account found with [`State::is_account`] before trusting what
    /// it computed (see `Prepared::confirm`). No account is ever missed
    /// this way: only a false match is possible, and confirming catches it.
    #[inline(always)] // each caller's `warming` and `matching` then fold away
    pub(crate) fn resolve<const A: usize, const S: usize>(
        &self,
        accounts: &[&str],
        subscriptions: &[&str],
        directories: &[&str],
        warming: Warming,
        matching: Matching,
    ) -> Resolution<A, S> {
        let warm = warming == Warming::Rounds;
        let fingerprint = matching == Matching::Fingerprint;
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
        if warm {
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
            if warm {
                self.account_index(key.1).prefetch(key.0);
            }
        }
        let mut sub_keys = [None; S];
        for (key, reference) in sub_keys.iter_mut().zip(subscriptions) {
            if let Ok(uuid) = Uuid::try_parse(reference) {
                let hash = self.uuid_hasher.hash_one(uuid);
                if warm {
                    self.sub_ids.prefetch(hash);
                }
                *key = Some((uuid, hash));
            }
        }
        let mut directory_keys = [0u64; S];
        for (key, reference) in directory_keys.iter_mut().zip(directories) {
            *key = self.domains.hash(reference);
            if warm {
                self.domains.index().prefetch(*key);
            }
        }
        let account_keys = account_keys.get(..accounts.len()).unwrap_or_default();
        let sub_keys = sub_keys.get(..subscriptions.len()).unwrap_or_default();
        let directory_keys = directory_keys.get(..directories.len()).unwrap_or_default();
        if warm {
            self.warm_candidates(account_keys, sub_keys, directory_keys);
        }
        // The lookups themselves, then what the checks read next.
        for ((found, reference), (hash, microsoft)) in
            out.accounts.iter_mut().zip(accounts).zip(account_keys)
        {
            *found = if fingerprint {
                self.find_account_fingerprint(*hash, *microsoft)
            } else if *microsoft {
                let email = split_msa(reference).unwrap_or_default();
                self.find_msa_hashed(email, *hash)
            } else {
                self.find_work_hashed(reference, *hash)
            };
            let account = found.and_then(|id| self.accounts.get(id.idx()));
            if let Some(first) = account
                .filter(|_| fingerprint && !warm)
                .and_then(|a| a.reference.as_bytes().first())
            {
                prefetch(first);
            }
            if let Some(account) = account.filter(|_| warm) {
                prefetch_slice(&account.memberships);
                prefetch_slice(&account.administers);
                prefetch_slice(&account.held);
            }
        }
        for (found, key) in out.subscriptions.iter_mut().zip(sub_keys) {
            *found = key.and_then(|(uuid, hash)| self.find_subscription_hashed(uuid, hash));
            if let Some(sub) = found
                .and_then(|id| self.subs.get(id.idx()))
                .filter(|_| warm)
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
                .filter(|_| warm)
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

    /// A Partner Center account by name (compared case-insensitively).
    pub(crate) fn find_partner(&self, name: &str) -> Option<PartnerId> {
        let partners = &self.partners;
        self.partner_names
            .get_hashed(self.partner_names.hash(name), name, |id| {
                partners
                    .get(id as usize)
                    .map(|p| &*p.name)
                    .unwrap_or_default()
            })
            .map(PartnerId)
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

    /// The account `reference` most likely names, matched by fingerprint
    /// (see [`State::resolve`]) with its name prefetched: confirm it with
    /// [`State::is_account`] before trusting what is computed from it.
    pub(crate) fn find_account_unconfirmed(&self, reference: &str) -> Option<AccId> {
        let (hash, microsoft) = match split_msa(reference) {
            Some(email) => (self.msas.hash(email), true),
            None => (self.works.hash(reference), false),
        };
        let found = self.find_account_fingerprint(hash, microsoft)?;
        if let Some(first) = self
            .accounts
            .get(found.idx())
            .and_then(|a| a.reference.as_bytes().first())
        {
            prefetch(first);
        }
        Some(found)
    }

    /// Starts loading the index slot of the subscription an ARM scope
    /// names, if it names one.
    pub(crate) fn warm_scope(&self, scope: &str) {
        let Some(rest) = super::principals::strip_prefix_folded(scope, "/subscriptions/") else {
            return;
        };
        let id = rest.split_once('/').map_or(rest, |(id, _)| id);
        if let Ok(uuid) = Uuid::try_parse(id) {
            self.sub_ids.prefetch(self.uuid_hasher.hash_one(uuid));
        }
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
}

/// The e-mail of an `msa:` reference (the prefix is case-insensitive).
pub(crate) fn split_msa(reference: &str) -> Option<&str> {
    let prefix = reference.get(..4)?;
    prefix
        .eq_ignore_ascii_case("msa:")
        .then(|| reference.get(4..))
        .flatten()
}

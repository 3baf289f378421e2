//! Deciding many operations at once ([`Tenancy::can_each`]): the
//! references of a few dozen operations are resolved together, warming
//! their memory in rounds, so that on a large fleet their cache misses
//! overlap instead of following one another. The decisions are those of
//! [`Tenancy::can`], one by one.

use crate::decision::Decision;
use crate::facts::Prepared;
use crate::ops::{Operation, References};
use crate::state::{Matching, Resolution, State, Warming};
use crate::tenancy::Tenancy;

impl Tenancy {
    /// [`Tenancy::can`] for each operation, in order: the same decisions,
    /// faster on a large fleet. Bulk pre-flight checks ("which of these
    /// changes would be refused?") are bound by memory latency, not
    /// computation; this resolves the references of a few dozen operations
    /// together, so their cache misses overlap instead of following one
    /// another.
    ///
    /// ```
    /// use tenantry::{ops::SignInManagementPortal, Operation, Tenancy};
    /// let t = Tenancy::new();
    /// let ops: Vec<Operation> = ["msa:nobody@example.com", "someone@contoso.com"]
    ///     .into_iter()
    ///     .map(|actor| SignInManagementPortal { actor: actor.into() }.into())
    ///     .collect();
    /// let decisions: Vec<_> = t.can_each(&ops).collect();
    /// assert_eq!(decisions.len(), 2);
    /// assert!(decisions.iter().all(|d| d.code == Some("UNKNOWN_ACCOUNT")));
    /// ```
    pub fn can_each<'a, I>(&'a self, ops: I) -> impl Iterator<Item = Decision> + 'a
    where
        I: IntoIterator<Item = &'a Operation>,
        I::IntoIter: 'a,
    {
        let mut ops = ops.into_iter();
        let mut batch = Batch::default();
        std::iter::from_fn(move || {
            if batch.next == batch.ops.len() {
                batch.fill(&self.state, &mut ops);
            }
            let (op, prepared) = batch.take(&self.state)?;
            Some(self.decide(op, prepared))
        })
    }
}

/// Operations whose references [`Tenancy::can_each`] resolved together.
struct Batch<'a> {
    ops: Vec<(&'a Operation, References<'a>)>,
    accounts: Vec<&'a str>,
    subscriptions: Vec<&'a str>,
    directories: Vec<&'a str>,
    resolution: Resolution<{ Batch::SIZE * 3 }, { Batch::SIZE }>,
    next: usize,
    next_account: usize,
    next_subscription: usize,
    next_directory: usize,
}

impl Default for Batch<'_> {
    fn default() -> Self {
        Batch {
            ops: Vec::with_capacity(Batch::SIZE),
            accounts: Vec::with_capacity(Batch::SIZE * 3),
            subscriptions: Vec::with_capacity(Batch::SIZE),
            directories: Vec::with_capacity(Batch::SIZE),
            resolution: Resolution::default(),
            next: 0,
            next_account: 0,
            next_subscription: 0,
            next_directory: 0,
        }
    }
}

impl<'a> Batch<'a> {
    /// Enough operations for their misses to overlap, few enough for what
    /// they load to stay in cache until it is read.
    const SIZE: usize = 32;

    fn fill(&mut self, state: &State, ops: &mut impl Iterator<Item = &'a Operation>) {
        self.ops.clear();
        self.accounts.clear();
        self.subscriptions.clear();
        self.directories.clear();
        self.next = 0;
        self.next_account = 0;
        self.next_subscription = 0;
        self.next_directory = 0;
        for op in ops.take(Self::SIZE) {
            let names = op.references();
            self.accounts.extend(names.accounts());
            self.subscriptions.extend(names.subscription);
            self.directories.extend(names.directory);
            self.ops.push((op, names));
        }
        self.resolution = state.resolve(
            &self.accounts,
            &self.subscriptions,
            &self.directories,
            Warming::Rounds,
            Matching::Fingerprint,
        );
    }

    /// The next operation, with its references as resolved.
    fn take<'s>(&mut self, state: &'s State) -> Option<(&'a Operation, Prepared<'s>)>
    where
        'a: 's,
    {
        let (op, names) = *self.ops.get(self.next)?;
        self.next += 1;
        let named = names.accounts().len();
        let accounts = self
            .resolution
            .accounts()
            .get(self.next_account..self.next_account + named)
            .unwrap_or_default();
        self.next_account += named;
        let subscription = names.subscription.and_then(|_| {
            self.next_subscription += 1;
            let at = self.next_subscription - 1;
            self.resolution.subscriptions().get(at).copied()
        });
        let directory = names.directory.and_then(|_| {
            self.next_directory += 1;
            let at = self.next_directory - 1;
            self.resolution.directories().get(at).copied()
        });
        let prepared = Prepared::from_parts(state, &names, accounts, subscription, directory);
        Some((op, prepared))
    }
}

//! [`Tenancy`]: the model and what can be done to it. An operation's life:
//!
//! 1. **Resolve.** The accounts, subscription and directory it names are
//!    looked up together, each name hashed once, into a
//!    [`Prepared`](crate::facts::Prepared) view of the state.
//! 2. **Check.** Its rule's module (in [`crate::ops`]) reads the state
//!    through [`Facts`](crate::facts::Facts) and returns the
//!    [`Change`]s the operation would make, or the error that refuses it,
//!    in DESIGN.md's order of checks. A check never mutates.
//! 3. **Answer.** [`Tenancy::plan`] renders the changes as effects;
//!    [`Tenancy::can`] turns the check into a [`Decision`];
//!    [`Tenancy::apply`] applies the changes to the state, which cannot
//!    fail (the check established everything they rely on), logs each as
//!    an event and renders them. So an operation is atomic, and a plan is
//!    exactly what applying does.

use crate::change::{render, Change};
use crate::decision::Decision;
use crate::effect::Effect;
use crate::error::{Error, Result};
use crate::facts::Prepared;
use crate::ids::IdSource;
use crate::ops::Operation;
use crate::state::State;
use std::fmt;
use uuid::Uuid;

/// Directories, accounts, users, subscriptions and Partner Center accounts,
/// with the documented workflows as operations.
///
/// Every operation is atomic: [`Tenancy::apply`] either applies all its
/// effects or returns an error and changes nothing. [`Tenancy::plan`]
/// returns the exact effects without applying them, and [`Tenancy::can`]
/// answers whether an account may do an operation now, and why not.
#[derive(Clone)]
pub struct Tenancy {
    pub(crate) state: State,
    pub(crate) ids: IdSource,
}

/// What an applied (or planned) operation did (or would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Every effect, in the order applied.
    pub effects: Vec<Effect>,
    /// The subscription the operation created (`sign_up_office365`,
    /// `sign_up_azure`, `buy_office365`); `None` in a plan, where the new
    /// subscription is written `*`.
    pub subscription: Option<Uuid>,
}

impl Default for Tenancy {
    fn default() -> Self {
        Tenancy::new()
    }
}

impl fmt::Debug for Tenancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Tenancy {
    /// A one-line summary: `Tenancy(3 directories, 7 accounts, 4 subscriptions, 1 partner, 31 events)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "Tenancy({}, {}, {}, {}, {})",
            plural(self.state.dirs.len(), "directory", "directories"),
            plural(self.state.accounts.len(), "account", "accounts"),
            plural(self.state.subs.len(), "subscription", "subscriptions"),
            plural(self.state.partners.len(), "partner", "partners"),
            plural(self.state.events.len(), "event", "events"),
        )
    }
}

impl Tenancy {
    /// An empty model whose new ids are random.
    pub fn new() -> Self {
        Tenancy::with_ids(IdSource::random())
    }

    /// An empty model whose new ids come from `seed`: the same operations
    /// give the same ids on every run.
    pub fn with_seed(seed: u64) -> Self {
        Tenancy::with_ids(IdSource::seeded(seed))
    }

    /// An empty model with this id source.
    pub fn with_ids(ids: IdSource) -> Self {
        Tenancy {
            state: State::default(),
            ids,
        }
    }

    /// Replaces the id source (e.g. after loading a snapshot, to continue
    /// reproducibly).
    pub fn set_ids(&mut self, ids: IdSource) {
        self.ids = ids;
    }

    /// Steps 1 and 2: resolve the operation's references, then check it.
    fn check(&self, op: &Operation) -> Result<Vec<Change>> {
        let prepared = Prepared::new(&self.state, &op.references());
        op.check(&prepared)
            .map_err(|kind| Error::new(kind).with_rule(op.rule()))
    }

    /// Applies an operation: all of its effects, or none and an error.
    ///
    /// ```
    /// use tenantry::{ops::CreateMicrosoftAccount, Tenancy};
    /// let mut t = Tenancy::with_seed(1);
    /// let op = CreateMicrosoftAccount { email: "jo@outlook.com".into() };
    /// t.apply(&op.clone().into())?;
    /// let again = t.apply(&op.into()).unwrap_err();
    /// assert_eq!(again.code(), "USER_EXISTS");
    /// # Ok::<(), tenantry::Error>(())
    /// ```
    pub fn apply(&mut self, op: &Operation) -> Result<Outcome> {
        let changes = self.check(op)?;
        // Step 3: nothing below can fail.
        let created = self.state.subs.len();
        for change in &changes {
            self.state.apply(change, &mut self.ids);
        }
        Ok(Outcome {
            effects: render(&self.state, &changes),
            subscription: self.state.subs.get(created).map(|s| s.id),
        })
    }

    /// The effects an operation would have, without applying them; or the
    /// error it would be refused with. A new subscription is written `*`.
    pub fn plan(&self, op: &Operation) -> Result<Outcome> {
        let changes = self.check(op)?;
        Ok(Outcome {
            effects: render(&self.state, &changes),
            subscription: None,
        })
    }

    /// Whether the operation's actor may do it now, with the rule, and if
    /// not the code, why and what to do instead.
    pub fn can(&self, op: &Operation) -> Decision {
        // Step 1 matches accounts by fingerprint; deciding confirms them.
        self.decide(op, Prepared::fingerprinted(&self.state, &op.references()))
    }

    /// Every effect applied so far, oldest first, as FORMAT.md writes them.
    pub fn events(&self) -> impl ExactSizeIterator<Item = Effect> + '_ {
        self.state
            .events
            .iter()
            .map(|e| crate::change::render_event(&self.state, e))
    }

    /// Checks every invariant of DESIGN §1 (I1–I9) on the whole state, as
    /// loading a snapshot does. They hold after every operation; this is for
    /// tests, and for a state built or changed by other means. A broken one
    /// is `INVALID_SNAPSHOT`, naming the item as a snapshot would.
    pub fn check_invariants(&self) -> Result<()> {
        crate::invariants::check(&self.state)
    }

    /// How many effects the event log holds.
    pub fn event_count(&self) -> usize {
        self.state.events.len()
    }
}

/// Fixtures the unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::Tenancy;
    use crate::ops::{CreateMicrosoftAccount, SignUpAzure};
    use crate::Profile;

    /// Two Microsoft accounts, `msa:owner@example.com` and
    /// `msa:other@example.com`; the owner signs up for Azure. Returns the
    /// tenancy and the subscription's id.
    pub(crate) fn owner_and_other(profile: Profile) -> (Tenancy, String) {
        let mut t = Tenancy::with_seed(5).with_profile(profile);
        for email in ["owner@example.com", "other@example.com"] {
            t.apply(
                &CreateMicrosoftAccount {
                    email: email.into(),
                }
                .into(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        let sub = t
            .apply(
                &SignUpAzure {
                    actor: "msa:owner@example.com".into(),
                    offer: "MS-AZR-0003P".into(),
                    ..Default::default()
                }
                .into(),
            )
            .unwrap_or_else(|e| panic!("{e}"))
            .subscription
            .map(|s| s.to_string())
            .unwrap_or_default();
        (t, sub)
    }
}

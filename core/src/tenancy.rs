//! [`Tenancy`]: the model's state and the operations on it — apply, plan
//! and decide.

use crate::change::{render, Change};
use crate::effect::Effect;
use crate::error::{Error, Result, Rule};
use crate::facts::{Facts, Prepared};
use crate::ids::IdSource;
use crate::model::Name;
use crate::ops::{Operation, References};
use crate::state::{Resolution, State};
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

/// The answer to "may this account do this operation now?". The sentence
/// and the hint are written only when asked for ([`Decision::message`],
/// [`Decision::hint`]), so deciding costs no formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether the operation would be applied.
    pub allowed: bool,
    /// The rule of the operation asked about (R10 or R11 for a composite,
    /// even when an inner step refused).
    pub rule: Option<Rule>,
    /// The refusal's code, when refused.
    pub code: Option<&'static str>,
    why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    Allowed {
        actor: Option<Name>,
        action: &'static str,
    },
    Refused(Error),
}

impl Decision {
    /// A sentence a person understands.
    pub fn message(&self) -> String {
        match &self.why {
            Why::Allowed { actor, action } => format!(
                "{} may {action}{}.",
                actor.as_deref().unwrap_or("Anyone"),
                self.rule.map(|r| format!(" ({r})")).unwrap_or_default()
            ),
            Why::Refused(e) => e.to_string(),
        }
    }

    /// What to do instead, when refused.
    pub fn hint(&self) -> Option<String> {
        match &self.why {
            Why::Allowed { .. } => None,
            Why::Refused(e) => Some(e.hint()),
        }
    }

    /// The error the operation would be refused with.
    pub fn error(&self) -> Option<&Error> {
        match &self.why {
            Why::Allowed { .. } => None,
            Why::Refused(e) => Some(e),
        }
    }
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

    fn check(&self, op: &Operation) -> Result<Vec<Change>> {
        op.check(&Prepared::new(&self.state, &op.references()))
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
        let first_new_sub = self.state.subs.len();
        for change in &changes {
            self.state.apply(change, &mut self.ids);
        }
        let subscription = self.state.subs.get(first_new_sub).map(|s| s.id);
        Ok(Outcome {
            effects: render(&self.state, &changes),
            subscription,
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
        let mut prepared = Prepared::fingerprinted(&self.state, &op.references());
        self.decide_confirmed(op, &mut prepared)
    }

    /// Decides on a view whose accounts were matched by fingerprint: the
    /// decision stands if every account was the right one (the check's
    /// reads then overlapped with reading the names); else it is decided
    /// again on the corrected view.
    fn decide_confirmed(&self, op: &Operation, prepared: &mut Prepared) -> Decision {
        let decision = self.decide(op, prepared);
        if prepared.confirm() {
            decision
        } else {
            self.decide(op, prepared)
        }
    }

    fn decide(&self, op: &Operation, prepared: &Prepared) -> Decision {
        match op.check(prepared) {
            Ok(_) => Decision {
                allowed: true,
                rule: op.rule(),
                code: None,
                why: Why::Allowed {
                    // The account's own spelling, shared rather than copied.
                    actor: op.actor().map(|actor| match prepared.find_account(actor) {
                        Some(id) => self.state.account(id).reference.clone(),
                        None => Name::from(actor),
                    }),
                    action: op.describe(),
                },
            },
            Err(kind) => Decision::from(Error::new(kind).with_rule(op.rule())),
        }
    }

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
            let (op, mut prepared) = batch.take(&self.state)?;
            Some(self.decide_confirmed(op, &mut prepared))
        })
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
        self.resolution = state.resolve::<_, _, true, true>(
            &self.accounts,
            &self.subscriptions,
            &self.directories,
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

impl From<Error> for Decision {
    fn from(e: Error) -> Self {
        Decision {
            allowed: false,
            rule: e.rule(),
            code: Some(e.code()),
            why: Why::Refused(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{CreateMicrosoftAccount, SignInManagementPortal, SignUpAzure};

    /// A fingerprint match that is the wrong account (two names whose
    /// 64-bit hashes collide: too rare to meet by chance, so the view is
    /// built wrong on purpose) is caught, and the decision taken again.
    #[test]
    fn a_wrong_fingerprint_match_is_caught_and_decided_again() {
        let mut t = Tenancy::with_seed(5);
        for email in ["owner@example.com", "other@example.com"] {
            t.apply(
                &CreateMicrosoftAccount {
                    email: email.into(),
                }
                .into(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        t.apply(
            &SignUpAzure {
                actor: "msa:owner@example.com".into(),
                offer: "MS-AZR-0003P".into(),
                ..Default::default()
            }
            .into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let owner = t.state.find_account("msa:owner@example.com");
        let other = t.state.find_account("msa:other@example.com");
        assert!(owner.is_some() && other.is_some() && owner != other);

        for (actor, wrong, allowed, code) in [
            ("msa:owner@example.com", other, true, None),
            (
                "msa:OTHER@example.com",
                owner,
                false,
                Some("NO_SUBSCRIPTION_ACCESS"),
            ),
            (
                "msa:nobody@example.com",
                owner,
                false,
                Some("UNKNOWN_ACCOUNT"),
            ),
        ] {
            let op: Operation = SignInManagementPortal {
                actor: actor.into(),
            }
            .into();
            let names = op.references();
            let mut prepared = Prepared::from_parts(&t.state, &names, &[wrong], None, None);
            // Taken on the wrong account, the decision would be wrong...
            assert_ne!(t.decide(&op, &prepared).allowed, allowed, "{actor}");
            // ...confirming catches it and the decision is taken again.
            let decision = t.decide_confirmed(&op, &mut prepared);
            assert_eq!(
                (decision.allowed, decision.code),
                (allowed, code),
                "{actor}"
            );
            assert_eq!(decision.allowed, t.can(&op).allowed);
            assert!(prepared.confirm(), "the view is right after confirming");
        }
    }
}

//! Decisions: whether an account may do an operation now, with the rule,
//! and if not the code, the sentence and what to do instead. Deciding
//! resolves the operation's accounts by fingerprint (see
//! [`State::resolve`](crate::state::State::resolve)) and confirms them after
//! the check has run, so that reading the names overlaps the check's reads.

use crate::error::{Error, Rule};
use crate::facts::{Facts, Prepared};
use crate::model::Name;
use crate::ops::Operation;
use crate::tenancy::Tenancy;

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

impl Tenancy {
    /// Decides on a view whose accounts were matched by fingerprint: the
    /// decision stands if every account was the right one; else it is
    /// decided again on the corrected view.
    pub(crate) fn decide(&self, op: &Operation, mut prepared: Prepared) -> Decision {
        let decision = self.decide_on(op, &prepared);
        if prepared.confirm() {
            decision
        } else {
            self.decide_on(op, &prepared)
        }
    }

    fn decide_on(&self, op: &Operation, prepared: &Prepared) -> Decision {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::SignInManagementPortal;

    /// A fingerprint match that is the wrong account (two names whose
    /// 64-bit hashes collide: too rare to meet by chance, so the view is
    /// built wrong on purpose) is caught, and the decision taken again.
    #[test]
    fn a_wrong_fingerprint_match_is_caught_and_decided_again() {
        let (t, _) = crate::tenancy::testing::owner_and_other(crate::Profile::Classic);
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
            let wrong_view = || Prepared::from_parts(&t.state, &names, &[wrong], None, None);
            // Taken on the wrong account, the decision would be wrong...
            assert_ne!(t.decide_on(&op, &wrong_view()).allowed, allowed, "{actor}");
            // ...confirming catches it and the decision is taken again.
            let decision = t.decide(&op, wrong_view());
            assert_eq!(
                (decision.allowed, decision.code),
                (allowed, code),
                "{actor}"
            );
            assert_eq!(decision.allowed, t.can(&op).allowed);
            let mut corrected = wrong_view();
            assert!(
                !corrected.confirm() && corrected.confirm(),
                "confirming corrects the view"
            );
        }
    }
}

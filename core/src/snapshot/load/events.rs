//! The event log: each entry an [`Effect`](crate::Effect) whose references
//! must all resolve, converted from the text to arena positions. Entries
//! are resolved in batches whose references are warmed together.

use super::bad;
use super::build::{acc_ref, dir_ref, scope_ref, sub_ref, Builder};
use super::documents::{EventDoc, Text, Texts};
use super::BATCH;
use crate::change::Ids;
use crate::effect::{Convert, Effect};
use crate::error::{Error, Result};
use crate::model::{AccId, DirId, Name, PartnerId, ScopeId, SubId};
use crate::names;
use crate::state::State;

impl<'de> Builder<'de> {
    /// One entry of the event log, resolved with the rest of its batch.
    pub(super) fn event(&mut self, i: usize, e: EventDoc<'de>) -> Result<()> {
        self.events.push((i, e));
        if self.events.len() >= BATCH {
            self.flush_events()?;
        }
        Ok(())
    }

    /// Resolves the batched events, their references warmed together.
    pub(super) fn flush_events(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.events);
        let (mut accounts, mut subscriptions) = (Vec::new(), Vec::new());
        for (_, e) in &batch {
            e.references(&mut accounts, &mut subscriptions);
        }
        let accounts: Vec<&str> = accounts.into_iter().map(|a| &**a).collect();
        let subscriptions: Vec<&str> = subscriptions.into_iter().map(|s| &**s).collect();
        self.st.warm_all(&accounts, &subscriptions);
        drop((accounts, subscriptions));
        for (i, e) in batch {
            let mut resolver = Resolver {
                st: &mut self.st,
                last_account: &mut self.last_account,
                at: i,
            };
            let event = e.try_map(&mut resolver)?;
            if let Effect::SubscriptionCreated {
                subscription, kind, ..
            } = &event
            {
                if self.st.sub_kind(*subscription) != *kind {
                    let id = &self.st.sub(*subscription).key;
                    return Err(bad(
                        format_args!("events[{i}]"),
                        format!("subscription {id} is not {kind}"),
                    ));
                }
            }
            self.st.events.push(event);
        }
        Ok(())
    }
}

/// Resolves the references of one entry of the log, refusing the entry
/// (`events[i]`) at the first that does not resolve.
struct Resolver<'a, 'de> {
    st: &'a mut State,
    /// The account the last event named, looked up once for both.
    last_account: &'a mut Option<(Text<'de>, AccId)>,
    at: usize,
}

impl Resolver<'_, '_> {
    fn at(&self) -> String {
        format!("events[{}]", self.at)
    }
}

impl<'de> Convert<Texts<'de>, Ids> for Resolver<'_, 'de> {
    type Error = Error;

    fn dir(&mut self, dir: Text<'de>) -> Result<DirId> {
        dir_ref(self.st, &dir, || self.at())
    }

    fn acc(&mut self, acc: Text<'de>) -> Result<AccId> {
        match &*self.last_account {
            Some((name, id)) if *name == acc => Ok(*id),
            _ => {
                let id = acc_ref(self.st, &acc, || self.at())?;
                *self.last_account = Some((acc, id));
                Ok(id)
            }
        }
    }

    fn principal(&mut self, principal: Text<'de>) -> Result<AccId> {
        self.acc(principal)
    }

    fn sub(&mut self, sub: Text<'de>) -> Result<SubId> {
        sub_ref(self.st, &sub, || self.at())
    }

    fn partner(&mut self, partner: Text<'de>) -> Result<PartnerId> {
        self.st
            .find_partner(&partner)
            .ok_or_else(|| bad(self.at(), format!("no partner '{}'", &*partner)))
    }

    fn scope(&mut self, scope: Text<'de>) -> Result<ScopeId> {
        let at = self.at();
        scope_ref(self.st, &scope, || at)
    }

    fn name(&mut self, domain: Text<'de>) -> Result<Name> {
        names::check_domain(&domain).map_err(|r| bad(self.at(), r))?;
        Ok(Name::from(&*domain))
    }
}

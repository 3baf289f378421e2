//! The event log: each entry an [`Effect`](crate::Effect) whose references
//! must all resolve, converted from the text to arena positions. Entries
//! are resolved in batches whose references are warmed together.

use super::bad;
use super::build::{acc_ref, builtin_or_id, dir_ref, sub_ref, Builder};
use super::documents::{EventDoc, Text, Texts};
use super::principals::scope_ref;
use super::BATCH;
use crate::change::Ids;
use crate::effect::{Convert, Effect};
use crate::error::{Error, Result};
use crate::model::{
    AccId, DirId, MgId, Name, PartnerId, Principal, RoleRef, ScopeId, ScopeRef, SubId,
};
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
            let event = placed(e.try_map(&mut resolver)?).ok_or_else(|| {
                bad(
                    format_args!("events[{i}].scope"),
                    "a scope relative to a subscription (or /) needs the effect's subscription (or directory)",
                )
            })?;
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

    fn principal(&mut self, principal: Text<'de>) -> Result<Principal> {
        if let crate::state::PrincipalRef::Account(_) =
            crate::state::PrincipalRef::parse(&principal)
        {
            return self.acc(principal).map(Principal::User);
        }
        self.st
            .find_principal(&principal)
            .map_err(|_| bad(self.at(), format!("no principal {}", &*principal)))
    }

    fn sub(&mut self, sub: Text<'de>) -> Result<SubId> {
        sub_ref(self.st, &sub, || self.at())
    }

    fn partner(&mut self, partner: Text<'de>) -> Result<PartnerId> {
        self.st
            .find_partner(&partner)
            .ok_or_else(|| bad(self.at(), format!("no partner '{}'", &*partner)))
    }

    /// A scope; a classic one (`subscription`, `resource_group:<name>`)
    /// or `/` is placed once the effect's subscription or directory is
    /// known (see [`placed`]).
    fn scope(&mut self, scope: Text<'de>) -> Result<ScopeRef> {
        let at = self.at();
        if &*scope == "subscription" {
            return Ok(ScopeRef::Sub(UNPLACED, ScopeId::SUBSCRIPTION));
        }
        if let Some(rg) = scope.strip_prefix("resource_group:") {
            names::check_resource_group(rg).map_err(|r| bad(&at, r))?;
            return Ok(ScopeRef::Sub(UNPLACED, self.st.rgs.intern(rg)));
        }
        if &*scope == "/" {
            return Ok(ScopeRef::Root(DirId(u32::MAX)));
        }
        scope_ref(self.st, &scope, None, None, || at.clone())
    }

    fn role(&mut self, role: Text<'de>) -> Result<RoleRef> {
        if let Some(r) = builtin_or_id(self.st, &role) {
            return Ok(r);
        }
        self.st
            .custom_role_named_any(&role)
            .map(RoleRef::Custom)
            .ok_or_else(|| bad(self.at(), format!("no role definition {}", &*role)))
    }

    fn group(&mut self, group: Text<'de>) -> Result<MgId> {
        let st = &*self.st;
        st.find_mg(None, &group)
            .or_else(|| {
                st.mgs
                    .iter()
                    .position(|m| m.name.eq_ignore_ascii_case(&group))
                    .map(MgId::at)
            })
            .ok_or_else(|| bad(self.at(), format!("no management group {}", &*group)))
    }

    fn name(&mut self, domain: Text<'de>) -> Result<Name> {
        names::check_domain(&domain).map_err(|r| bad(self.at(), r))?;
        Ok(Name::from(&*domain))
    }

    fn text(&mut self, text: Text<'de>) -> Result<Name> {
        Ok(Name::from(&*text))
    }
}

/// The subscription a classic scope is written relative to, until placed.
const UNPLACED: SubId = SubId(u32::MAX);

/// A role assignment's scope written relative to its subscription (or
/// `/`), placed in the subscription (or directory) the effect names;
/// `None` if it names none.
fn placed(event: crate::change::Event) -> Option<crate::change::Event> {
    let place = |scope: ScopeRef, sub: Option<SubId>, dir: Option<DirId>| match scope {
        ScopeRef::Sub(UNPLACED, id) => sub.map(|s| ScopeRef::Sub(s, id)),
        ScopeRef::Root(DirId(u32::MAX)) => dir.map(ScopeRef::Root),
        other => Some(other),
    };
    Some(match event {
        Effect::RoleAssignmentAdded {
            principal,
            role,
            scope,
            subscription,
            directory,
            condition,
        } => Effect::RoleAssignmentAdded {
            scope: place(scope, subscription, directory)?,
            principal,
            role,
            subscription,
            directory,
            condition,
        },
        Effect::RoleAssignmentRemoved {
            principal,
            role,
            scope,
            subscription,
            directory,
            condition,
        } => Effect::RoleAssignmentRemoved {
            scope: place(scope, subscription, directory)?,
            principal,
            role,
            subscription,
            directory,
            condition,
        },
        other => other,
    })
}

//! The two profiles on one state (DESIGN §6): evaluating a tenancy under
//! the other rules, and what the retirement of the classic administrators
//! changed for a classic tenant.
//!
//! Switching a classic state to `current` applies Microsoft's automatic
//! conversion of December 2025 (classic-administrator-retire.md): each
//! service administrator and co-administrator without an Owner assignment
//! at the subscription's scope gets one, and the classic roles are
//! dropped; each step is logged as an event. Switching back to `classic`
//! changes nothing but the rules.

use crate::change::{Change, NewScope};
use crate::facts::Facts;
use crate::model::{At, Plan, Principal, Profile, RbacRole, RoleRef, SubId};
use crate::state::State;
use crate::tenancy::Tenancy;

/// The changes of the December 2025 conversion, for every Azure
/// subscription of a classic state.
pub(crate) fn conversion(st: &State) -> Vec<Change> {
    let owner = RoleRef::Builtin(RbacRole::Owner);
    let mut changes = Vec::new();
    for (i, s) in st.subs.iter().enumerate() {
        let Plan::Azure(a) = &s.plan else {
            continue;
        };
        let sub = SubId::at(i);
        let admins = a
            .service_admin
            .into_iter()
            .chain(a.co_admins.iter().copied());
        let mut granted = Vec::new();
        for acc in admins {
            let p = Principal::User(acc);
            if !granted.contains(&acc) && !st.holds(p, At::Sub(sub, 0), owner) {
                granted.push(acc);
                changes.push(Change::AddAssignment {
                    scope: NewScope::sub(sub),
                    principal: p,
                    role: owner,
                    condition: None,
                });
            }
        }
        changes.extend(
            a.co_admins
                .iter()
                .map(|acc| Change::RemoveCoAdmin { sub, acc: *acc }),
        );
        changes.extend(
            a.service_admin
                .map(|acc| Change::RemoveServiceAdmin { sub, acc }),
        );
    }
    changes
}

impl Tenancy {
    /// The rules this tenancy follows.
    pub fn profile(&self) -> Profile {
        self.state.profile
    }

    /// The same state evaluated under `profile`, as a new tenancy. From
    /// `classic` to `current` the classic administrators are converted as
    /// Microsoft converted them in December 2025 (each service
    /// administrator and co-administrator gets Owner at the subscription's
    /// scope unless it has it; the classic roles are dropped), logged as
    /// events; from `current` to `classic` only the rules change.
    pub fn with_profile(&self, profile: Profile) -> Tenancy {
        let mut t = self.clone();
        if t.state.profile == Profile::Classic && profile == Profile::Current {
            for change in conversion(&t.state) {
                t.state.apply(&change, &mut t.ids);
            }
        }
        t.state.profile = profile;
        t
    }
}

impl Profile {
    /// A profile named as FORMAT.md spells it (`classic`, `current`), for
    /// the bindings' `profile` option: anything else is `INVALID_NAME`
    /// naming the field `profile`.
    pub fn parse(value: &str) -> crate::Result<Profile> {
        value.parse().map_err(|reason| {
            crate::Error::new(crate::ErrorKind::InvalidName {
                field: "profile",
                value: value.to_owned(),
                reason,
            })
        })
    }
}

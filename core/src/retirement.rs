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
use crate::model::{
    AccId, At, ManageReason, Name, Plan, Principal, Profile, RbacRole, RoleRef, SubId,
};
use crate::ops::build;
use crate::state::State;
use crate::tenancy::Tenancy;
use crate::{Decision, Operation, SubscriptionKind};
use uuid::Uuid;

/// A classic administrator of a subscription as the conversion finds it:
/// its classic roles there, and whether it already held Owner at the
/// subscription's scope.
struct ClassicAdmin {
    sub: SubId,
    acc: AccId,
    roles: Vec<ManageReason>,
    already_owner: bool,
}

/// Every service administrator and co-administrator of the classic state,
/// once per subscription, the service administrator first.
fn classic_admins(st: &State) -> Vec<ClassicAdmin> {
    let owner = RoleRef::Builtin(RbacRole::Owner);
    let mut out: Vec<ClassicAdmin> = Vec::new();
    for (i, s) in st.subs.iter().enumerate() {
        let Plan::Azure(a) = &s.plan else {
            continue;
        };
        let sub = SubId::at(i);
        let first = out.len();
        let admins = a
            .service_admin
            .map(|acc| (acc, ManageReason::ServiceAdministrator))
            .into_iter()
            .chain(
                a.co_admins
                    .iter()
                    .map(|acc| (*acc, ManageReason::CoAdministrator)),
            );
        for (acc, role) in admins {
            match out[first..].iter_mut().find(|c| c.acc == acc) {
                Some(seen) => seen.roles.push(role),
                None => out.push(ClassicAdmin {
                    sub,
                    acc,
                    roles: vec![role],
                    already_owner: st.holds(Principal::User(acc), At::Sub(sub, 0), owner),
                }),
            }
        }
    }
    out
}

/// The changes of the December 2025 conversion, for every Azure
/// subscription of a classic state.
pub(crate) fn conversion(st: &State) -> Vec<Change> {
    let owner = RoleRef::Builtin(RbacRole::Owner);
    let mut changes: Vec<Change> = classic_admins(st)
        .into_iter()
        .filter(|c| !c.already_owner)
        .map(|c| Change::AddAssignment {
            scope: NewScope::sub(c.sub),
            principal: Principal::User(c.acc),
            role: owner,
            condition: None,
        })
        .collect();
    for (i, s) in st.subs.iter().enumerate() {
        let Plan::Azure(a) = &s.plan else {
            continue;
        };
        let sub = SubId::at(i);
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
        self.clone().into_profile(profile)
    }

    /// [`Tenancy::with_profile`] without the copy: this tenancy, under
    /// `profile` (unchanged if it already follows it).
    pub fn into_profile(self, profile: Profile) -> Tenancy {
        let mut t = self;
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

/// A classic administrator that the December 2025 conversion made an
/// Owner of its subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// The subscription.
    pub subscription: Uuid,
    /// The account.
    pub account: Name,
    /// Its classic roles there: `service_administrator`, `co_administrator`.
    pub roles: Vec<ManageReason>,
    /// Whether it already held Owner at the subscription's scope (nothing
    /// was added for it).
    pub already_owner: bool,
}

/// One operation an account of the tenant could ask for that one profile
/// allows and the other refuses (a refusal whose code changes, but that
/// stays a refusal, is not listed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileDifference {
    /// The account asking.
    pub account: Name,
    /// The operation, as FORMAT.md names it.
    pub operation: &'static str,
    /// The subscription it is about, if any.
    pub subscription: Option<Uuid>,
    /// The account or directory it names besides, if any.
    pub target: Option<Name>,
    /// The decision under `classic`.
    pub classic: Decision,
    /// The decision under `current` (after the conversion).
    pub current: Decision,
}

/// What the retirement of the classic administrators changes for a tenant
/// (DESIGN §6): who became an Owner, and every decision that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetirementReport {
    /// Each service administrator and co-administrator, per subscription.
    pub converted: Vec<Conversion>,
    /// Each operation decided differently, in subscription order.
    pub differences: Vec<ProfileDifference>,
}

impl Tenancy {
    /// What the retirement of the classic administrators changes for this
    /// tenancy: each service administrator and co-administrator that
    /// became an Owner (December 2025), and each operation that one
    /// profile allows and the other refuses, among those the tenancy's administrators
    /// could ask for — for each Azure subscription, each of its classic
    /// administrators and Owners adding a co-administrator, making another
    /// user service administrator or Reader, and moving it to another
    /// directory they belong to; and each account signing in to the
    /// classic portal. The state is read under `classic` whatever this
    /// tenancy's profile (a current tenancy has no classic administrators
    /// left to convert).
    pub fn retirement_report(&self) -> RetirementReport {
        let classic = self.with_profile(Profile::Classic);
        let current = classic.with_profile(Profile::Current);
        let converted = classic_admins(&classic.state)
            .into_iter()
            .map(|c| Conversion {
                subscription: classic.state.sub(c.sub).id,
                account: classic.state.account(c.acc).reference.clone(),
                roles: c.roles,
                already_owner: c.already_owner,
            })
            .collect();
        let mut differences = Vec::new();
        let mut compare =
            |account: &str, op: Operation, sub: Option<Uuid>, target: Option<&str>| {
                let (before, after) = (classic.can(&op), current.can(&op));
                if before.allowed != after.allowed {
                    differences.push(ProfileDifference {
                        account: account.into(),
                        operation: op.name(),
                        subscription: sub,
                        target: target.map(Name::from),
                        classic: before,
                        current: after,
                    });
                }
            };
        let mut askers: Vec<String> = Vec::new();
        for s in classic.subscriptions() {
            if s.kind != SubscriptionKind::Azure {
                continue;
            }
            let id = s.id.to_string();
            let mut admins: Vec<&str> = s.account_administrator.into_iter().collect();
            admins.extend(s.service_administrator);
            admins.extend(s.co_administrators.iter().flatten().copied());
            let owners = classic.role_assignments(&id).unwrap_or_default();
            admins.extend(
                owners
                    .iter()
                    .filter(|a| a.role == crate::RoleName::Builtin(RbacRole::Owner))
                    .filter_map(|a| classic.state.find_account(&a.principal))
                    .map(|acc| &*classic.state.account(acc).reference),
            );
            let users = classic.users_of(s.directory).unwrap_or_default();
            let mut seen: Vec<&str> = Vec::new();
            for actor in admins {
                if seen.iter().any(|a| a.eq_ignore_ascii_case(actor)) {
                    continue;
                }
                seen.push(actor);
                if !askers.iter().any(|a| a.eq_ignore_ascii_case(actor)) {
                    askers.push(actor.to_owned());
                }
                let (a, sub) = (actor.to_owned(), Some(s.id));
                if let Some(other) = users.iter().find(|u| !u.eq_ignore_ascii_case(actor)) {
                    let o = (*other).to_owned();
                    let to = Some(*other);
                    compare(
                        actor,
                        build::add_co_administrator(a.clone(), id.clone(), o.clone()),
                        sub,
                        to,
                    );
                    compare(
                        actor,
                        build::change_service_administrator(a.clone(), id.clone(), o.clone()),
                        sub,
                        to,
                    );
                    let reader = "reader".to_owned();
                    let op = build::assign_role(
                        a.clone(),
                        o,
                        reader,
                        Some(id.clone()),
                        None,
                        None,
                        None,
                        None,
                    );
                    compare(actor, op, sub, to);
                }
                let elsewhere = classic.directories_of(actor).unwrap_or_default();
                if let Some(dir) = elsewhere
                    .iter()
                    .find(|d| !d.eq_ignore_ascii_case(s.directory))
                {
                    let op = build::change_subscription_directory(a, id.clone(), (*dir).to_owned());
                    compare(actor, op, sub, Some(*dir));
                }
            }
        }
        for actor in askers {
            compare(
                &actor,
                build::sign_in_management_portal(actor.clone()),
                None,
                None,
            );
        }
        RetirementReport {
            converted,
            differences,
        }
    }
}

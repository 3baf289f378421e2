//! Writing snapshots: the state serialized straight from the arenas, in
//! creation order, with every reference written as FORMAT.md writes it.

use crate::change::render_event;
use crate::effect::SubscriptionKind;
use crate::model::{
    AccId, Account, AccountKind, DirId, Directory, Plan, RbacRole, RoleSet, Subscription, UserKind,
};
use crate::state::State;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};

/// The whole state, as a snapshot document.
pub(super) struct SnapshotSer<'a>(pub(super) &'a State);

impl Serialize for SnapshotSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut m = s.serialize_struct("Snapshot", 7)?;
        m.serialize_field("format", SNAPSHOT_FORMAT)?;
        m.serialize_field("version", &SNAPSHOT_VERSION)?;
        m.serialize_field(
            "directories",
            &Seq(|| {
                st.dirs
                    .iter()
                    .enumerate()
                    .map(move |(i, d)| DirectorySer(st, DirId::at(i), d))
            }),
        )?;
        m.serialize_field(
            "accounts",
            &Seq(|| st.accounts.iter().map(move |a| AccountSer(st, a))),
        )?;
        m.serialize_field(
            "subscriptions",
            &Seq(|| st.subs.iter().map(move |x| SubscriptionSer(st, x))),
        )?;
        m.serialize_field(
            "partners",
            &Seq(|| {
                st.partners.iter().map(move |p| PartnerSer {
                    name: &p.name,
                    directory: &st.dir(p.directory).initial_domain,
                    admin: &st.account(p.admin).reference,
                })
            }),
        )?;
        m.serialize_field(
            "events",
            &Seq(|| st.events.iter().map(move |e| render_event(st, e))),
        )?;
        m.end()
    }
}

/// Serializes what an iterator yields, as a sequence.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

struct DirectorySer<'a>(&'a State, DirId, &'a Directory);

impl Serialize for DirectorySer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, dir, d) = (self.0, self.1, self.2);
        let mut m = s.serialize_struct("Directory", 7)?;
        m.serialize_field("id", &d.id)?;
        m.serialize_field("name", &d.name)?;
        m.serialize_field("initial_domain", &d.initial_domain)?;
        m.serialize_field("verified_domains", &d.verified_domains)?;
        m.serialize_field("cloud", &d.cloud)?;
        m.serialize_field("origin", &d.origin)?;
        m.serialize_field(
            "users",
            &Seq(|| {
                d.users.iter().map(move |acc| {
                    let a = st.account(*acc);
                    let m = a.membership(dir);
                    UserSer {
                        account: &a.reference,
                        kind: m.map_or(UserKind::External, |m| m.kind),
                        roles: m.map(|m| m.roles).unwrap_or_default(),
                    }
                })
            }),
        )?;
        m.end()
    }
}

struct UserSer<'a> {
    account: &'a str,
    kind: UserKind,
    roles: RoleSet,
}

impl Serialize for UserSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("User", 3)?;
        m.serialize_field("account", self.account)?;
        m.serialize_field("kind", &self.kind)?;
        let roles = self.roles;
        m.serialize_field("roles", &Seq(move || roles.iter()))?;
        m.end()
    }
}

struct AccountSer<'a>(&'a State, &'a Account);

impl Serialize for AccountSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, a) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("account", &a.reference)?;
        if let Some(name) = &a.name {
            m.serialize_entry("name", name)?;
        }
        match a.kind {
            AccountKind::Work { home } => {
                m.serialize_entry("home", &st.dir(home).initial_domain)?
            }
            AccountKind::Microsoft {
                default_directory: Some(d),
            } => m.serialize_entry("default_directory", &st.dir(d).initial_domain)?,
            AccountKind::Microsoft {
                default_directory: None,
            } => {}
        }
        m.end()
    }
}

struct SubscriptionSer<'a>(&'a State, &'a Subscription);

impl Serialize for SubscriptionSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, x) = (self.0, self.1);
        let reference = |acc: AccId| &*st.account(acc).reference;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &x.id)?;
        m.serialize_entry("name", &x.name)?;
        m.serialize_entry("directory", &st.dir(x.directory).initial_domain)?;
        match &x.plan {
            Plan::Azure(a) => {
                m.serialize_entry("kind", &SubscriptionKind::Azure)?;
                m.serialize_entry("offer", &a.offer)?;
                m.serialize_entry("account_administrator", reference(a.account_admin))?;
                if let Some(service_admin) = a.service_admin {
                    m.serialize_entry("service_administrator", reference(service_admin))?;
                }
                m.serialize_entry(
                    "co_administrators",
                    &Seq(|| a.co_admins.iter().map(|c| reference(*c))),
                )?;
                m.serialize_entry(
                    "role_assignments",
                    &Seq(|| {
                        a.assignments.iter().map(|x| AssignmentSer {
                            principal: reference(x.principal),
                            role: x.role,
                            resource_group: st.rgs.name(x.scope).map(|n| &**n),
                        })
                    }),
                )?;
            }
            Plan::Office365 { plan, seats } => {
                m.serialize_entry("kind", &SubscriptionKind::Office365)?;
                m.serialize_entry("plan", plan)?;
                m.serialize_entry("seats", seats)?;
            }
        }
        m.end()
    }
}

struct AssignmentSer<'a> {
    principal: &'a str,
    role: RbacRole,
    resource_group: Option<&'a str>,
}

impl Serialize for AssignmentSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("RoleAssignment", 3)?;
        m.serialize_field("principal", self.principal)?;
        m.serialize_field("role", &self.role)?;
        match self.resource_group {
            None => m.serialize_field("scope", "subscription")?,
            Some(rg) => m.serialize_field("scope", &format_args!("resource_group:{rg}"))?,
        }
        m.end()
    }
}

#[derive(Serialize)]
struct PartnerSer<'a> {
    name: &'a str,
    directory: &'a str,
    admin: &'a str,
}

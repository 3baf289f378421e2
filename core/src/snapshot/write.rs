//! Writing snapshots: the state serialized straight from the arenas, in
//! creation order, with every reference written as FORMAT.md writes it.

use crate::change::render_event;
use crate::effect::SubscriptionKind;
use crate::model::{
    Account, AccountKind, Assignment, DirId, Directory, GuestInvites, Plan, Principal, RoleSet,
    ScopeRef, Subscription, UserKind,
};
use crate::query::role_name;
use crate::state::State;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};

/// The whole state, as a snapshot document.
pub(super) struct SnapshotSer<'a>(pub(super) &'a State);

impl Serialize for SnapshotSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut m = s.serialize_struct("Snapshot", 14)?;
        m.serialize_field("format", SNAPSHOT_FORMAT)?;
        m.serialize_field("version", &SNAPSHOT_VERSION)?;
        m.serialize_field("profile", &st.profile)?;
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
            "groups",
            &Seq(|| {
                st.groups.iter().map(move |g| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("id", &g.id);
                        m("name", &g.name);
                        m("directory", &st.dir(g.directory).initial_domain);
                        if g.role_assignable {
                            m("role_assignable", &true);
                        }
                        if g.roles != RoleSet::default() {
                            let roles = g.roles;
                            m("roles", &Seq(move || roles.iter()));
                        }
                        m("members", &Seq(|| g.members.iter().map(|p| name(st, *p))));
                    })
                })
            }),
        )?;
        m.serialize_field(
            "subscriptions",
            &Seq(|| st.subs.iter().map(move |x| SubscriptionSer(st, x))),
        )?;
        m.serialize_field(
            "service_principals",
            &Seq(|| {
                st.sps.iter().map(move |x| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("id", &x.id);
                        m("app_id", &x.app_id);
                        m("name", &x.name);
                        m("directory", &st.dir(x.directory).initial_domain);
                        m("kind", &x.kind);
                        if let Some(r) = &x.resource {
                            m("resource", r);
                        }
                        if let Some(sub) = x.subscription {
                            m("subscription", &st.sub(sub).key);
                        }
                    })
                })
            }),
        )?;
        m.serialize_field(
            "custom_roles",
            &Seq(|| {
                st.custom_roles.iter().map(move |r| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("id", &r.id);
                        m("name", &r.name);
                        m("directory", &st.dir(r.directory).initial_domain);
                        m("actions", &r.actions);
                        m("not_actions", &r.not_actions);
                        m(
                            "assignable_scopes",
                            &Seq(|| r.assignable_scopes.iter().map(|s| st.scope_path(*s))),
                        );
                        if r.deleted {
                            m("deleted", &true);
                        }
                    })
                })
            }),
        )?;
        m.serialize_field("role_assignments", &Seq(|| assignments(st)))?;
        m.serialize_field(
            "partners",
            &Seq(|| {
                st.partners.iter().map(move |p| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("name", &p.name);
                        m("directory", &st.dir(p.directory).initial_domain);
                        m("admin", &st.account(p.admin).reference);
                        if let Some(g) = p.admin_agents {
                            m("admin_agents", &name(st, Principal::Group(g)));
                        }
                    })
                })
            }),
        )?;
        m.serialize_field(
            "gdap_relationships",
            &Seq(|| {
                st.gdaps.iter().map(move |g| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("id", &g.id);
                        m("partner", &st.partner(g.partner).name);
                        m("directory", &st.dir(g.customer).initial_domain);
                        let roles = g.roles;
                        m("roles", &Seq(move || roles.iter()));
                        m("approved", &g.approved);
                        m("duration_days", &g.duration_days);
                    })
                })
            }),
        )?;
        m.serialize_field(
            "resources",
            &Seq(|| {
                st.resources.iter().map(move |r| {
                    Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                        m("id", &r.id);
                        m("type", &r.kind);
                        if let Some(sp) = r.system_identity {
                            m("system_identity", &name(st, Principal::App(sp)));
                        }
                        if !r.user_identities.is_empty() {
                            m(
                                "user_identities",
                                &Seq(|| {
                                    r.user_identities
                                        .iter()
                                        .map(|sp| name(st, Principal::App(*sp)))
                                }),
                            );
                        }
                        if let Some(t) = &r.key_vault_tenant {
                            m("key_vault_tenant", t);
                        }
                        if !r.access_policies.is_empty() {
                            m("access_policies", &r.access_policies);
                        }
                        if r.entra_authentication {
                            m("entra_authentication", &true);
                        }
                        if r.acls {
                            m("acls", &true);
                        }
                    })
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

/// How a snapshot names a principal.
fn name(st: &State, p: Principal) -> crate::model::Name {
    st.principal_name(p).unwrap_or_else(|| "?".into())
}

/// Every role assignment, scope by scope: each directory's root, its
/// management groups, then each subscription's, in creation order.
fn assignments(st: &State) -> impl Iterator<Item = AssignmentSer<'_>> + '_ {
    let dirs = st.dirs.iter().enumerate().flat_map(move |(i, d)| {
        let dir = DirId::at(i);
        let root = d
            .assignments
            .iter()
            .map(move |a| AssignmentSer::of(st, a, ScopeRef::Root(dir)));
        let groups = std::iter::once(d.root_group)
            .chain(d.management_groups.iter().copied())
            .flat_map(move |mg| {
                st.mg(mg)
                    .assignments
                    .iter()
                    .map(move |a| AssignmentSer::of(st, a, ScopeRef::Group(mg)))
            });
        root.chain(groups)
    });
    let subs = st.subs.iter().enumerate().flat_map(move |(i, s)| {
        let sub = crate::model::SubId::at(i);
        s.azure().into_iter().flat_map(move |a| {
            a.assignments.iter().map(move |x| AssignmentSer {
                st,
                principal: x.principal,
                role: x.role,
                scope: ScopeRef::Sub(sub, x.scope),
            })
        })
    });
    dirs.chain(subs)
}

struct AssignmentSer<'a> {
    st: &'a State,
    principal: Principal,
    role: crate::model::RoleRef,
    scope: ScopeRef,
}

impl<'a> AssignmentSer<'a> {
    fn of(st: &'a State, a: &Assignment<()>, scope: ScopeRef) -> Self {
        AssignmentSer {
            st,
            principal: a.principal,
            role: a.role,
            scope,
        }
    }
}

impl Serialize for AssignmentSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.st;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("principal", &name(st, self.principal))?;
        m.serialize_entry("role", &role_name(st, self.role))?;
        m.serialize_entry("scope", &st.scope_path(self.scope))?;
        if let ScopeRef::Root(dir) = self.scope {
            m.serialize_entry("directory", &st.dir(dir).initial_domain)?;
        }
        let at = st.at(self.scope);
        if let Some(c) = st.conditions.get(&(at, self.principal.entity(), self.role)) {
            m.serialize_entry("condition", c)?;
        }
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

/// Type-erased serialization of a field value, so an object can be written
/// by a closure that names its fields in order.
mod erased {
    /// A value an object field can hold.
    pub(super) trait Ser {
        fn value(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize + ?Sized> Ser for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// An object written by a closure that is handed each field in order.
struct Obj<F>(F);

impl<F> Serialize for Obj<F>
where
    F: Fn(&mut dyn FnMut(&str, &dyn erased::Ser)),
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut fields: Vec<(String, serde_json::Value)> = Vec::new();
        (self.0)(&mut |k, v| fields.push((k.to_owned(), v.value())));
        let mut m = s.serialize_map(Some(fields.len()))?;
        for (k, v) in &fields {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct DirectorySer<'a>(&'a State, DirId, &'a Directory);

impl Serialize for DirectorySer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, dir, d) = (self.0, self.1, self.2);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &d.id)?;
        m.serialize_entry("name", &d.name)?;
        m.serialize_entry("initial_domain", &d.initial_domain)?;
        m.serialize_entry("verified_domains", &d.verified_domains)?;
        m.serialize_entry("cloud", &d.cloud)?;
        m.serialize_entry("origin", &d.origin)?;
        m.serialize_entry(
            "users",
            &Seq(|| {
                d.users.iter().map(move |acc| {
                    let a = st.account(*acc);
                    let m = a.membership(dir);
                    UserSer {
                        st,
                        acc: *acc,
                        dir,
                        account: &a.reference,
                        kind: m.map_or(UserKind::External, |m| m.kind),
                        roles: m.map(|m| m.roles).unwrap_or_default(),
                    }
                })
            }),
        )?;
        if let Some(p) = &d.policy {
            m.serialize_entry(
                "policy",
                &Obj(|m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                    m("block_leaving", &p.block_leaving);
                    m("block_entering", &p.block_entering);
                    m(
                        "exempted",
                        &Seq(|| p.exempted.iter().map(|a| &st.account(*a).reference)),
                    );
                }),
            )?;
        }
        if d.guest_invites != GuestInvites::default() {
            m.serialize_entry("guest_invites", &d.guest_invites)?;
        }
        if !d.management_groups.is_empty() {
            m.serialize_entry(
                "management_groups",
                &Seq(|| {
                    d.management_groups.iter().map(|mg| {
                        let g = st.mg(*mg);
                        Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                            m("name", &g.name);
                            if *g.display_name != *g.name {
                                m("display_name", &g.display_name);
                            }
                            if let Some(parent) = g.parent.filter(|p| st.mg(*p).parent.is_some()) {
                                m("parent", &st.mg(parent).name);
                            }
                        })
                    })
                }),
            )?;
        }
        m.end()
    }
}

struct UserSer<'a> {
    st: &'a State,
    acc: crate::model::AccId,
    dir: DirId,
    account: &'a str,
    kind: UserKind,
    roles: RoleSet,
}

impl Serialize for UserSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("account", self.account)?;
        m.serialize_entry("kind", &self.kind)?;
        let roles = self.roles;
        m.serialize_entry("roles", &Seq(move || roles.iter()))?;
        if !self.st.user_ids.is_empty() {
            if let Some(id) = self.st.user_ids.get(&(self.acc, self.dir)) {
                m.serialize_entry("id", id)?;
            }
        }
        if !self.st.other_roles.is_empty() {
            if let Some(list) = self
                .st
                .other_roles
                .get(&(Principal::User(self.acc), self.dir))
            {
                m.serialize_entry(
                    "other_roles",
                    &Seq(|| {
                        list.iter().map(|(t, n)| {
                            Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                                m("template_id", t);
                                m("name", n);
                            })
                        })
                    }),
                )?;
            }
        }
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
        let reference = |acc: crate::model::AccId| &*st.account(acc).reference;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &x.id)?;
        m.serialize_entry("name", &x.name)?;
        m.serialize_entry("directory", &st.dir(x.directory).initial_domain)?;
        match &x.plan {
            Plan::Azure(a) => {
                m.serialize_entry("kind", &SubscriptionKind::Azure)?;
                if !a.offer.is_empty() {
                    m.serialize_entry("offer", &a.offer)?;
                }
                if let Some(account_admin) = a.account_admin {
                    m.serialize_entry("account_administrator", reference(account_admin))?;
                }
                if let Some(service_admin) = a.service_admin {
                    m.serialize_entry("service_administrator", reference(service_admin))?;
                }
                m.serialize_entry(
                    "co_administrators",
                    &Seq(|| a.co_admins.iter().map(|c| reference(*c))),
                )?;
                if a.management_group != st.dir(x.directory).root_group {
                    m.serialize_entry("management_group", &st.mg(a.management_group).name)?;
                }
                if let Some(r) = &a.change_request {
                    m.serialize_entry(
                        "change_request",
                        &Obj(|m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                            m("initiator", &reference(r.initiator));
                            m("to", &st.dir(r.to).initial_domain);
                            if let Some(acc) = r.acceptor {
                                m("acceptor", &reference(acc));
                            }
                        }),
                    )?;
                }
                if !a.managed_by.is_empty() {
                    m.serialize_entry(
                        "managed_by",
                        &Seq(|| {
                            a.managed_by.iter().map(|d| {
                                Obj(move |m: &mut dyn FnMut(&str, &dyn erased::Ser)| {
                                    m("tenant", &d.tenant);
                                    m("principal_id", &d.principal_id);
                                    if let Some(n) = &d.principal_name {
                                        m("principal_name", n);
                                    }
                                    m("role", &role_name(st, d.role));
                                })
                            })
                        }),
                    )?;
                }
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

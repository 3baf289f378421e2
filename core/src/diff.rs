//! [`Tenancy::diff`]: what changed between two snapshots, typically two
//! imports of the same tenant. The security-relevant summary first — who
//! gained or lost the ability to manage which subscription, with the
//! `who_can_manage` chains of both sides — then every added, removed and
//! changed user, group, membership, service principal, role assignment,
//! Owner, directory-role holder, subscription policy and subscription
//! (a move is a change of its directory). Objects are matched by what
//! stays the same across imports: directories by initial domain, users by
//! account, groups and service principals by object id, assignments by
//! principal, role and scope. The output is sorted, so the diff of two
//! identical snapshots is empty.

use crate::model::{Principal, ServicePrincipalKind};
use crate::record::{AccessChange, Diff, DiffItem, Manager};
use crate::state::State;
use crate::tenancy::Tenancy;
use std::cmp::Ordering;

/// The kinds of object, in the order the diff lists them.
const KINDS: [&str; 9] = [
    "subscription",
    "policy",
    "owner",
    "role_assignment",
    "directory_role",
    "user",
    "group",
    "membership",
    "service_principal",
];

/// One fact of one side: its kind (an index into [`KINDS`]), the key that
/// matches it across sides, and its value (compared for "changed").
type Fact = (u8, String, String);

impl Tenancy {
    /// What changed from `self` (before) to `after`.
    pub fn diff(&self, after: &Tenancy) -> Diff {
        let (mut a, mut b) = (facts(self), facts(after));
        a.sort_unstable();
        b.sort_unstable();
        let mut changes = Vec::new();
        let item = |(kind, object, _): &Fact, change: &str| DiffItem {
            kind: KINDS[usize::from(*kind)].to_owned(),
            change: change.to_owned(),
            object: object.clone(),
            before: None,
            after: None,
        };
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => (x.0, &x.1).cmp(&(y.0, &y.1)),
                (Some(_), None) => Ordering::Less,
                (None, _) => Ordering::Greater,
            };
            match order {
                Ordering::Less => {
                    let x = &a[i];
                    changes.push(DiffItem {
                        before: non_empty(&x.2),
                        ..item(x, "removed")
                    });
                    i += 1;
                }
                Ordering::Greater => {
                    let y = &b[j];
                    changes.push(DiffItem {
                        after: non_empty(&y.2),
                        ..item(y, "added")
                    });
                    j += 1;
                }
                Ordering::Equal => {
                    let (x, y) = (&a[i], &b[j]);
                    if x.2 != y.2 {
                        changes.push(DiffItem {
                            before: Some(x.2.clone()),
                            after: Some(y.2.clone()),
                            ..item(x, "changed")
                        });
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Diff {
            access: access(self, after),
            changes,
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Who gained, lost or changed how they can manage each subscription.
fn access(before: &Tenancy, after: &Tenancy) -> Vec<AccessChange> {
    let mut ids: Vec<String> = before
        .subscriptions()
        .chain(after.subscriptions())
        .map(|s| s.id.to_string())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let managers = |t: &Tenancy, sub: &str| -> Vec<Manager> {
        let mut list: Vec<Manager> = t
            .who_can_manage(sub)
            .map(|l| l.into_iter().map(Manager::from).collect())
            .unwrap_or_default();
        list.sort_by_cached_key(|m| {
            format!(
                "{}\u{0}{}\u{0}{:?}\u{0}{:?}",
                m.account, m.reason, m.via, m.condition
            )
        });
        list
    };
    let mut out = Vec::new();
    for sub in &ids {
        let (a, b) = (managers(before, sub), managers(after, sub));
        if a == b {
            continue;
        }
        let mut accounts: Vec<&String> = a.iter().chain(&b).map(|m| &m.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        for account in accounts {
            let of = |l: &[Manager]| -> Vec<Manager> {
                l.iter()
                    .filter(|m| &m.account == account)
                    .cloned()
                    .collect()
            };
            let (was, now) = (of(&a), of(&b));
            let change = match (was.is_empty(), now.is_empty()) {
                _ if was == now => continue,
                (true, _) => "gained",
                (_, true) => "lost",
                _ => "changed",
            };
            out.push(AccessChange {
                subscription: sub.clone(),
                account: account.clone(),
                change: change.to_owned(),
                before: was,
                after: now,
            });
        }
    }
    out
}

/// Every fact of a tenancy the diff compares.
fn facts(t: &Tenancy) -> Vec<Fact> {
    let st = &t.state;
    let mut out: Vec<Fact> = Vec::with_capacity(st.accounts.len() + st.groups.len());
    let kind = |k: &str| KINDS.iter().position(|x| *x == k).unwrap_or(0) as u8;
    let (subscription, policy, owner, assignment, role, user, group, membership, sp) = (
        kind("subscription"),
        kind("policy"),
        kind("owner"),
        kind("role_assignment"),
        kind("directory_role"),
        kind("user"),
        kind("group"),
        kind("membership"),
        kind("service_principal"),
    );
    for s in t.subscriptions() {
        out.push((
            subscription,
            format!("{} ({})", s.id, s.name),
            format!("{} subscription in {}", s.kind, s.directory),
        ));
        let Ok(assignments) = t.role_assignments(&s.id.to_string()) else {
            continue;
        };
        let sub_path = format!("/subscriptions/{}", s.id);
        for a in assignments {
            // Classic scopes are relative to the subscription: written as
            // ARM paths, so that they are unique across subscriptions.
            let scope = match &a.scope {
                crate::Scope::Subscription => sub_path.clone(),
                crate::Scope::ResourceGroup(rg) => format!("{sub_path}/resourceGroups/{rg}"),
                crate::Scope::Path(p) => p.to_string(),
            };
            let is_owner = a.role.builtin() == Some(crate::RbacRole::Owner)
                && scope.eq_ignore_ascii_case(&sub_path);
            out.push((
                if is_owner { owner } else { assignment },
                format!("{} {} at {scope}", a.principal, a.role.as_str()),
                a.condition
                    .map(|c| format!("condition: {c}"))
                    .unwrap_or_default(),
            ));
        }
    }
    for d in &st.dirs {
        let domain = &d.initial_domain;
        let p = d.policy();
        let exempted: Vec<&str> = p
            .exempted
            .iter()
            .map(|a| &*st.account(*a).reference)
            .collect();
        out.push((
            policy,
            domain.to_string(),
            format!(
                "leaving {}, entering {}{}",
                if p.block_leaving {
                    "blocked"
                } else {
                    "allowed"
                },
                if p.block_entering {
                    "blocked"
                } else {
                    "allowed"
                },
                if exempted.is_empty() {
                    String::new()
                } else {
                    format!(", exempted: {}", exempted.join(", "))
                }
            ),
        ));
    }
    for a in &st.accounts {
        for m in &a.memberships {
            let domain = &st.dir(m.dir).initial_domain;
            out.push((
                user,
                format!("{} in {domain}", a.reference),
                m.kind.to_string(),
            ));
            for r in m.roles.iter() {
                out.push((
                    role,
                    format!("{} {r} in {domain}", a.reference),
                    String::new(),
                ));
            }
        }
    }
    for g in &st.groups {
        let domain = &st.dir(g.directory).initial_domain;
        let name = group_name(st, g.id, &g.name, domain);
        out.push((
            group,
            name.clone(),
            if g.role_assignable {
                "role-assignable"
            } else {
                ""
            }
            .to_owned(),
        ));
        for r in g.roles.iter() {
            out.push((role, format!("{name} {r} in {domain}"), String::new()));
        }
        for m in &g.members {
            out.push((
                membership,
                format!("{} in {name}", member_name(st, *m)),
                String::new(),
            ));
        }
    }
    for s in &st.sps {
        let domain = &st.dir(s.directory).initial_domain;
        let what = match s.kind {
            ServicePrincipalKind::Application => "application".to_owned(),
            _ => format!("{} {}", s.kind, s.resource.as_deref().unwrap_or_default()),
        };
        out.push((
            sp,
            format!("sp:{}@{domain} ({})", s.name, s.id),
            what.trim_end().to_owned(),
        ));
    }
    out
}

/// A group as the diff names it: by name, directory and object id (names
/// are not unique; ids are).
fn group_name(_st: &State, id: uuid::Uuid, name: &str, domain: &str) -> String {
    format!("group:{name}@{domain} ({id})")
}

fn member_name(st: &State, p: Principal) -> String {
    match p.entity() {
        Principal::Group(g) => {
            let g = st.group(g);
            group_name(st, g.id, &g.name, &st.dir(g.directory).initial_domain)
        }
        Principal::App(s) => {
            let s = &st.sps[s.idx()];
            format!(
                "sp:{}@{} ({})",
                s.name,
                st.dir(s.directory).initial_domain,
                s.id
            )
        }
        other => st
            .principal_name(other)
            .map_or_else(|| "?".to_owned(), |n| n.to_string()),
    }
}

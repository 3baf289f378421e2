//! Incremental refresh: what an import keeps so that the next one reads
//! only what changed. Graph's delta queries (`/users/delta`,
//! `/groups/delta` with `members`) give the users, groups and memberships
//! created, changed or removed since a round; laid over the directory as
//! the last import read it, they give the directory a full read would.
//! Everything else (service principals, directory roles, licences, ARM) is
//! read again in full: it is small beside the directory, and ARM has no
//! delta.
//!
//! [`State`] is that memory: the tenant, the Graph root, the two delta
//! links, and the users, groups and memberships as Graph last gave them.
//! `tenantry import` writes it beside the snapshot (`FILE.state`) and
//! `--since FILE` reads it. It holds no token: a delta link's
//! `$deltatoken` is a position in Graph's change log, not a credential,
//! and is still left out of [`State`]'s `Debug`.

use crate::wire::graph::{self, DirectoryObject, GroupChange, UserChange};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use tenantry::Error;
use uuid::Uuid;

/// The format a state file declares.
const FORMAT: &str = "tenantry-import-state/1";

/// What an import keeps for the next one's `--since`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    format: String,
    tenant: Uuid,
    graph: String,
    users_delta: String,
    groups_delta: String,
    users: Vec<graph::User>,
    groups: Vec<graph::Group>,
    members: Vec<Members>,
}

/// One group's direct members, in a [`State`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Members {
    group: Uuid,
    members: Vec<DirectoryObject>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("tenant", &self.tenant)
            .field("graph", &self.graph)
            .field("users", &self.users.len())
            .field("groups", &self.groups.len())
            .field("delta_links", &"<kept>")
            .finish()
    }
}

/// The two delta links of one import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Links {
    pub(crate) users: String,
    pub(crate) groups: String,
}

/// The directory objects a refresh lays changes over (and a full read
/// fills): users, groups, and each group's direct members.
#[derive(Debug, Default)]
pub(crate) struct Objects {
    pub(crate) users: Vec<graph::User>,
    pub(crate) groups: Vec<graph::Group>,
    pub(crate) members: HashMap<Uuid, Vec<DirectoryObject>>,
}

impl Objects {
    /// Users and groups by id, and each member list by id, so that a
    /// refresh and a full read of the same directory hand the mapping the
    /// same input whatever order Graph listed it in.
    pub(crate) fn sort(&mut self) {
        self.users.sort_by_key(|u| u.id);
        self.groups.sort_by_key(|g| g.id);
        for list in self.members.values_mut() {
            list.sort_by_key(|m| m.id);
            list.dedup_by_key(|m| m.id);
        }
    }
}

/// What a refresh changed, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Users created or changed since the previous import.
    pub users_changed: u64,
    /// Users removed.
    pub users_removed: u64,
    /// Groups created or changed (their properties or members).
    pub groups_changed: u64,
    /// Groups removed.
    pub groups_removed: u64,
    /// Memberships added.
    pub memberships_added: u64,
    /// Memberships taken out (a removed member's included).
    pub memberships_removed: u64,
}

impl State {
    /// The state of an import: its tenant, the Graph root its links
    /// belong to, the links, and the directory objects it read.
    pub(crate) fn new(tenant: Uuid, graph: &str, links: Links, objects: Objects) -> State {
        let mut members: Vec<Members> = objects
            .members
            .into_iter()
            .map(|(group, members)| Members { group, members })
            .collect();
        members.sort_by_key(|m| m.group);
        State {
            format: FORMAT.to_owned(),
            tenant,
            graph: graph.to_owned(),
            users_delta: links.users,
            groups_delta: links.groups,
            users: objects.users,
            groups: objects.groups,
            members,
        }
    }

    /// The tenant the state is of.
    pub fn tenant(&self) -> Uuid {
        self.tenant
    }

    /// The Graph root its delta links belong to.
    pub fn graph(&self) -> &str {
        &self.graph
    }

    /// Users kept.
    pub fn users(&self) -> usize {
        self.users.len()
    }

    /// Groups kept.
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// Reads a state file's JSON; a file that is not one is an
    /// `IMPORT_OPTIONS` error naming `what`.
    pub fn from_json(what: &str, reader: impl std::io::Read) -> Result<State, Error> {
        let state: State = serde_json::from_reader(std::io::BufReader::new(reader))
            .map_err(|e| crate::error::options(what, &format!("is not an import state ({e})")))?;
        if state.format != FORMAT {
            return Err(crate::error::options(
                what,
                &format!(
                    "is an import state of format {:?}, this importer reads {FORMAT:?}",
                    state.format
                ),
            ));
        }
        Ok(state)
    }

    /// The state as JSON.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Where the refresh starts, and the objects it starts from.
    pub(crate) fn into_parts(self) -> (Links, Objects) {
        let links = Links {
            users: self.users_delta,
            groups: self.groups_delta,
        };
        let objects = Objects {
            users: self.users,
            groups: self.groups,
            members: self
                .members
                .into_iter()
                .map(|m| (m.group, m.members))
                .collect(),
        };
        (links, objects)
    }
}

/// Lays a round of user changes over `objects`: changed users updated,
/// new ones added, removed ones taken out of the users and of every
/// member list. A new user without a user principal name is refused.
pub(crate) fn apply_users(
    objects: &mut Objects,
    changes: Vec<UserChange>,
    changed: &mut Changes,
) -> Result<(), String> {
    let mut at: HashMap<Uuid, usize> = objects
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id, i))
        .collect();
    let mut removed: HashSet<Uuid> = HashSet::new();
    for change in changes {
        if change.removed.is_some() {
            if at.contains_key(&change.id) {
                removed.insert(change.id);
            }
            continue;
        }
        // Removed, then restored, within one round: it stays.
        removed.remove(&change.id);
        changed.users_changed += 1;
        match at.get(&change.id) {
            Some(&i) => change.apply(&mut objects.users[i]),
            None => {
                let id = change.id;
                let user = change.into_new().ok_or_else(|| {
                    format!("the new user {id} came without its userPrincipalName")
                })?;
                at.insert(id, objects.users.len());
                objects.users.push(user);
            }
        }
    }
    if !removed.is_empty() {
        changed.users_removed += removed.len() as u64;
        objects.users.retain(|u| !removed.contains(&u.id));
        take_out(objects, &removed, changed);
    }
    Ok(())
}

/// Lays a round of group changes over `objects`: properties, members
/// added and taken out, groups created and removed (a removed group is
/// also taken out of the groups it was a member of).
pub(crate) fn apply_groups(
    objects: &mut Objects,
    changes: Vec<GroupChange>,
    changed: &mut Changes,
) {
    let mut at: HashMap<Uuid, usize> = objects
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id, i))
        .collect();
    let mut removed: HashSet<Uuid> = HashSet::new();
    let mut touched: HashSet<Uuid> = HashSet::new();
    for change in changes {
        if change.removed.is_some() {
            if at.contains_key(&change.id) {
                removed.insert(change.id);
            }
            continue;
        }
        removed.remove(&change.id);
        touched.insert(change.id);
        match at.get(&change.id) {
            Some(&i) => change.apply(&mut objects.groups[i]),
            None => {
                let mut group = graph::Group {
                    id: change.id,
                    display_name: None,
                    is_assignable_to_role: None,
                    security_enabled: None,
                };
                change.apply(&mut group);
                at.insert(change.id, objects.groups.len());
                objects.groups.push(group);
            }
        }
        if change.members_delta.is_empty() {
            continue;
        }
        let list = objects.members.entry(change.id).or_default();
        for m in change.members_delta {
            let had = list.iter().position(|x| x.id == m.id);
            match (m.removed, had) {
                (Some(_), Some(i)) => {
                    list.swap_remove(i);
                    changed.memberships_removed += 1;
                }
                (Some(_), None) => {}
                (None, Some(i)) => list[i].odata_type = m.odata_type,
                (None, None) => {
                    list.push(DirectoryObject {
                        odata_type: m.odata_type,
                        id: m.id,
                    });
                    changed.memberships_added += 1;
                }
            }
        }
    }
    changed.groups_changed += touched.iter().filter(|g| !removed.contains(g)).count() as u64;
    if !removed.is_empty() {
        changed.groups_removed += removed.len() as u64;
        objects.groups.retain(|g| !removed.contains(&g.id));
        for g in &removed {
            objects.members.remove(g);
        }
        take_out(objects, &removed, changed);
    }
}

/// Takes objects that are gone out of every member list.
fn take_out(objects: &mut Objects, gone: &HashSet<Uuid>, changed: &mut Changes) {
    for list in objects.members.values_mut() {
        let before = list.len();
        list.retain(|m| !gone.contains(&m.id));
        changed.memberships_removed += (before - list.len()) as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u128, upn: &str) -> graph::User {
        graph::User {
            id: Uuid::from_u128(id),
            display_name: Some(upn.to_owned()),
            user_principal_name: upn.to_owned(),
            user_type: Some("Member".into()),
            creation_type: None,
            mail: None,
            other_mails: Vec::new(),
            identities: Vec::new(),
        }
    }

    fn member(id: u128) -> DirectoryObject {
        DirectoryObject {
            odata_type: Some("#microsoft.graph.user".into()),
            id: Uuid::from_u128(id),
        }
    }

    fn objects() -> Objects {
        Objects {
            users: vec![user(1, "ann@c.com"), user(2, "bob@c.com")],
            groups: vec![graph::Group {
                id: Uuid::from_u128(10),
                display_name: Some("Ops".into()),
                is_assignable_to_role: Some(false),
                security_enabled: Some(true),
            }],
            members: HashMap::from([(Uuid::from_u128(10), vec![member(1), member(2)])]),
        }
    }

    #[test]
    fn a_partial_change_keeps_what_it_leaves_out() {
        let mut o = objects();
        let mut c = Changes::default();
        let change: UserChange = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(1), "displayName": "Ann B", "mail": null
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        apply_users(&mut o, vec![change], &mut c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.users[0].display_name.as_deref(), Some("Ann B"));
        assert_eq!(o.users[0].user_principal_name, "ann@c.com");
        assert_eq!(o.users[0].user_type.as_deref(), Some("Member"));
        assert_eq!(c.users_changed, 1);
    }

    #[test]
    fn a_removed_user_leaves_every_group() {
        let mut o = objects();
        let mut c = Changes::default();
        let change: UserChange = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(2), "@removed": {"reason": "changed"}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        apply_users(&mut o, vec![change], &mut c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.users.len(), 1);
        assert_eq!(o.members[&Uuid::from_u128(10)], vec![member(1)]);
        assert_eq!((c.users_removed, c.memberships_removed), (1, 1));
    }

    #[test]
    fn a_new_user_without_its_name_is_refused() {
        let mut o = objects();
        let change: UserChange = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(3), "displayName": "Who"
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let refused = apply_users(&mut o, vec![change], &mut Changes::default());
        assert!(refused.is_err_and(|e| e.contains("userPrincipalName")));
        assert_eq!(o.users.len(), 2);
    }

    #[test]
    fn member_changes_split_over_items_all_apply() {
        let mut o = objects();
        let mut c = Changes::default();
        let g = Uuid::from_u128(10);
        let changes: Vec<GroupChange> = serde_json::from_value(serde_json::json!([
            {"id": g, "members@delta": [{"@odata.type": "#microsoft.graph.user", "id": Uuid::from_u128(3)}]},
            {"id": g, "members@delta": [{"id": Uuid::from_u128(1), "@removed": {"reason": "deleted"}}]},
            {"id": Uuid::from_u128(11), "displayName": "New", "securityEnabled": true},
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        apply_groups(&mut o, changes, &mut c);
        o.sort();
        assert_eq!(o.members[&g], vec![member(2), member(3)]);
        assert_eq!(o.groups.len(), 2);
        assert_eq!(o.groups[0].display_name.as_deref(), Some("Ops"));
        assert_eq!(
            (c.groups_changed, c.memberships_added, c.memberships_removed),
            (2, 1, 1)
        );
    }

    #[test]
    fn a_removed_group_leaves_the_groups_it_was_in() {
        let mut o = objects();
        o.members.insert(
            Uuid::from_u128(10),
            vec![
                member(1),
                DirectoryObject {
                    odata_type: Some("#microsoft.graph.group".into()),
                    id: Uuid::from_u128(12),
                },
            ],
        );
        o.groups.push(graph::Group {
            id: Uuid::from_u128(12),
            display_name: Some("Inner".into()),
            is_assignable_to_role: None,
            security_enabled: None,
        });
        let mut c = Changes::default();
        let change: GroupChange = serde_json::from_value(serde_json::json!({
            "id": Uuid::from_u128(12), "@removed": {"reason": "changed"}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        apply_groups(&mut o, vec![change], &mut c);
        assert_eq!(o.groups.len(), 1);
        assert_eq!(o.members[&Uuid::from_u128(10)], vec![member(1)]);
        assert_eq!(c.groups_removed, 1);
    }

    #[test]
    fn a_state_round_trips_and_a_foreign_file_is_refused() {
        let links = Links {
            users: "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=a".into(),
            groups: "https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=b".into(),
        };
        let s = State::new(
            Uuid::from_u128(7),
            "https://graph.microsoft.com/",
            links,
            objects(),
        );
        let back =
            State::from_json("--since", s.to_json().as_slice()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, s);
        assert!(!format!("{s:?}").contains("deltatoken"));
        let refused = State::from_json("--since", &b"{\"profile\":\"current\"}"[..]);
        assert!(refused.is_err_and(|e| e.code() == "IMPORT_OPTIONS"));
    }
}

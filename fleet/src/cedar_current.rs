//! R8 and R6 under today's rules as Cedar policies, for a side-by-side
//! with tenantry's `can` over a `current` fleet (`Preset::current`).
//!
//! The Cedar side is exported from the snapshot alone, not from tenantry's
//! queries, so the two share nothing but the data: Cedar's entity
//! hierarchy holds group membership (a user's parents are the groups it is
//! a direct member of, a group's the groups it is in, so `in` is
//! transitive) and scope inheritance (a resource group is in its
//! subscription, in its management groups, in the directory's root `/`).
//! The principals of the role assignments that grant
//! `Microsoft.Authorization/roleAssignments/write` at a scope are made
//! children of one `Writers` entity for that scope, which links the
//! template `writer` (`principal in ?principal`, `resource in ?resource`:
//! through groups, at the scope or below); the users with an Owner
//! assignment made directly to them at a subscription's scope are children
//! of its `Owners` entity, which links `owner` (`principal in ?principal`,
//! `resource == ?resource`: users have no children, so only a direct Owner
//! is in it — R6 needs one). One link per scope, not per assignment: Cedar
//! evaluates every policy for every request. Whether a custom role writes
//! role assignments is decided here from its actions and not-actions with
//! ARM's wildcard matching.

use crate::cedar::{authorized_codes, CedarSide};
use crate::{Fleet, Rng};
use cedar_policy::{
    Authorizer, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, PolicyId,
    PolicySet, SlotId, Template,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use tenantry::ops::*;
use tenantry::{Operation, Tenancy};

/// The two templates.
pub const TEMPLATES: [(&str, &str); 2] = [
    (
        "writer",
        // R8: whoever holds roleAssignments/write at the scope or above,
        // directly or through groups.
        r#"permit(principal in ?principal, action == Action::"assign_role", resource in ?resource);"#,
    ),
    (
        "owner",
        // R6: an Owner assignment made directly to the user at the
        // subscription's scope.
        r#"permit(principal in ?principal, action == Action::"change_subscription_directory", resource == ?resource);"#,
    ),
];

/// The refusal codes that mean "this actor may not" under `current`.
pub const AUTHORIZATION_CODES: [&str; 2] = ["NOT_AUTHORIZED", "REQUIRES_OWNER"];

/// The action R8 is about.
const WRITE: &str = "Microsoft.Authorization/roleAssignments/write";

/// The built-in roles that write role assignments.
const BUILTIN_WRITERS: [&str; 3] = [
    "owner",
    "user_access_administrator",
    "role_based_access_control_administrator",
];

fn uid(kind: &str, id: &str) -> Result<EntityUid, String> {
    let kind = EntityTypeName::from_str(kind).map_err(|e| e.to_string())?;
    Ok(EntityUid::from_type_name_and_id(kind, EntityId::new(id)))
}

/// ARM's action matching: case-insensitive, `*` matching any run of
/// characters (role-definitions.md).
pub fn arm_matches(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match p.split_first() {
            None => a.is_empty(),
            Some((b'*', rest)) => (0..=a.len()).any(|i| go(rest, &a[i..])),
            Some((c, rest)) => a
                .split_first()
                .is_some_and(|(x, tail)| x.eq_ignore_ascii_case(c) && go(rest, tail)),
        }
    }
    go(pattern.as_bytes(), action.as_bytes())
}

/// Whether actions and not-actions allow `action`.
pub fn permits(actions: &[&str], not_actions: &[&str], action: &str) -> bool {
    actions.iter().any(|p| arm_matches(p, action))
        && !not_actions.iter().any(|p| arm_matches(p, action))
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The Cedar entity id of an ARM scope, lower-cased (`/` is per directory).
fn scope_id(path: &str, directory: &str) -> String {
    let path = path.to_ascii_lowercase();
    if path == "/" {
        format!("/@{}", directory.to_ascii_lowercase())
    } else {
        path
    }
}

fn mg_path(name: &str) -> String {
    format!(
        "/providers/microsoft.management/managementgroups/{}",
        name.to_ascii_lowercase()
    )
}

/// Exports a `current` tenancy's snapshot as Cedar entities and linked
/// policies; `resource_groups` are the resource-group names requests may
/// name, made entities under every subscription.
pub fn export(t: &Tenancy, resource_groups: &[&str]) -> Result<CedarSide, String> {
    let snapshot: Value = serde_json::from_str(&t.to_json()).map_err(|e| e.to_string())?;
    let mut parents: HashMap<EntityUid, HashSet<EntityUid>> = HashMap::new();
    let mut entity = |child: EntityUid, parent: Option<EntityUid>| {
        let set = parents.entry(child).or_default();
        set.extend(parent);
    };

    // Scopes: roots, management groups, subscriptions, resource groups.
    for d in list(&snapshot, "directories") {
        let domain = text(d, "initial_domain");
        let root = uid("Scope", &scope_id("/", domain))?;
        entity(root.clone(), None);
        for mg in list(d, "management_groups") {
            let parent = match mg.get("parent").and_then(Value::as_str) {
                Some(p) => uid("Scope", &mg_path(p))?,
                None => root.clone(),
            };
            entity(uid("Scope", &mg_path(text(mg, "name")))?, Some(parent));
        }
    }
    for s in list(&snapshot, "subscriptions") {
        if text(s, "kind") != "azure" {
            continue;
        }
        let path = format!("/subscriptions/{}", text(s, "id"));
        let parent = match s.get("management_group").and_then(Value::as_str) {
            Some(mg) => uid("Scope", &mg_path(mg))?,
            None => uid("Scope", &scope_id("/", text(s, "directory")))?,
        };
        let sub = uid("Scope", &scope_id(&path, ""))?;
        entity(sub.clone(), Some(parent));
        for rg in resource_groups {
            let rg = uid(
                "Scope",
                &scope_id(&format!("{path}/resourceGroups/{rg}"), ""),
            )?;
            entity(rg, Some(sub.clone()));
        }
    }

    // Groups and their members: a member's parents are its groups.
    let groups = list(&snapshot, "groups");
    let mut group_of: HashMap<String, String> = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for g in groups {
        let key = format!("{}@{}", text(g, "name"), text(g, "directory")).to_ascii_lowercase();
        *seen.entry(key.clone()).or_default() += 1;
        group_of.insert(format!("id:{}", text(g, "id")), text(g, "id").to_owned());
        group_of.insert(key, text(g, "id").to_owned());
    }
    let principal = |reference: &str| -> Result<Option<EntityUid>, String> {
        let lower = reference.to_ascii_lowercase();
        let named = lower
            .strip_prefix("group:")
            .or_else(|| lower.strip_prefix("foreign-group:"));
        if let Some(name) = named {
            if seen.get(name).copied().unwrap_or(0) != 1 {
                return Ok(None);
            }
            return group_of.get(name).map(|id| uid("Group", id)).transpose();
        }
        if lower.starts_with("id:") {
            return group_of.get(&lower).map(|id| uid("Group", id)).transpose();
        }
        if lower.starts_with("sp:") {
            return Ok(None);
        }
        uid("User", &lower).map(Some)
    };
    for g in groups {
        let group = uid("Group", text(g, "id"))?;
        entity(group.clone(), None);
        for m in list(g, "members").iter().filter_map(Value::as_str) {
            if let Some(member) = principal(m)? {
                entity(member, Some(group.clone()));
            }
        }
    }

    // Which roles write role assignments.
    let mut writers: HashSet<String> = BUILTIN_WRITERS.iter().map(|r| r.to_string()).collect();
    for r in list(&snapshot, "custom_roles") {
        let deleted = r.get("deleted").and_then(Value::as_bool).unwrap_or(false);
        let actions = strs(r.get("actions").unwrap_or(&Value::Null));
        let not_actions = strs(r.get("not_actions").unwrap_or(&Value::Null));
        if !deleted && permits(&actions, &not_actions, WRITE) {
            writers.insert(text(r, "name").to_ascii_lowercase());
        }
    }

    let mut policies = PolicySet::new();
    for (id, src) in TEMPLATES {
        let template = Template::parse(Some(PolicyId::new(id)), src).map_err(|e| e.to_string())?;
        policies.add_template(template).map_err(|e| e.to_string())?;
    }
    let directory_of_sub: HashMap<String, String> = list(&snapshot, "subscriptions")
        .iter()
        .map(|s| (text(s, "id").to_owned(), text(s, "directory").to_owned()))
        .collect();
    // The writers and direct owners of each scope, as entity parents.
    let mut writers_at: Vec<EntityUid> = Vec::new();
    let mut owners_at: Vec<EntityUid> = Vec::new();
    for a in list(&snapshot, "role_assignments") {
        if a.get("condition").is_some() {
            continue; // conditions are never evaluated: they never allow
        }
        let Some(who) = principal(text(a, "principal"))? else {
            continue;
        };
        let scope = text(a, "scope");
        let lower = scope.to_ascii_lowercase();
        let directory = match lower.strip_prefix("/subscriptions/") {
            Some(rest) => directory_of_sub
                .get(rest.split('/').next().unwrap_or_default())
                .cloned()
                .unwrap_or_default(),
            None => text(a, "directory").to_owned(),
        };
        let id = scope_id(scope, &directory);
        let role = text(a, "role").to_ascii_lowercase();
        if writers.contains(&role) {
            let set = uid("Writers", &id)?;
            entity(who.clone(), Some(set.clone()));
            writers_at.push(set);
        }
        let at_subscription = lower
            .strip_prefix("/subscriptions/")
            .is_some_and(|rest| !rest.contains('/'));
        if role == "owner" && at_subscription && who.type_name().to_string() == "User" {
            let set = uid("Owners", &id)?;
            entity(who.clone(), Some(set.clone()));
            owners_at.push(set);
        }
    }
    let mut linked = HashSet::new();
    for (template, sets) in [("writer", writers_at), ("owner", owners_at)] {
        for set in sets {
            if !linked.insert(set.clone()) {
                continue;
            }
            let scope = uid("Scope", set.id().unescaped())?;
            let vals = HashMap::from([
                (SlotId::principal(), set.clone()),
                (SlotId::resource(), scope),
            ]);
            let name = format!("{template}{}", linked.len());
            policies
                .link(PolicyId::new(template), PolicyId::new(name), vals)
                .map_err(|e| e.to_string())?;
            entity(set, None);
        }
    }

    let entities: Result<Vec<Entity>, String> = parents
        .into_iter()
        .map(|(id, up)| Entity::new(id, HashMap::new(), up).map_err(|e| e.to_string()))
        .collect();
    Ok(CedarSide {
        policies,
        entities: Entities::from_entities(entities?, None).map_err(|e| e.to_string())?,
        authorizer: Authorizer::new(),
    })
}

/// One question asked of both engines, with tenantry's operation.
pub type Request = crate::cedar::Request;

/// `count` requests over R8 (at subscriptions, resource groups and
/// management groups) and R6, with actors drawn so both answers are
/// common: the subscription's creator (its Owner), a member of a group
/// holding a role there, the directory's elevated admin, any user.
pub fn requests(
    fleet: &Fleet,
    resource_groups: &[&str],
    count: usize,
    seed: u64,
) -> Result<Vec<Request>, String> {
    let t = &fleet.tenancy;
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let sub = &fleet.azure[rng.below(fleet.azure.len())];
        let users = &fleet.users[sub.directory];
        let groups = &fleet.groups[sub.directory];
        let actor = match rng.below(4) {
            0 => sub.admin.clone(),
            1 => users[0].clone(),
            2 if !groups.is_empty() => {
                let group = &groups[rng.below(groups.len())];
                let members = t.group_members(group, true).map_err(|e| e.to_string())?;
                let accounts: Vec<String> = members
                    .iter()
                    .map(|m| m.to_string())
                    .filter(|m| !m.starts_with("group:") && !m.starts_with("id:"))
                    .collect();
                match accounts.get(rng.below(accounts.len().max(1))) {
                    Some(a) => a.clone(),
                    None => users[rng.below(users.len())].clone(),
                }
            }
            _ => users[rng.below(users.len())].clone(),
        };
        let target = users[rng.below(users.len())].clone();
        let path = format!("/subscriptions/{}", sub.id);
        let (action, scope, operation) = match rng.below(5) {
            0 => {
                let other = &fleet.directories[(sub.directory + 1) % fleet.directories.len()];
                let op = ChangeSubscriptionDirectory {
                    actor: actor.clone(),
                    subscription: sub.id.clone(),
                    directory: other.clone(),
                };
                ("change_subscription_directory", path, op.into())
            }
            1 => {
                let tree = &fleet.management_groups[sub.directory];
                let mg = match tree.len() {
                    0 | 1 => "/".to_owned(),
                    n => tree[1 + rng.below(n - 1)].clone(),
                };
                let op = RoleAssignmentChange {
                    actor: actor.clone(),
                    principal: target,
                    role: "reader".into(),
                    scope: Some(mg.clone()),
                    ..Default::default()
                };
                ("assign_role", mg, Operation::AssignRole(op))
            }
            x => {
                let rg = (x == 2).then(|| resource_groups[rng.below(resource_groups.len())]);
                let scope = match rg {
                    Some(rg) => format!("{path}/resourceGroups/{rg}"),
                    None => path,
                };
                let op = RoleAssignmentChange {
                    actor: actor.clone(),
                    subscription: Some(sub.id.clone()),
                    principal: target,
                    role: "reader".into(),
                    resource_group: rg.map(str::to_owned),
                    ..Default::default()
                };
                ("assign_role", scope, Operation::AssignRole(op))
            }
        };
        let directory = &fleet.directories[sub.directory];
        let cedar = cedar_policy::Request::new(
            uid("User", &actor.to_ascii_lowercase())?,
            uid("Action", action)?,
            uid("Scope", &scope_id(&scope, directory))?,
            Context::empty(),
            None,
        )
        .map_err(|e| e.to_string())?;
        out.push(Request { operation, cedar });
    }
    Ok(out)
}

/// tenantry's answer: not refused for authorization under `current`.
pub fn tenantry_allows(t: &Tenancy, request: &Request) -> bool {
    authorized_codes(&t.can(&request.operation), &AUTHORIZATION_CODES)
}

/// The requests on which the two engines disagree, with both answers.
pub fn disagreements<'r>(
    t: &Tenancy,
    cedar: &CedarSide,
    requests: &'r [Request],
) -> Vec<(&'r Request, bool, bool)> {
    requests
        .iter()
        .map(|r| (r, tenantry_allows(t, r), cedar.allows(r)))
        .filter(|(_, ours, theirs)| ours != theirs)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Microsoft's documented examples (role-definitions.md: "Actions",
    /// "NotActions", wildcard permissions).
    #[test]
    fn arm_action_matching_follows_microsofts_examples() {
        assert!(arm_matches("*", "Microsoft.Compute/virtualMachines/read"));
        assert!(arm_matches(
            "*/read",
            "Microsoft.Storage/storageAccounts/read"
        ));
        assert!(!arm_matches(
            "*/read",
            "Microsoft.Storage/storageAccounts/write"
        ));
        assert!(arm_matches(
            "Microsoft.Compute/*",
            "Microsoft.Compute/virtualMachines/start/action"
        ));
        assert!(arm_matches(
            "Microsoft.Network/*/read",
            "Microsoft.Network/virtualNetworks/subnets/read"
        ));
        assert!(arm_matches(
            "microsoft.authorization/roleassignments/WRITE",
            WRITE
        ));
        assert!(!arm_matches(
            "Microsoft.Compute/*",
            "Microsoft.ComputeSchedule/x/read"
        ));
        // Contributor: everything but writing or deleting access.
        let contributor = (
            ["*"],
            [
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
            ],
        );
        assert!(!permits(&contributor.0, &contributor.1, WRITE));
        assert!(permits(
            &contributor.0,
            &contributor.1,
            "Microsoft.Authorization/roleAssignments/read"
        ));
    }
}

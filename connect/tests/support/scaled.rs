//! A tenant of any size for the importer's benchmark, every item made
//! from its index when its page is asked for: members with nested groups,
//! applications, subscriptions under management groups, and role
//! assignments to users and groups at subscription and resource-group
//! scopes.

use super::{List, Tenant};
use serde_json::{json, Value};
use uuid::Uuid;

/// How big.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub users: usize,
    pub groups: usize,
    /// Direct members of each group (users and child groups).
    pub members_per_group: usize,
    pub service_principals: usize,
    pub subscriptions: usize,
    pub assignments_per_subscription: usize,
}

impl Scale {
    /// Issue 12's target tenant: 1,000,000 users, 100,000 groups with
    /// 2,000,000 memberships, 50,000 service principals, 1,000
    /// subscriptions and 1,000,000 role assignments.
    pub const LARGE: Scale = Scale {
        users: 1_000_000,
        groups: 100_000,
        members_per_group: 20,
        service_principals: 50_000,
        subscriptions: 1_000,
        assignments_per_subscription: 1_000,
    };

    /// A small one for smoke runs.
    pub const SMALL: Scale = Scale {
        users: 5_000,
        groups: 500,
        members_per_group: 20,
        service_principals: 250,
        subscriptions: 10,
        assignments_per_subscription: 200,
    };

    /// Child groups of group `g`: a tree of fan-out 5.
    fn children(&self, g: usize) -> impl Iterator<Item = usize> {
        let groups = self.groups;
        (1..=5).map(move |k| 5 * g + k).filter(move |c| *c < groups)
    }

    /// Every item an import reads, as the report counts it: users, groups,
    /// memberships, service principals, subscriptions, role assignments.
    pub fn objects(&self) -> usize {
        self.users
            + self.groups
            + self.groups * self.members_per_group
            + self.service_principals
            + self.subscriptions
            + self.subscriptions * self.assignments_per_subscription
    }

    /// The fewest requests the page sizes allow (Graph 999, ARM 1,000).
    pub fn minimum_requests(&self) -> usize {
        let pages = |n: usize, size: usize| n.div_ceil(size).max(1);
        // organization, domains, directoryRoles and its one role's
        // members, subscribedSkus, directory/subscriptions, the
        // management-group tree, the policy, and the two delta links a
        // refresh starts from.
        let fixed = 10;
        fixed
            + pages(self.users, 999)
            + pages(self.groups, 999)
            + self.groups * pages(self.members_per_group, 999)
            + pages(self.service_principals, 999)
            + pages(self.subscriptions, 1000)
            // Each subscription's role assignments, custom role
            // definitions, classic administrators and resources.
            + self.subscriptions * (pages(self.assignments_per_subscription, 1000) + 1 + 1 + 1)
    }
}

pub const TENANT: &str = "9c6b1a5e-0000-4000-8000-00000000cafe";

fn id(kind: u128, n: usize) -> Uuid {
    Uuid::from_u128((kind << 96) | n as u128)
}

fn user_id(i: usize) -> Uuid {
    id(1, i)
}
fn group_id(g: usize) -> Uuid {
    id(2, g)
}
fn sp_id(i: usize) -> Uuid {
    id(3, i)
}
fn sub_id(s: usize) -> Uuid {
    id(4, s)
}

/// The tenant at this scale.
pub fn tenant(scale: Scale) -> Tenant {
    let mut t = Tenant::default();
    let tenant = TENANT;
    t.graph.insert(
        "organization".into(),
        List::Items(vec![json!({
            "id": tenant,
            "displayName": "Scale",
            "verifiedDomains": [{ "name": "scale.onmicrosoft.com", "isInitial": true }],
        })]),
    );
    t.graph.insert(
        "domains".into(),
        List::Items(vec![
            json!({ "id": "scale.onmicrosoft.com", "isVerified": true, "isInitial": true }),
        ]),
    );
    t.graph.insert(
        "users".into(),
        List::made(scale.users, |i| {
            let upn = format!("user{i}@scale.onmicrosoft.com");
            json!({
                "id": user_id(i),
                "displayName": format!("User {i}"),
                "userPrincipalName": upn,
                "userType": "Member",
                "mail": upn,
                "identities": [{ "signInType": "userPrincipalName", "issuer": "scale.onmicrosoft.com", "issuerAssignedId": upn }],
            })
        }),
    );
    t.graph.insert(
        "groups".into(),
        List::made(scale.groups, |g| {
            json!({ "id": group_id(g), "displayName": format!("Group {g}"), "isAssignableToRole": false, "securityEnabled": true })
        }),
    );
    for g in 0..scale.groups {
        let children: Vec<usize> = scale.children(g).collect();
        let users = scale.members_per_group - children.len();
        let n = scale.users;
        t.graph.insert(
            format!("groups/{}/members", group_id(g)),
            List::made(scale.members_per_group, move |k| {
                if k < users {
                    json!({ "@odata.type": "#microsoft.graph.user", "id": user_id((g * 7919 + k * 104_729) % n) })
                } else {
                    json!({ "@odata.type": "#microsoft.graph.group", "id": group_id(children[k - users]) })
                }
            }),
        );
    }
    t.graph.insert(
        "servicePrincipals".into(),
        List::made(scale.service_principals, |i| {
            json!({ "id": sp_id(i), "appId": id(5, i), "displayName": format!("app {i}"), "servicePrincipalType": "Application", "alternativeNames": [] })
        }),
    );
    let ga = Uuid::from_u128(0x62e9);
    t.graph.insert(
        "directoryRoles".into(),
        List::Items(vec![json!({ "id": ga, "roleTemplateId": "62e90394-69f5-4237-9190-012177145e10", "displayName": "Global Administrator" })]),
    );
    t.graph.insert(
        format!("directoryRoles/{ga}/members"),
        List::Items(vec![
            json!({ "@odata.type": "#microsoft.graph.user", "id": user_id(0) }),
        ]),
    );
    t.graph.insert("subscribedSkus".into(), List::Items(vec![]));
    t.graph
        .insert("directory/subscriptions".into(), List::Items(vec![]));
    t.arm.insert(
        "subscriptions".into(),
        List::made(scale.subscriptions, move |s| {
            json!({
                "id": format!("/subscriptions/{}", sub_id(s)),
                "subscriptionId": sub_id(s),
                "tenantId": tenant,
                "displayName": format!("Subscription {s}"),
                "state": "Enabled",
                "subscriptionPolicies": { "quotaId": "PayAsYouGo_2014-09-01" },
                "managedByTenants": [],
            })
        }),
    );
    let groups_of_subs = 10;
    let tree: Vec<Value> = (0..groups_of_subs)
        .map(|m| {
            let subs: Vec<Value> = (0..scale.subscriptions)
                .filter(|s| s % groups_of_subs == m)
                .map(|s| json!({ "type": "/subscriptions", "name": sub_id(s).to_string() }))
                .collect();
            json!({ "type": "Microsoft.Management/managementGroups", "name": format!("mg{m}"), "children": subs })
        })
        .collect();
    t.objects.insert(
        format!("providers/Microsoft.Management/managementGroups/{tenant}"),
        json!({ "name": tenant, "properties": { "tenantId": tenant, "displayName": "Tenant Root Group", "children": tree } }),
    );
    t.objects.insert(
        "providers/Microsoft.Subscription/policies/default".into(),
        json!({ "properties": { "blockSubscriptionsLeavingTenant": false, "blockSubscriptionsIntoTenant": false, "exemptedPrincipals": [] } }),
    );
    const ROLES: [&str; 3] = [
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    ];
    for s in 0..scale.subscriptions {
        let sub = sub_id(s);
        let per = scale.assignments_per_subscription;
        let (users, groups) = (scale.users, scale.groups);
        let base = format!("subscriptions/{sub}/providers/Microsoft.Authorization");
        t.arm
            .insert(format!("{base}/roleDefinitions"), List::Items(vec![]));
        t.arm
            .insert(format!("{base}/classicAdministrators"), List::Items(vec![]));
        t.arm.insert(
            format!("subscriptions/{sub}/resources"),
            List::Items(vec![]),
        );
        t.arm.insert(
            format!("{base}/roleAssignments"),
            List::made(per, move |k| {
                // Every tenth to a group; the rest to distinct users.
                let (principal, kind) = if k % 10 == 9 {
                    (group_id((s * per + k) % groups), "Group")
                } else {
                    (user_id((s * per + k) % users), "User")
                };
                let scope = if k % 4 == 3 {
                    format!("/subscriptions/{sub}/resourceGroups/rg{}", k % 5)
                } else {
                    format!("/subscriptions/{sub}")
                };
                let name = id(6, s * per + k);
                json!({
                    "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
                    "name": name,
                    "properties": {
                        "roleDefinitionId": format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{}", ROLES[k % 3]),
                        "principalId": principal,
                        "principalType": kind,
                        "scope": scope,
                    },
                })
            }),
        );
    }
    t
}

/// One user in a hundred renamed, as `/users/delta` gives the changes:
/// the incremental refresh's workload.
pub fn renames(scale: Scale) -> Vec<Value> {
    (0..scale.users)
        .step_by(100)
        .map(|i| json!({ "id": user_id(i), "displayName": format!("User {i} (renamed)") }))
        .collect()
}

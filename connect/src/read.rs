//! Reading one tenant: Graph's directory objects, then ARM's
//! subscriptions and access, every list page by page, independent reads
//! side by side within the concurrency bound. A 403 or a retired API
//! becomes a [`Gap`] and the import goes on; every other failure ends it.

use crate::http::{Got, Http, Service};
use crate::report::Gap;
use crate::wire::arm::{self, api};
use crate::wire::graph::{self, select};
use crate::wire::{ArmPage, GraphPage};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tenantry::Error;
use tokio::task::JoinSet;
use uuid::Uuid;

/// Everything read from one tenant, as the services wrote it.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub(crate) organization: Option<graph::Organization>,
    pub(crate) domains: Vec<graph::Domain>,
    pub(crate) users: Vec<graph::User>,
    pub(crate) groups: Vec<graph::Group>,
    /// Each group's direct members, by group id.
    pub(crate) members: HashMap<Uuid, Vec<graph::DirectoryObject>>,
    pub(crate) service_principals: Vec<graph::ServicePrincipal>,
    pub(crate) roles: Vec<(graph::DirectoryRole, Vec<graph::DirectoryObject>)>,
    pub(crate) skus: Vec<graph::SubscribedSku>,
    pub(crate) company_subscriptions: Option<Vec<graph::CompanySubscription>>,
    pub(crate) subscriptions: Vec<arm::Subscription>,
    pub(crate) management_groups: Option<arm::ManagementGroup>,
    pub(crate) policy: Option<arm::TenantPolicy>,
    /// Custom role definitions, each once.
    pub(crate) role_definitions: Vec<arm::RoleDefinition>,
    /// Role assignments, each once (a subscription's list repeats those
    /// inherited from above).
    pub(crate) role_assignments: Vec<arm::RoleAssignment>,
    /// Classic administrators, by subscription, where the API answered.
    pub(crate) classic: Vec<(Uuid, Vec<arm::ClassicAdministrator>)>,
    pub(crate) gaps: Vec<Gap>,
}

/// A read that may be refused: its value, or the gap it leaves.
fn gap<T>(got: Got<T>, what: &str, needs: &str, gaps: &mut Vec<Gap>) -> Option<T> {
    match got {
        Got::Ok(v) => Some(v),
        Got::Forbidden(detail) | Got::Absent(detail) => {
            gaps.push(Gap {
                what: what.to_owned(),
                needs: needs.to_owned(),
                detail: crate::error::one_line(&detail),
            });
            None
        }
    }
}

/// All of one Graph list.
async fn graph_list<T: serde::de::DeserializeOwned>(
    http: &Http,
    path: &str,
) -> Result<Got<Vec<T>>, Error> {
    let mut all = Vec::new();
    let got = http
        .pages::<T, GraphPage<T>>(Service::Graph, http.url(Service::Graph, path), |page| {
            all.extend(page)
        })
        .await?;
    Ok(got.map(|()| all))
}

/// All of one ARM list, from a full URL.
async fn arm_list<T: serde::de::DeserializeOwned>(
    http: &Http,
    url: String,
) -> Result<Got<Vec<T>>, Error> {
    let mut all = Vec::new();
    let got = http
        .pages::<T, ArmPage<T>>(Service::Arm, url, |page| all.extend(page))
        .await?;
    Ok(got.map(|()| all))
}

/// Reads the tenant the credentials sign in to.
pub(crate) async fn read(http: Arc<Http>) -> Result<Read, Error> {
    let mut r = Read::default();
    let directory = "Directory.Read.All";
    let users_path = format!("v1.0/users?$select={}&$top=999", select::USERS);
    let groups_path = format!("v1.0/groups?$select={}&$top=999", select::GROUPS);
    let sps_path = format!(
        "v1.0/servicePrincipals?$select={}&$top=999",
        select::SERVICE_PRINCIPALS
    );
    let (organization, domains, users, groups, sps, roles, skus, company) = tokio::try_join!(
        graph_list::<graph::Organization>(&http, "v1.0/organization"),
        graph_list::<graph::Domain>(&http, "v1.0/domains"),
        graph_list::<graph::User>(&http, &users_path),
        graph_list::<graph::Group>(&http, &groups_path),
        graph_list::<graph::ServicePrincipal>(&http, &sps_path),
        graph_list::<graph::DirectoryRole>(&http, "v1.0/directoryRoles"),
        graph_list::<graph::SubscribedSku>(&http, "v1.0/subscribedSkus"),
        graph_list::<graph::CompanySubscription>(&http, "v1.0/directory/subscriptions"),
    )?;
    let gaps = &mut r.gaps;
    r.organization =
        gap(organization, "the organization", directory, gaps).and_then(|o| o.into_iter().next());
    r.domains = gap(domains, "domains", "Domain.Read.All", gaps).unwrap_or_default();
    r.users = gap(users, "users", "User.Read.All", gaps).unwrap_or_default();
    r.groups = gap(groups, "groups", "GroupMember.Read.All", gaps).unwrap_or_default();
    r.service_principals =
        gap(sps, "service principals", "Application.Read.All", gaps).unwrap_or_default();
    let roles = gap(
        roles,
        "directory roles",
        "RoleManagement.Read.Directory",
        gaps,
    )
    .unwrap_or_default();
    r.skus = gap(skus, "subscribed SKUs", "LicenseAssignment.Read.All", gaps).unwrap_or_default();
    r.company_subscriptions = gap(
        company,
        "directory subscriptions",
        "LicenseAssignment.Read.All",
        gaps,
    );

    // Members of every group, and holders of every role, side by side.
    let member_lists: Vec<(Kind, Uuid, String)> = r
        .groups
        .iter()
        .map(|g| {
            (
                Kind::Group,
                g.id,
                format!(
                    "v1.0/groups/{}/members?$select={}&$top=999",
                    g.id,
                    select::MEMBERS
                ),
            )
        })
        .chain(roles.iter().map(|role| {
            (
                Kind::Role,
                role.id,
                format!(
                    "v1.0/directoryRoles/{}/members?$select={}",
                    role.id,
                    select::MEMBERS
                ),
            )
        }))
        .collect();
    let mut holders: HashMap<Uuid, Vec<graph::DirectoryObject>> = HashMap::new();
    for (kind, id, got) in each_bounded(&http, member_lists).await? {
        let (what, needs) = match kind {
            Kind::Group => (format!("members of group {id}"), "GroupMember.Read.All"),
            Kind::Role => (
                format!("holders of directory role {id}"),
                "RoleManagement.Read.Directory",
            ),
        };
        if let Some(list) = gap(got, &what, needs, &mut r.gaps) {
            match kind {
                Kind::Group => {
                    r.members.insert(id, list);
                }
                Kind::Role => {
                    holders.insert(id, list);
                }
            }
        }
    }
    r.roles = roles
        .into_iter()
        .map(|role| {
            let list = holders.remove(&role.id).unwrap_or_default();
            (role, list)
        })
        .collect();

    read_arm(&http, &mut r).await?;
    Ok(r)
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Group,
    Role,
}

/// Graph lists read side by side, at most a few dozen spawned at a time
/// (the client bounds what is in flight).
async fn each_bounded(
    http: &Arc<Http>,
    lists: Vec<(Kind, Uuid, String)>,
) -> Result<Vec<(Kind, Uuid, Got<Vec<graph::DirectoryObject>>)>, Error> {
    const AHEAD: usize = 64;
    let mut out = Vec::with_capacity(lists.len());
    let mut pending = lists.into_iter();
    let mut set = JoinSet::new();
    loop {
        while set.len() < AHEAD {
            let Some((kind, id, path)) = pending.next() else {
                break;
            };
            let http = Arc::clone(http);
            set.spawn(async move {
                let got = graph_list::<graph::DirectoryObject>(&http, &path).await;
                got.map(|g| (kind, id, g))
            });
        }
        match set.join_next().await {
            None => break,
            Some(joined) => {
                let done = joined.map_err(|e| {
                    crate::error::network("the tenant", &format!("a reader stopped ({e})"))
                })??;
                out.push(done);
            }
        }
    }
    Ok(out)
}

/// ARM: subscriptions, the management-group tree, the subscription
/// policy, then each subscription's role definitions, role assignments
/// and classic administrators.
async fn read_arm(http: &Arc<Http>, r: &mut Read) -> Result<(), Error> {
    let tenant = r.organization.as_ref().map(|o| o.id);
    let subscriptions = arm_list::<arm::Subscription>(
        http,
        http.url(
            Service::Arm,
            &format!("subscriptions?api-version={}", api::RESOURCES),
        ),
    )
    .await?;
    r.subscriptions = gap(
        subscriptions,
        "subscriptions",
        "Reader on the subscriptions",
        &mut r.gaps,
    )
    .unwrap_or_default();
    if let Some(tenant) = tenant {
        let tree = http
            .get::<arm::ManagementGroup>(
                Service::Arm,
                &http.url(
                    Service::Arm,
                    &format!(
                        "providers/Microsoft.Management/managementGroups/{tenant}?api-version={}&$expand=children&$recurse=true",
                        api::MANAGEMENT_GROUPS
                    ),
                ),
            )
            .await?;
        r.management_groups = gap(
            tree,
            "management groups",
            "Management Group Reader on the tenant root group",
            &mut r.gaps,
        );
    }
    let policy = http
        .get::<arm::TenantPolicy>(
            Service::Arm,
            &http.url(
                Service::Arm,
                &format!(
                    "providers/Microsoft.Subscription/policies/default?api-version={}",
                    api::SUBSCRIPTION_POLICY
                ),
            ),
        )
        .await?;
    r.policy = gap(
        policy,
        "the subscription policy",
        "Reader (any user of the directory may read it)",
        &mut r.gaps,
    );

    let mut set = JoinSet::new();
    let ids: Vec<Uuid> = r
        .subscriptions
        .iter()
        .filter(|s| Some(s.tenant_id) == tenant)
        .map(|s| s.subscription_id)
        .collect();
    let mut pending = ids.into_iter();
    let mut seen_definitions = HashSet::new();
    let mut seen_assignments = HashSet::new();
    loop {
        while set.len() < 16 {
            let Some(sub) = pending.next() else { break };
            let http = Arc::clone(http);
            set.spawn(async move { read_subscription(&http, sub).await });
        }
        let Some(joined) = set.join_next().await else {
            break;
        };
        let s = joined.map_err(|e| {
            crate::error::network("the tenant", &format!("a reader stopped ({e})"))
        })??;
        let what = |x: &str| format!("{x} of subscription {}", s.id);
        if let Some(list) = gap(
            s.definitions,
            &what("custom role definitions"),
            "Reader (Microsoft.Authorization/roleDefinitions/read)",
            &mut r.gaps,
        ) {
            for d in list {
                if seen_definitions.insert(d.name.to_ascii_lowercase()) {
                    r.role_definitions.push(d);
                }
            }
        }
        if let Some(list) = gap(
            s.assignments,
            &what("role assignments"),
            "Reader (Microsoft.Authorization/roleAssignments/read)",
            &mut r.gaps,
        ) {
            for a in list {
                if seen_assignments.insert(a.id.to_ascii_lowercase()) {
                    r.role_assignments.push(a);
                }
            }
        }
        // Retired in 2024–2026: most subscriptions no longer answer, which
        // is not a gap.
        if let Got::Ok(list) = s.classic {
            if !list.is_empty() {
                r.classic.push((s.id, list));
            }
        }
    }
    r.role_assignments.sort_by(|a, b| a.id.cmp(&b.id));
    r.role_definitions.sort_by(|a, b| a.name.cmp(&b.name));
    r.classic.sort_by_key(|(id, _)| *id);
    Ok(())
}

struct SubscriptionRead {
    id: Uuid,
    definitions: Got<Vec<arm::RoleDefinition>>,
    assignments: Got<Vec<arm::RoleAssignment>>,
    classic: Got<Vec<arm::ClassicAdministrator>>,
}

async fn read_subscription(http: &Http, id: Uuid) -> Result<SubscriptionRead, Error> {
    let base = format!("subscriptions/{id}/providers/Microsoft.Authorization");
    let (definitions, assignments, classic) = tokio::try_join!(
        arm_list::<arm::RoleDefinition>(
            http,
            http.url(
                Service::Arm,
                &format!(
                    "{base}/roleDefinitions?$filter=type%20eq%20%27CustomRole%27&api-version={}",
                    api::AUTHORIZATION
                )
            )
        ),
        arm_list::<arm::RoleAssignment>(
            http,
            http.url(
                Service::Arm,
                &format!("{base}/roleAssignments?api-version={}", api::AUTHORIZATION)
            )
        ),
        async {
            // Classic administrators: a 400 or 404 from a retired API is
            // an answer, not a failure.
            match arm_list::<arm::ClassicAdministrator>(
                http,
                http.url(
                    Service::Arm,
                    &format!(
                        "{base}/classicAdministrators?api-version={}",
                        api::CLASSIC_ADMINISTRATORS
                    ),
                ),
            )
            .await
            {
                Err(e)
                    if matches!(
                        e.kind(),
                        tenantry::ErrorKind::ImportHttp { status: 400, .. }
                    ) =>
                {
                    Ok(Got::Absent(e.to_string()))
                }
                other => other,
            }
        },
    )?;
    Ok(SubscriptionRead {
        id,
        definitions,
        assignments,
        classic,
    })
}

//! Reading one tenant: Graph's directory objects, then ARM's
//! subscriptions and access, every list page by page, independent reads
//! side by side within the concurrency bound. A 403 or a retired API
//! becomes a [`Gap`] and the import goes on; every other failure ends it.
//!
//! - [`directory`]: users, groups and members, in full or laid over an
//!   earlier import's state through Graph's delta queries;
//! - [`azure`]: subscriptions, management groups, the policy, and each
//!   subscription's roles, assignments, resources and delegations.

mod azure;
mod directory;

use crate::http::{Got, Http, Service};
use crate::refresh::{self, Links, Objects, State};
use crate::report::{Gap, Refresh};
use crate::wire::arm::{self, api};
use crate::wire::graph::{self, select};
use crate::wire::{ArmPage, GraphPage, Page};
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
    /// Users, groups and each group's direct members, sorted.
    pub(crate) objects: Objects,
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
    /// The subscriptions' resources, by id.
    pub(crate) resources: Vec<arm::Resource>,
    /// What providers say of some of them (by lowercase id).
    pub(crate) details: HashMap<String, Detail>,
    /// Lighthouse registration assignments, by subscription.
    pub(crate) delegations: HashMap<Uuid, Vec<arm::RegistrationAssignment>>,
    pub(crate) gaps: Vec<Gap>,
    /// Where the next refresh starts, when Graph gave delta links.
    pub(crate) links: Option<Links>,
    /// What a refresh changed, and why it read in full if it had to.
    pub(crate) refresh: Option<Refresh>,
}

/// What a resource's provider says of it, where the inventory needs more
/// than the generic list gives.
#[derive(Debug)]
pub(crate) enum Detail {
    Vault(arm::VaultProperties),
    Sql(arm::SqlServerProperties),
    Cluster(arm::ClusterProperties),
    Storage(arm::StorageProperties),
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
    Ok(got.map(|_| all))
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
    Ok(got.map(|_| all))
}

/// Reads the tenant the credentials sign in to: in full, or, `since` an
/// earlier import's state, its directory objects through Graph's delta
/// queries and the rest in full.
pub(crate) async fn read(http: Arc<Http>, since: Option<State>) -> Result<Read, Error> {
    let mut r = Read::default();
    let directory = "Directory.Read.All";
    let since_tenant = since.as_ref().map(State::tenant);
    let sps_path = format!(
        "v1.0/servicePrincipals?$select={}&$top=999",
        select::SERVICE_PRINCIPALS
    );
    let (organization, domains, objects, sps, roles, skus, company) = tokio::try_join!(
        graph_list::<graph::Organization>(&http, "v1.0/organization"),
        graph_list::<graph::Domain>(&http, "v1.0/domains"),
        directory::directory_objects(&http, since),
        graph_list::<graph::ServicePrincipal>(&http, &sps_path),
        graph_list::<graph::DirectoryRole>(&http, "v1.0/directoryRoles"),
        graph_list::<graph::SubscribedSku>(&http, "v1.0/subscribedSkus"),
        graph_list::<graph::CompanySubscription>(&http, "v1.0/directory/subscriptions"),
    )?;
    let gaps = &mut r.gaps;
    r.organization =
        gap(organization, "the organization", directory, gaps).and_then(|o| o.into_iter().next());
    if let (Some(was), Some(org)) = (since_tenant, &r.organization) {
        if was != org.id {
            return Err(crate::error::options(
                "--since",
                &format!(
                    "the earlier import is of tenant {was}, and these credentials sign in to {}",
                    org.id
                ),
            ));
        }
    }
    r.domains = gap(domains, "domains", "Domain.Read.All", gaps).unwrap_or_default();
    r.objects.users = gap(objects.users, "users", "User.Read.All", gaps).unwrap_or_default();
    r.objects.groups =
        gap(objects.groups, "groups", "GroupMember.Read.All", gaps).unwrap_or_default();
    r.links = objects.links;
    r.refresh = objects.refresh;
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
    // (A refresh has the members already.)
    let listed = match objects.members {
        Some(members) => {
            r.objects.members = members;
            &[][..]
        }
        None => &r.objects.groups[..],
    };
    let member_lists: Vec<(Kind, Uuid, String)> = listed
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
                    r.objects.members.insert(id, list);
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
    r.objects.sort();

    azure::read_arm(&http, &mut r).await?;
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

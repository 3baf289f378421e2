//! Reading one tenant: Graph's directory objects, then ARM's
//! subscriptions and access, every list page by page, independent reads
//! side by side within the concurrency bound. A 403 or a retired API
//! becomes a [`Gap`] and the import goes on; every other failure ends it.

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
        directory_objects(&http, since),
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

    read_arm(&http, &mut r).await?;
    Ok(r)
}

/// A read's users and groups (and, from a refresh, the members).
struct DirectoryObjects {
    users: Got<Vec<graph::User>>,
    groups: Got<Vec<graph::Group>>,
    /// Each group's members, when a refresh laid them over the state (a
    /// full read lists each group's members afterwards).
    members: Option<HashMap<Uuid, Vec<graph::DirectoryObject>>>,
    links: Option<Links>,
    refresh: Option<Refresh>,
}

/// The directory objects: laid over `since` when Graph still has its
/// delta links, else read in full (and the report says why).
async fn directory_objects(http: &Http, since: Option<State>) -> Result<DirectoryObjects, Error> {
    let Some(state) = since else {
        return full_directory(http).await;
    };
    let full_read = match refreshed(http, state).await? {
        Ok(objects) => return Ok(objects),
        Err(why) => why,
    };
    let mut objects = full_directory(http).await?;
    objects.refresh = Some(Refresh {
        full_read: Some(full_read),
        ..Refresh::default()
    });
    Ok(objects)
}

/// The users and groups in full, after the delta links that start the
/// next refresh (taken first, so that what changes during the read comes
/// in the next round).
async fn full_directory(http: &Http) -> Result<DirectoryObjects, Error> {
    let users_delta = format!("v1.0/users/delta?$select={}", select::USERS);
    let groups_delta = format!("v1.0/groups/delta?$select={},members", select::GROUPS);
    let (users_link, groups_link) =
        tokio::try_join!(latest(http, &users_delta), latest(http, &groups_delta),)?;
    let users_path = format!("v1.0/users?$select={}&$top=999", select::USERS);
    let groups_path = format!("v1.0/groups?$select={}&$top=999", select::GROUPS);
    let (users, groups) = tokio::try_join!(
        graph_list::<graph::User>(http, &users_path),
        graph_list::<graph::Group>(http, &groups_path),
    )?;
    Ok(DirectoryObjects {
        users,
        groups,
        members: None,
        links: users_link
            .zip(groups_link)
            .map(|(users, groups)| Links { users, groups }),
        refresh: None,
    })
}

/// A delta link that starts from now (`$deltatoken=latest`: no objects,
/// just the link), or none when Graph will not give one.
async fn latest(http: &Http, path: &str) -> Result<Option<String>, Error> {
    let url = http.url(Service::Graph, &format!("{path}&$deltatoken=latest"));
    match http
        .get::<GraphPage<serde::de::IgnoredAny>>(Service::Graph, &url)
        .await
    {
        Ok(Got::Ok(page)) => {
            let (_, _, link) = page.into_parts();
            match link {
                Some(link) => {
                    http.check_same_service(Service::Graph, &url, &link)?;
                    Ok(Some(link))
                }
                None => Ok(None),
            }
        }
        Ok(Got::Forbidden(_) | Got::Absent(_)) => Ok(None),
        Err(e) if http_status(&e).is_some_and(|s| matches!(s, 400 | 405 | 501)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The status of an `IMPORT_HTTP` error.
fn http_status(e: &Error) -> Option<u16> {
    match e.kind() {
        tenantry::ErrorKind::ImportHttp { status, .. } => Some(*status),
        _ => None,
    }
}

/// One delta round from a saved link: its changes and the next round's
/// link; `Err` with why when Graph no longer has that round (410 Gone:
/// the link expired) or will not give it.
async fn delta_round<T: serde::de::DeserializeOwned>(
    http: &Http,
    link: String,
) -> Result<Result<(Vec<T>, String), String>, Error> {
    let from = link.split('?').next().unwrap_or(&link).to_owned();
    let mut all = Vec::new();
    let got = http
        .pages::<T, GraphPage<T>>(Service::Graph, link, |page| all.extend(page))
        .await;
    match got {
        Ok(Got::Ok(Some(next))) => Ok(Ok((all, next))),
        Ok(Got::Ok(None)) => Err(crate::error::bad_response(
            &from,
            "the delta round ended without an @odata.deltaLink",
        )),
        Ok(Got::Forbidden(detail) | Got::Absent(detail)) => Ok(Err(format!(
            "Graph refused the delta round of {from} ({})",
            crate::error::one_line(&detail)
        ))),
        Err(e) if http_status(&e) == Some(410) => {
            Ok(Err(format!("the delta link of {from} expired (410 Gone)")))
        }
        Err(e) => Err(e),
    }
}

/// The state with Graph's changes since laid over it; `Err` with why a
/// full read is needed instead.
async fn refreshed(http: &Http, state: State) -> Result<Result<DirectoryObjects, String>, Error> {
    let root = http.root(Service::Graph);
    if reqwest::Url::parse(state.graph()).ok().as_ref() != Some(root) {
        return Err(crate::error::options(
            "--since",
            &format!(
                "the earlier import read Graph at {}, and this one reads {root}",
                state.graph()
            ),
        ));
    }
    let (links, mut objects) = state.into_parts();
    for link in [&links.users, &links.groups] {
        http.check_same_service(Service::Graph, "the earlier import's state", link)?;
    }
    let (users, groups) = tokio::try_join!(
        delta_round::<graph::UserChange>(http, links.users),
        delta_round::<graph::GroupChange>(http, links.groups),
    )?;
    let ((user_changes, users_link), (group_changes, groups_link)) = match (users, groups) {
        (Ok(u), Ok(g)) => (u, g),
        (Err(why), _) | (_, Err(why)) => return Ok(Err(why)),
    };
    let mut changes = refresh::Changes::default();
    refresh::apply_groups(&mut objects, group_changes, &mut changes);
    refresh::apply_users(&mut objects, user_changes, &mut changes).map_err(|why| {
        crate::error::bad_response(&http.url(Service::Graph, "v1.0/users/delta"), &why)
    })?;
    Ok(Ok(DirectoryObjects {
        users: Got::Ok(objects.users),
        groups: Got::Ok(objects.groups),
        members: Some(objects.members),
        links: Some(Links {
            users: users_link,
            groups: groups_link,
        }),
        refresh: Some(Refresh {
            changes,
            full_read: None,
        }),
    }))
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
    let ids: Vec<(Uuid, bool)> = r
        .subscriptions
        .iter()
        .filter(|s| Some(s.tenant_id) == tenant)
        .map(|s| (s.subscription_id, !s.managed_by_tenants.is_empty()))
        .collect();
    let mut pending = ids.into_iter();
    let mut seen_definitions = HashSet::new();
    let mut seen_assignments = HashSet::new();
    loop {
        while set.len() < 16 {
            let Some((sub, delegated)) = pending.next() else {
                break;
            };
            let http = Arc::clone(http);
            set.spawn(async move { read_subscription(&http, sub, delegated).await });
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
        if let Some(list) = gap(
            s.resources,
            &what("resources"),
            "Reader (Microsoft.Resources/subscriptions/resources/read)",
            &mut r.gaps,
        ) {
            r.resources.extend(list);
        }
        r.details.extend(s.details);
        if !s.delegations.is_empty() {
            r.delegations.insert(s.id, s.delegations);
        }
        r.gaps.extend(s.gaps);
    }
    r.resources
        .sort_by_cached_key(|x| x.id.to_ascii_lowercase());
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
    resources: Got<Vec<arm::Resource>>,
    details: Vec<(String, Detail)>,
    delegations: Vec<arm::RegistrationAssignment>,
    gaps: Vec<Gap>,
}

/// The provider lists the inventory reads where a subscription has such
/// resources: the type, its API version, what the list needs, and how its
/// items become details.
type Provider = (
    &'static str,
    &'static str,
    fn(&Http, String) -> DetailsRead<'_>,
);

type DetailsRead<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Got<Vec<(String, Detail)>>, Error>> + Send + 'a>,
>;

/// One provider's list of a subscription's resources of its type.
fn provider_list<P>(http: &Http, url: String, detail: fn(P) -> Detail) -> DetailsRead<'_>
where
    P: serde::de::DeserializeOwned + Default + Send + 'static,
{
    Box::pin(async move {
        let got = arm_list::<arm::Detailed<P>>(http, url).await?;
        Ok(got.map(|list| {
            list.into_iter()
                .map(|d| (d.id.to_ascii_lowercase(), detail(d.properties)))
                .collect()
        }))
    })
}

const PROVIDERS: [Provider; 4] = [
    ("Microsoft.KeyVault/vaults", api::KEY_VAULT, |h, u| {
        provider_list(h, u, Detail::Vault)
    }),
    ("Microsoft.Sql/servers", api::SQL, |h, u| {
        provider_list(h, u, Detail::Sql)
    }),
    (
        "Microsoft.ContainerService/managedClusters",
        api::AKS,
        |h, u| provider_list(h, u, Detail::Cluster),
    ),
    ("Microsoft.Storage/storageAccounts", api::STORAGE, |h, u| {
        provider_list(h, u, Detail::Storage)
    }),
];

async fn read_subscription(
    http: &Http,
    id: Uuid,
    delegated: bool,
) -> Result<SubscriptionRead, Error> {
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
    // The inventory: every resource, then what the providers of the
    // types the move-impact table names say of theirs.
    let resources = arm_list::<arm::Resource>(
        http,
        http.url(
            Service::Arm,
            &format!(
                "subscriptions/{id}/resources?api-version={}",
                api::RESOURCE_LIST
            ),
        ),
    )
    .await?;
    let mut details = Vec::new();
    let mut gaps = Vec::new();
    if let Got::Ok(list) = &resources {
        let present: HashSet<String> = list.iter().map(|x| x.kind.to_ascii_lowercase()).collect();
        for (kind, version, read) in PROVIDERS {
            if !present.contains(&kind.to_ascii_lowercase()) {
                continue;
            }
            let url = http.url(
                Service::Arm,
                &format!("subscriptions/{id}/providers/{kind}?api-version={version}"),
            );
            let got = read(http, url).await?;
            if let Some(list) = gap(
                got,
                &format!("{kind} of subscription {id}"),
                &format!("Reader ({kind}/read)"),
                &mut gaps,
            ) {
                details.extend(list);
            }
        }
    }
    // Lighthouse: who in the managing tenants holds which role, where
    // the subscription names managing tenants.
    let mut delegations = Vec::new();
    if delegated {
        let got = arm_list::<arm::RegistrationAssignment>(
            http,
            http.url(
                Service::Arm,
                &format!(
                    "subscriptions/{id}/providers/Microsoft.ManagedServices/registrationAssignments?api-version={}&$expandRegistrationDefinition=true",
                    api::MANAGED_SERVICES
                ),
            ),
        )
        .await?;
        delegations = gap(
            got,
            &format!("Lighthouse registration assignments of subscription {id}"),
            "Reader (Microsoft.ManagedServices/registrationAssignments/read)",
            &mut gaps,
        )
        .unwrap_or_default();
    }
    Ok(SubscriptionRead {
        id,
        definitions,
        assignments,
        classic,
        resources,
        details,
        delegations,
        gaps,
    })
}

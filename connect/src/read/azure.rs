//! ARM: the subscriptions, the management-group tree, the subscription
//! policy, and each subscription's custom roles, role assignments,
//! classic administrators, resource inventory and Lighthouse
//! registrations.

use super::*;

/// ARM: subscriptions, the management-group tree, the subscription
/// policy, then each subscription's role definitions, role assignments
/// and classic administrators.
pub(super) async fn read_arm(http: &Arc<Http>, r: &mut Read) -> Result<(), Error> {
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

//! The Azure side the move-impact table needs beyond access: each
//! subscription's Lighthouse delegations, and the resource inventory
//! (managed identities joined to the service principals read, what the
//! providers said of vaults, SQL servers, AKS clusters and storage).

use super::{display, reference, Held};
use crate::read::{Detail, Read};
use crate::report::Report;
use crate::wire::arm;
use std::borrow::Cow;
use std::collections::HashMap;
use tenantry::Uuid;

/// A subscription's Lighthouse delegations: each standing authorization
/// of its registration assignments from a tenant it names as managing it.
/// A managing tenant with no readable authorization, and a role the model
/// does not hold, are reported.
pub(super) fn delegations(
    read: &Read,
    s: &arm::Subscription,
    report: &mut Report,
) -> Vec<tenantry::image::Delegation<'static>> {
    let mut out = Vec::new();
    let assignments = read.delegations.get(&s.subscription_id);
    for t in &s.managed_by_tenants {
        let mut found = false;
        let definitions = assignments
            .into_iter()
            .flatten()
            .filter_map(|a| a.properties.registration_definition.as_ref())
            .filter(|d| d.properties.managed_by_tenant_id == Some(t.tenant_id));
        for d in definitions {
            found = true;
            for a in &d.properties.authorizations {
                let role = a
                    .role_definition_id
                    .rsplit('/')
                    .next()
                    .unwrap_or(&a.role_definition_id)
                    .to_ascii_lowercase();
                if tenantry::RbacRole::named(&role).is_none() {
                    report.unresolved(
                        "role_definition",
                        role,
                        format!(
                            "Lighthouse delegation of subscription {} to {}",
                            s.subscription_id, t.tenant_id
                        ),
                        "a built-in role the model does not hold",
                    );
                    continue;
                }
                out.push(tenantry::image::Delegation {
                    tenant: t.tenant_id,
                    principal_id: a.principal_id,
                    principal_name: a
                        .principal_id_display_name
                        .as_ref()
                        .map(|_| display(&a.principal_id_display_name, a.principal_id)),
                    role: Cow::Owned(role),
                });
            }
        }
        if !found {
            report.unresolved(
                "lighthouse_delegation",
                t.tenant_id.to_string(),
                format!("subscription {}", s.subscription_id),
                "a managing tenant whose registration assignment the import could not read",
            );
        }
    }
    out
}

/// The types of the move-impact table the inventory keeps even without a
/// managed identity (lowercase).
const IMPACT_TYPES: [&str; 7] = [
    "microsoft.keyvault/vaults",
    "microsoft.sql/servers",
    "microsoft.dbformysql/servers",
    "microsoft.dbformysql/flexibleservers",
    "microsoft.containerservice/managedclusters",
    "microsoft.storage/storageaccounts",
    "microsoft.managedidentity/userassignedidentities",
];

/// The resource inventory: resources with managed identities and those of
/// the move-impact table's types, their identities joined to the service
/// principals read, with what their providers said (a vault's tenant and
/// access policies, Entra ID authentication, ACLs).
pub(super) fn resources(
    read: &Read,
    held: &HashMap<Uuid, Held>,
    in_import: &dyn Fn(&str) -> bool,
    image: &mut tenantry::image::Image<'static>,
    report: &mut Report,
) {
    let identity = |report: &mut Report, principal: Option<Uuid>, resource: &str, what: &str| {
        let id = principal?;
        if held.get(&id) == Some(&Held::ServicePrincipal) {
            return Some(reference(id));
        }
        report.unresolved(
            "identity",
            id.to_string(),
            resource.to_owned(),
            format!("a {what} identity no service principal list returned"),
        );
        None
    };
    let mut kept = Vec::new();
    for r in &read.resources {
        let kind = r.kind.to_ascii_lowercase();
        let system = r.identity.as_ref().filter(|i| {
            i.kind
                .as_deref()
                .is_some_and(|k| k.to_ascii_lowercase().contains("systemassigned"))
        });
        let users = r
            .identity
            .as_ref()
            .map(|i| &i.user_assigned_identities)
            .filter(|u| !u.is_empty());
        if system.is_none() && users.is_none() && !IMPACT_TYPES.contains(&kind.as_str()) {
            report
                .not_held("resources without a managed identity, of types a move does not affect");
            continue;
        }
        if let Err(reason) = tenantry::image::check_scope(&r.id) {
            report.unresolved("resource", r.id.clone(), "resources", reason);
            continue;
        }
        if !in_import(&r.id) {
            report.unresolved(
                "resource",
                r.id.clone(),
                "resources",
                "a resource outside the subscriptions the import holds",
            );
            continue;
        }
        let mut resource = tenantry::image::Resource {
            id: Cow::Owned(r.id.clone()),
            kind: Cow::Owned(r.kind.clone()),
            system_identity: system
                .and_then(|i| identity(report, i.principal_id, &r.id, "system-assigned")),
            user_identities: users
                .into_iter()
                .flatten()
                .filter_map(|(_, u)| identity(report, u.principal_id, &r.id, "user-assigned"))
                .collect(),
            ..Default::default()
        };
        match read.details.get(&r.id.to_ascii_lowercase()) {
            Some(Detail::Vault(v)) => {
                resource.key_vault_tenant = v.tenant_id;
                resource.access_policies = v.access_policies.iter().map(|p| p.object_id).collect();
            }
            Some(Detail::Sql(x)) => {
                resource.entra_authentication = x.administrators.as_ref().is_some_and(|a| {
                    a.administrator_type
                        .as_deref()
                        .is_some_and(|t| t.eq_ignore_ascii_case("ActiveDirectory"))
                });
            }
            Some(Detail::Cluster(x)) => {
                resource.entra_authentication =
                    x.aad_profile.as_ref().is_some_and(|p| !p.is_null());
            }
            Some(Detail::Storage(x)) => resource.acls = x.is_hns_enabled == Some(true),
            None => {
                if kind.starts_with("microsoft.dbformysql/") {
                    report.not_held("MySQL servers' Entra administrators (not read)");
                }
            }
        }
        kept.push(resource);
    }
    report.count("resources", kept.len());
    image.resources = kept;
}

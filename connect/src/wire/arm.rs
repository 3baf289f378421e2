//! Azure Resource Manager resources, as the REST specifications document
//! them (Microsoft.Resources tenants and subscriptions,
//! Microsoft.Management management groups, Microsoft.Authorization role
//! definitions, role assignments and classic administrators,
//! Microsoft.Subscription's tenant policy, and the resource inventory a
//! directory move affects: Microsoft.Resources' generic resource list with
//! managed identities, key vaults, SQL servers, AKS clusters and storage
//! accounts).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The API version of each ARM read.
pub mod api {
    /// `/tenants`, `/subscriptions`.
    pub const RESOURCES: &str = "2022-12-01";
    /// Management groups.
    pub const MANAGEMENT_GROUPS: &str = "2021-04-01";
    /// Role definitions and role assignments.
    pub const AUTHORIZATION: &str = "2022-04-01";
    /// Classic administrators (retired; answers where it still does).
    pub const CLASSIC_ADMINISTRATORS: &str = "2015-07-01";
    /// The tenant's subscription policy.
    pub const SUBSCRIPTION_POLICY: &str = "2021-10-01";
    /// A subscription's resources (`/subscriptions/{id}/resources`).
    pub const RESOURCE_LIST: &str = "2021-04-01";
    /// Microsoft.KeyVault vaults.
    pub const KEY_VAULT: &str = "2023-07-01";
    /// Microsoft.Sql servers.
    pub const SQL: &str = "2021-11-01";
    /// Microsoft.ContainerService managed clusters.
    pub const AKS: &str = "2024-02-01";
    /// Microsoft.Storage storage accounts.
    pub const STORAGE: &str = "2023-01-01";
    /// Microsoft.ManagedServices (Lighthouse) registration assignments.
    pub const MANAGED_SERVICES: &str = "2022-10-01";
}

/// The quota ids of the common offers, with the offer each names
/// (Microsoft's offer details; ARM's `subscriptionPolicies.quotaId`).
pub const QUOTAS: [(&str, &str); 8] = [
    ("PayAsYouGo_2014-09-01", "MS-AZR-0003P"),
    ("FreeTrial_2014-09-01", "MS-AZR-0044P"),
    ("EnterpriseAgreement_2014-09-01", "MS-AZR-0017P"),
    ("MSDNDevTest_2014-09-01", "MS-AZR-0148P"),
    ("MSDN_2014-09-01", "MS-AZR-0062P"),
    ("Sponsored_2016-01-01", "MS-AZR-0036P"),
    ("AzurePass_2014-09-01", "MS-AZR-0120P"),
    ("CSP_2015-05-01", "MS-AZR-0145P"),
];

/// The offer a quota id names (by its family, the part before `_`).
pub fn offer_of_quota(quota_id: &str) -> Option<&'static str> {
    let family = quota_id.split('_').next().unwrap_or(quota_id);
    QUOTAS
        .iter()
        .find(|(q, _)| q.split('_').next() == Some(family))
        .map(|(_, offer)| *offer)
}

/// The quota id of an offer.
pub fn quota_of_offer(offer: &str) -> Option<&'static str> {
    QUOTAS
        .iter()
        .find(|(_, o)| o.eq_ignore_ascii_case(offer))
        .map(|(q, _)| *q)
}

/// `/tenants`: a tenant the caller can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    /// `/tenants/{id}`.
    #[serde(default)]
    pub id: Option<String>,
    /// The tenant id.
    pub tenant_id: Uuid,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its domains.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Its default domain.
    #[serde(default)]
    pub default_domain: Option<String>,
}

/// `/subscriptions`: a subscription the caller can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// `/subscriptions/{id}`.
    #[serde(default)]
    pub id: Option<String>,
    /// The subscription id.
    pub subscription_id: Uuid,
    /// The tenant (directory) it trusts.
    pub tenant_id: Uuid,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted`.
    #[serde(default)]
    pub state: Option<String>,
    /// Its policies, the offer's quota id among them.
    #[serde(default)]
    pub subscription_policies: Option<SubscriptionPolicies>,
    /// Tenants that manage it through Azure Lighthouse.
    #[serde(default)]
    pub managed_by_tenants: Vec<ManagedByTenant>,
}

/// [`Subscription::subscription_policies`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPolicies {
    /// The offer's quota id, e.g. `PayAsYouGo_2014-09-01`.
    #[serde(default)]
    pub quota_id: Option<String>,
    /// `On`, `Off` or `CurrentPeriodOff`.
    #[serde(default)]
    pub spending_limit: Option<String>,
}

/// One of [`Subscription::managed_by_tenants`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedByTenant {
    /// The managing tenant.
    pub tenant_id: Uuid,
}

/// A management group with its descendants
/// (`?$expand=children&$recurse=true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagementGroup {
    /// `/providers/Microsoft.Management/managementGroups/{name}`.
    #[serde(default)]
    pub id: Option<String>,
    /// Its name; the tenant root group's is the tenant id.
    pub name: String,
    /// Its properties.
    #[serde(default)]
    pub properties: ManagementGroupProperties,
}

/// [`ManagementGroup::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagementGroupProperties {
    /// The tenant it belongs to.
    #[serde(default)]
    pub tenant_id: Option<Uuid>,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its children: management groups and subscriptions.
    #[serde(default)]
    pub children: Option<Vec<ManagementGroupChild>>,
}

/// A child in a management-group tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagementGroupChild {
    /// `Microsoft.Management/managementGroups` or `/subscriptions`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Its ARM id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its name: a management group's name or a subscription id.
    pub name: String,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its own children.
    #[serde(default)]
    pub children: Option<Vec<ManagementGroupChild>>,
}

impl ManagementGroupChild {
    /// Whether the child is a subscription rather than a management group.
    pub fn is_subscription(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.to_ascii_lowercase().ends_with("subscriptions"))
    }
}

/// A role definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDefinition {
    /// Its ARM id, ending in its GUID.
    pub id: String,
    /// Its GUID.
    pub name: String,
    /// Its properties.
    pub properties: RoleDefinitionProperties,
}

/// [`RoleDefinition::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleDefinitionProperties {
    /// The role's name, e.g. `Owner`.
    #[serde(default)]
    pub role_name: Option<String>,
    /// `BuiltInRole` or `CustomRole`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// What it allows.
    #[serde(default)]
    pub permissions: Vec<Permission>,
    /// Where it may be assigned.
    #[serde(default)]
    pub assignable_scopes: Vec<String>,
}

/// One of [`RoleDefinitionProperties::permissions`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    /// Control-plane actions allowed.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Actions taken away.
    #[serde(default)]
    pub not_actions: Vec<String>,
    /// Data-plane actions allowed.
    #[serde(default)]
    pub data_actions: Vec<String>,
    /// Data-plane actions taken away.
    #[serde(default)]
    pub not_data_actions: Vec<String>,
}

/// A role assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// Its ARM id.
    pub id: String,
    /// Its GUID.
    pub name: String,
    /// Its properties.
    pub properties: RoleAssignmentProperties,
}

/// [`RoleAssignment::properties`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignmentProperties {
    /// The role definition's ARM id.
    pub role_definition_id: String,
    /// The principal's object id.
    pub principal_id: Uuid,
    /// `User`, `Group`, `ServicePrincipal`, `ForeignGroup`, `Device`.
    #[serde(default)]
    pub principal_type: Option<String>,
    /// Where it is assigned.
    pub scope: String,
    /// Its condition, if any.
    #[serde(default)]
    pub condition: Option<String>,
    /// The condition language's version.
    #[serde(default)]
    pub condition_version: Option<String>,
}

/// A classic administrator (retired; some subscriptions still answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassicAdministrator {
    /// Its ARM id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its properties.
    #[serde(default)]
    pub properties: ClassicAdministratorProperties,
}

/// [`ClassicAdministrator::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassicAdministratorProperties {
    /// The administrator's sign-in address.
    #[serde(default)]
    pub email_address: Option<String>,
    /// `ServiceAdministrator;AccountAdministrator` or `CoAdministrator`.
    #[serde(default)]
    pub role: Option<String>,
}

/// `/providers/Microsoft.Subscription/policies/default`: the directory's
/// subscription policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantPolicy {
    /// Its ARM id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its properties.
    #[serde(default)]
    pub properties: TenantPolicyProperties,
}

/// [`TenantPolicy::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantPolicyProperties {
    /// Subscriptions may not leave the directory.
    #[serde(default)]
    pub block_subscriptions_leaving_tenant: bool,
    /// Subscriptions may not enter the directory.
    #[serde(default)]
    pub block_subscriptions_into_tenant: bool,
    /// Object ids of users the policy does not apply to.
    #[serde(default)]
    pub exempted_principals: Vec<Uuid>,
}

/// `/subscriptions/{id}/resources`: one resource, as the generic list
/// gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// Its ARM id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its type, e.g. `Microsoft.KeyVault/vaults`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its managed identities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
}

/// A resource's managed identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`
    /// or `None`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The system-assigned identity's object id.
    #[serde(default)]
    pub principal_id: Option<Uuid>,
    /// The user-assigned identities, by their resource ids.
    #[serde(default)]
    pub user_assigned_identities: std::collections::BTreeMap<String, UserAssignedIdentity>,
}

/// One of [`Identity::user_assigned_identities`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAssignedIdentity {
    /// Its service principal's object id.
    #[serde(default)]
    pub principal_id: Option<Uuid>,
    /// Its application (client) id.
    #[serde(default)]
    pub client_id: Option<Uuid>,
}

/// A resource of a provider's own list (vaults, SQL servers, AKS
/// clusters, storage accounts): its id and its properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detailed<P: Default> {
    /// Its ARM id.
    pub id: String,
    /// What the provider says of it.
    #[serde(default)]
    pub properties: P,
}

/// A key vault's properties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultProperties {
    /// The tenant its access is checked against.
    #[serde(default)]
    pub tenant_id: Option<Uuid>,
    /// Its access policies.
    #[serde(default)]
    pub access_policies: Vec<AccessPolicy>,
    /// Whether Azure RBAC authorizes its data plane instead.
    #[serde(default)]
    pub enable_rbac_authorization: Option<bool>,
}

/// One of [`VaultProperties::access_policies`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessPolicy {
    /// The tenant of the object it names.
    #[serde(default)]
    pub tenant_id: Option<Uuid>,
    /// The user, group or service principal it grants to.
    pub object_id: Uuid,
}

/// A SQL server's properties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlServerProperties {
    /// Its Microsoft Entra administrator, when it has one.
    #[serde(default)]
    pub administrators: Option<SqlAdministrator>,
}

/// [`SqlServerProperties::administrators`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlAdministrator {
    /// `ActiveDirectory`.
    #[serde(default)]
    pub administrator_type: Option<String>,
    /// The administrator's object id.
    #[serde(default)]
    pub sid: Option<Uuid>,
    /// Its tenant.
    #[serde(default)]
    pub tenant_id: Option<Uuid>,
    /// Whether only Entra ID sign-ins are allowed.
    #[serde(default)]
    pub azure_ad_only_authentication: Option<bool>,
}

/// An AKS cluster's properties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterProperties {
    /// Its Microsoft Entra integration, when it has one.
    #[serde(rename = "aadProfile", default)]
    pub aad_profile: Option<serde_json::Value>,
}

/// A storage account's properties.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageProperties {
    /// A hierarchical namespace (Data Lake Storage Gen2): POSIX ACLs that
    /// name directory objects.
    #[serde(default)]
    pub is_hns_enabled: Option<bool>,
}

/// A Lighthouse registration assignment of a subscription
/// (`Microsoft.ManagedServices/registrationAssignments`, listed with
/// `$expandRegistrationDefinition=true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationAssignment {
    /// Its ARM id.
    #[serde(default)]
    pub id: Option<String>,
    /// Its properties.
    #[serde(default)]
    pub properties: RegistrationAssignmentProperties,
}

/// [`RegistrationAssignment::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationAssignmentProperties {
    /// The registration definition it projects, expanded.
    #[serde(default)]
    pub registration_definition: Option<RegistrationDefinition>,
}

/// A registration definition: who in the managing tenant gets which role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationDefinition {
    /// Its properties.
    #[serde(default)]
    pub properties: RegistrationDefinitionProperties,
}

/// [`RegistrationDefinition::properties`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationDefinitionProperties {
    /// The managing tenant.
    #[serde(default)]
    pub managed_by_tenant_id: Option<Uuid>,
    /// Its name.
    #[serde(default)]
    pub managed_by_tenant_name: Option<String>,
    /// The standing authorizations.
    #[serde(default)]
    pub authorizations: Vec<Authorization>,
}

/// One of [`RegistrationDefinitionProperties::authorizations`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    /// The managing tenant's user, group or service principal.
    pub principal_id: Uuid,
    /// Its display name.
    #[serde(default)]
    pub principal_id_display_name: Option<String>,
    /// The built-in role's id.
    pub role_definition_id: String,
}

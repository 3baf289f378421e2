//! The items of a tenancy as plain data: what a snapshot's sections hold
//! (without the event log), declared once. The snapshot loader reads its
//! documents into these types, borrowing strings from the text; an
//! importer (`tenantry-connect`) fills them from Microsoft Graph and Azure
//! Resource Manager with owned strings and builds a [`Tenancy`] with
//! [`Tenancy::from_image`], which validates every item exactly as loading
//! a snapshot does.
//!
//! References are written as FORMAT.md writes them: directories by initial
//! domain, verified domain or tenant id; accounts by sign-in name (`msa:`
//! for Microsoft accounts); principals by reference or `id:<object id>`;
//! scopes as ARM paths.
//!
//! [`Tenancy`]: crate::Tenancy
//! [`Tenancy::from_image`]: crate::Tenancy::from_image

use crate::model::{
    Cloud, DirectoryRole, GuestInvites, Origin, Profile, ServicePrincipalKind, SubscriptionKind,
    UserKind,
};
use serde::Deserialize;
use std::borrow::Cow;
use uuid::Uuid;

/// Every item of a tenancy, section by section, in the order each may
/// refer to the ones before. The position of an item in its list is how a
/// refusal names it: `groups[3].members[0]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Image<'a> {
    /// The rules the tenancy follows.
    pub profile: Profile,
    /// The directories, each with its users, policy and management groups.
    pub directories: Vec<Directory<'a>>,
    /// The accounts users refer to.
    pub accounts: Vec<Account<'a>>,
    /// Groups (and foreign groups) with their members.
    pub groups: Vec<Group<'a>>,
    /// Azure and Office 365 subscriptions.
    pub subscriptions: Vec<Subscription<'a>>,
    /// Service principals and managed identities.
    pub service_principals: Vec<ServicePrincipal<'a>>,
    /// Custom role definitions.
    pub custom_roles: Vec<CustomRole<'a>>,
    /// Role assignments at any scope.
    pub role_assignments: Vec<Assignment<'a>>,
    /// Partner Center accounts.
    pub partners: Vec<Partner<'a>>,
    /// GDAP relationships.
    pub gdap_relationships: Vec<Gdap<'a>>,
    /// The resource inventory a directory change affects.
    pub resources: Vec<Resource<'a>>,
}

/// A directory (an Entra ID tenant).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory<'a> {
    /// The tenant id.
    pub id: Uuid,
    /// The organization's display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// `<prefix>.onmicrosoft.com` (or the national cloud's equivalent).
    #[serde(borrow)]
    pub initial_domain: Cow<'a, str>,
    /// Custom domains the directory verified.
    #[serde(default, borrow)]
    pub verified_domains: Vec<Cow<'a, str>>,
    /// The cloud the directory lives in.
    pub cloud: Cloud,
    /// How the directory came to be.
    pub origin: Origin,
    /// Its users, members and guests.
    #[serde(default, borrow)]
    pub users: Vec<User<'a>>,
    /// Its subscription policy, if one was set.
    #[serde(default, borrow)]
    pub policy: Option<Policy<'a>>,
    /// Who may invite guests, if not the default.
    #[serde(default)]
    pub guest_invites: Option<GuestInvites>,
    /// Its management groups below the tenant root group, parents first.
    #[serde(default, borrow)]
    pub management_groups: Vec<ManagementGroup<'a>>,
}

/// A directory's subscription policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy<'a> {
    /// Subscriptions may not leave the directory.
    pub block_leaving: bool,
    /// Subscriptions may not enter the directory.
    pub block_entering: bool,
    /// Users the policy does not apply to.
    #[serde(default, borrow)]
    pub exempted: Vec<Cow<'a, str>>,
}

/// A management group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagementGroup<'a> {
    /// Its name (the last segment of its ARM id).
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its display name, if not its name.
    #[serde(default, borrow)]
    pub display_name: Option<Cow<'a, str>>,
    /// Its parent's name; the tenant root group when absent.
    #[serde(default, borrow)]
    pub parent: Option<Cow<'a, str>>,
}

/// A directory role the model has no rules for, kept by template id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherRole<'a> {
    /// Microsoft Graph's `roleTemplateId`.
    #[serde(borrow)]
    pub template_id: Cow<'a, str>,
    /// The role's display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
}

/// A user of a directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User<'a> {
    /// The account, by reference.
    #[serde(borrow)]
    pub account: Cow<'a, str>,
    /// Member (a work account at home) or external (a guest).
    pub kind: UserKind,
    /// The directory roles it holds.
    #[serde(default)]
    pub roles: Vec<DirectoryRole>,
    /// Its object id in the directory, if known.
    #[serde(default)]
    pub id: Option<Uuid>,
    /// Other directory roles it holds, by template id.
    #[serde(default, borrow)]
    pub other_roles: Vec<OtherRole<'a>>,
}

/// An account: a work or school account, or a Microsoft account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account<'a> {
    /// Its reference: a user principal name, or `msa:<e-mail>`.
    #[serde(borrow)]
    pub account: Cow<'a, str>,
    /// The person's display name.
    #[serde(default, borrow)]
    pub name: Option<Cow<'a, str>>,
    /// A work account's home directory.
    #[serde(default, borrow)]
    pub home: Option<Cow<'a, str>>,
    /// A Microsoft account's default directory.
    #[serde(default, borrow)]
    pub default_directory: Option<Cow<'a, str>>,
}

/// An Azure or Office 365 subscription.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription<'a> {
    /// The subscription id.
    pub id: Uuid,
    /// Its display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Azure or Office 365.
    pub kind: SubscriptionKind,
    /// The directory it trusts.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// An Azure subscription's offer.
    #[serde(default, borrow)]
    pub offer: Option<Cow<'a, str>>,
    /// The classic account administrator.
    #[serde(default, borrow)]
    pub account_administrator: Option<Cow<'a, str>>,
    /// The classic service administrator.
    #[serde(default, borrow)]
    pub service_administrator: Option<Cow<'a, str>>,
    /// The classic co-administrators.
    #[serde(default, borrow)]
    pub co_administrators: Option<Vec<Cow<'a, str>>>,
    /// Version 1's role assignments, inside the subscription.
    #[serde(default, borrow)]
    pub role_assignments: Option<Vec<Assignment<'a>>>,
    /// An Office 365 subscription's plan.
    #[serde(default, borrow)]
    pub plan: Option<Cow<'a, str>>,
    /// An Office 365 subscription's seats.
    #[serde(default)]
    pub seats: Option<u32>,
    /// The management group it sits under; the root when absent.
    #[serde(default, borrow)]
    pub management_group: Option<Cow<'a, str>>,
    /// A pending directory-change request.
    #[serde(default, borrow)]
    pub change_request: Option<ChangeRequest<'a>>,
    /// Lighthouse delegations (`managedByTenants`).
    #[serde(default, borrow)]
    pub managed_by: Vec<Delegation<'a>>,
}

impl<'a> Subscription<'a> {
    /// A subscription of this kind in `directory`, with nothing else set.
    pub fn new(
        id: Uuid,
        name: Cow<'a, str>,
        kind: SubscriptionKind,
        directory: Cow<'a, str>,
    ) -> Self {
        Subscription {
            id,
            name,
            kind,
            directory,
            offer: None,
            account_administrator: None,
            service_administrator: None,
            co_administrators: None,
            role_assignments: None,
            plan: None,
            seats: None,
            management_group: None,
            change_request: None,
            managed_by: Vec::new(),
        }
    }
}

/// A pending directory-change request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRequest<'a> {
    /// Who asked.
    #[serde(borrow)]
    pub initiator: Cow<'a, str>,
    /// The destination directory.
    #[serde(borrow)]
    pub to: Cow<'a, str>,
    /// The one account that may accept, if named.
    #[serde(default, borrow)]
    pub acceptor: Option<Cow<'a, str>>,
}

/// A Lighthouse delegation of a subscription to another tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation<'a> {
    /// The managing tenant.
    pub tenant: Uuid,
    /// The managing tenant's principal.
    pub principal_id: Uuid,
    /// That principal's display name, if known.
    #[serde(default, borrow)]
    pub principal_name: Option<Cow<'a, str>>,
    /// The role delegated.
    #[serde(borrow)]
    pub role: Cow<'a, str>,
}

/// A role assignment: in a version-1 subscription, `scope` is
/// `subscription` or `resource_group:<name>`; at the top level of version
/// 2, an ARM path (`/` with its `directory`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment<'a> {
    /// The principal, by reference or `id:<object id>`.
    #[serde(borrow)]
    pub principal: Cow<'a, str>,
    /// The role: a built-in by name or id, or a custom role by name or id.
    #[serde(borrow)]
    pub role: Cow<'a, str>,
    /// The scope, an ARM path.
    #[serde(borrow)]
    pub scope: Cow<'a, str>,
    /// The directory of a `/` scope.
    #[serde(default, borrow)]
    pub directory: Option<Cow<'a, str>>,
    /// The condition, as ARM writes it.
    #[serde(default, borrow)]
    pub condition: Option<Cow<'a, str>>,
}

/// A group of a directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group<'a> {
    /// Its object id.
    pub id: Uuid,
    /// Its display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its directory.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// Whether it may hold directory roles.
    #[serde(default)]
    pub role_assignable: bool,
    /// The directory roles it holds.
    #[serde(default)]
    pub roles: Vec<DirectoryRole>,
    /// Its direct members, by reference or `id:<object id>`.
    #[serde(default, borrow)]
    pub members: Vec<Cow<'a, str>>,
}

/// A service principal or managed identity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePrincipal<'a> {
    /// Its object id.
    pub id: Uuid,
    /// Its application (client) id.
    pub app_id: Uuid,
    /// Its display name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its directory.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// An application or a managed identity.
    pub kind: ServicePrincipalKind,
    /// A managed identity's resource id.
    #[serde(default, borrow)]
    pub resource: Option<Cow<'a, str>>,
    /// A managed identity's subscription.
    #[serde(default, borrow)]
    pub subscription: Option<Cow<'a, str>>,
}

/// A custom role definition.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRole<'a> {
    /// Its role definition id.
    pub id: Uuid,
    /// Its name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// The directory it belongs to.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// What it allows (ARM patterns).
    #[serde(borrow)]
    pub actions: Vec<Cow<'a, str>>,
    /// What it takes away from `actions`.
    #[serde(default, borrow)]
    pub not_actions: Vec<Cow<'a, str>>,
    /// Where it may be assigned (ARM paths).
    #[serde(borrow)]
    pub assignable_scopes: Vec<Cow<'a, str>>,
    /// Deleted, kept so the event log stays valid.
    #[serde(default)]
    pub deleted: bool,
}

/// A GDAP relationship between a partner and a customer directory.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gdap<'a> {
    /// The relationship's id.
    pub id: Uuid,
    /// The partner, by name.
    #[serde(borrow)]
    pub partner: Cow<'a, str>,
    /// The customer directory.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// The directory roles granted.
    pub roles: Vec<DirectoryRole>,
    /// Approved by the customer.
    #[serde(default)]
    pub approved: bool,
    /// How long it lasts, 1 to 730 days.
    pub duration_days: u16,
}

/// A resource of the inventory a directory change affects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource<'a> {
    /// Its ARM id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Its ARM type.
    #[serde(borrow, rename = "type")]
    pub kind: Cow<'a, str>,
    /// Its system-assigned identity, by reference.
    #[serde(default, borrow)]
    pub system_identity: Option<Cow<'a, str>>,
    /// Its user-assigned identities, by reference.
    #[serde(default, borrow)]
    pub user_identities: Vec<Cow<'a, str>>,
    /// A key vault's tenant id.
    #[serde(default)]
    pub key_vault_tenant: Option<Uuid>,
    /// A key vault's access-policy object ids.
    #[serde(default)]
    pub access_policies: Vec<Uuid>,
    /// Entra ID authentication (SQL, MySQL, AKS).
    #[serde(default)]
    pub entra_authentication: bool,
    /// Storage with ACLs.
    #[serde(default)]
    pub acls: bool,
}

/// A Partner Center account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner<'a> {
    /// Its name.
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    /// Its directory.
    #[serde(borrow)]
    pub directory: Cow<'a, str>,
    /// Its admin account.
    #[serde(borrow)]
    pub admin: Cow<'a, str>,
    /// Its Admin Agents group, by reference.
    #[serde(default, borrow)]
    pub admin_agents: Option<Cow<'a, str>>,
}

impl<'a> Image<'a> {
    /// A snapshot's items as they are written (`Tenancy::to_json`),
    /// borrowed from the text, without the event log and without the
    /// checks loading makes: for a reader of a tenancy it already holds,
    /// such as the emulator serving it over Graph and ARM. A document
    /// that is not a snapshot's shape is `INVALID_SNAPSHOT`.
    pub fn from_snapshot(json: &'a str) -> crate::Result<Image<'a>> {
        /// The sections, every other key (format, version, events) ignored.
        #[derive(Deserialize)]
        struct Sections<'a> {
            #[serde(default)]
            profile: Profile,
            #[serde(default, borrow)]
            directories: Vec<Directory<'a>>,
            #[serde(default, borrow)]
            accounts: Vec<Account<'a>>,
            #[serde(default, borrow)]
            groups: Vec<Group<'a>>,
            #[serde(default, borrow)]
            subscriptions: Vec<Subscription<'a>>,
            #[serde(default, borrow)]
            service_principals: Vec<ServicePrincipal<'a>>,
            #[serde(default, borrow)]
            custom_roles: Vec<CustomRole<'a>>,
            #[serde(default, borrow)]
            role_assignments: Vec<Assignment<'a>>,
            #[serde(default, borrow)]
            partners: Vec<Partner<'a>>,
            #[serde(default, borrow)]
            gdap_relationships: Vec<Gdap<'a>>,
            #[serde(default, borrow)]
            resources: Vec<Resource<'a>>,
        }
        let s: Sections<'a> = serde_json::from_str(json)
            .map_err(|e| crate::Error::invalid_snapshot("the document", e.to_string()))?;
        Ok(Image {
            profile: s.profile,
            directories: s.directories,
            accounts: s.accounts,
            groups: s.groups,
            subscriptions: s.subscriptions,
            service_principals: s.service_principals,
            custom_roles: s.custom_roles,
            role_assignments: s.role_assignments,
            partners: s.partners,
            gdap_relationships: s.gdap_relationships,
            resources: s.resources,
        })
    }
}

/// Whether an address (a user principal name, or a Microsoft account's
/// e-mail) is one the model holds: the reason if not. An importer checks
/// with it before making an account of what a service wrote.
pub fn check_address(address: &str) -> Result<(), String> {
    crate::names::split_address(address).map(|_| ())
}

/// Whether an ARM scope (`/`, a management group, a subscription, a
/// resource group or a resource inside one) is written as the model holds
/// scopes: the reason if not. An importer checks role-assignment scopes and
/// resource ids with it, so a name the model cannot hold is reported, not
/// a failed load.
pub fn check_scope(scope: &str) -> Result<(), String> {
    crate::state::ScopePath::parse(scope).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_checked_as_the_loader_reads_them() {
        let sub = "/subscriptions/11111111-aaaa-4bbb-8ccc-000000000001";
        for ok in [
            "/".to_owned(),
            "/providers/Microsoft.Management/managementGroups/platform".to_owned(),
            sub.to_owned(),
            format!("{sub}/resourcegroups/web"),
            format!("{sub}/resourceGroups/web/providers/Microsoft.KeyVault/vaults/v"),
        ] {
            assert_eq!(check_scope(&ok), Ok(()), "{ok}");
        }
        for bad in [
            format!("{sub}/providers/Microsoft.KeyVault/vaults/v"),
            format!("{sub}/resourceGroups/web/providers/Microsoft.KeyVault/vaults"),
            format!("{sub}/resourceGroups/{}", "x".repeat(100)),
            "/tenants/x".to_owned(),
        ] {
            assert!(check_scope(&bad).is_err(), "{bad}");
        }
        assert!(check_address("ann@contoso.com").is_ok());
        assert!(check_address("no-at-sign").is_err());
    }
}

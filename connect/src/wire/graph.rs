//! Microsoft Graph v1.0 resources, as the API reference documents them
//! (`organization`, `domain`, `user`, `group`, `servicePrincipal`,
//! `directoryRole`, `subscribedSku`, `companySubscription`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `$select` of each list the importer reads: only what the model
/// holds, so pages stay small.
pub mod select {
    /// `/users`.
    pub const USERS: &str =
        "id,displayName,userPrincipalName,userType,creationType,mail,otherMails,identities";
    /// `/groups`.
    pub const GROUPS: &str = "id,displayName,isAssignableToRole,securityEnabled";
    /// `/groups/{id}/members` and `/directoryRoles/{id}/members`.
    pub const MEMBERS: &str = "id";
    /// `/servicePrincipals`.
    pub const SERVICE_PRINCIPALS: &str =
        "id,appId,displayName,servicePrincipalType,alternativeNames";
}

/// `/organization`: the tenant itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The tenant id.
    pub id: Uuid,
    /// The organization's name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its verified domains, the initial one among them.
    #[serde(default)]
    pub verified_domains: Vec<VerifiedDomain>,
}

/// One of [`Organization::verified_domains`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    /// The domain name.
    pub name: String,
    /// Whether it is the `onmicrosoft.com` domain the tenant began with.
    #[serde(default)]
    pub is_initial: bool,
    /// Whether it is the default for new users.
    #[serde(default)]
    pub is_default: bool,
}

/// `/domains`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// The domain name.
    pub id: String,
    /// Whether ownership was verified.
    #[serde(default)]
    pub is_verified: bool,
    /// Whether it is the initial domain.
    #[serde(default)]
    pub is_initial: bool,
    /// Whether it is the default domain.
    #[serde(default)]
    pub is_default: bool,
}

/// `/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The object id.
    pub id: Uuid,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// The user principal name.
    pub user_principal_name: String,
    /// `Member` or `Guest` (null for some old users: a member).
    #[serde(default)]
    pub user_type: Option<String>,
    /// `Invitation` for an invited guest, null for a user made here.
    #[serde(default)]
    pub creation_type: Option<String>,
    /// The e-mail address.
    #[serde(default)]
    pub mail: Option<String>,
    /// Other e-mail addresses (a guest's invitation address).
    #[serde(default)]
    pub other_mails: Vec<String>,
    /// The identities the user signs in with.
    #[serde(default)]
    pub identities: Vec<ObjectIdentity>,
}

/// One of [`User::identities`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectIdentity {
    /// `userPrincipalName`, `federated`, `emailAddress`...
    #[serde(default)]
    pub sign_in_type: Option<String>,
    /// Who issues it: the tenant's domain, `MicrosoftAccount`,
    /// `ExternalAzureAD`, `mail`, `google.com`...
    #[serde(default)]
    pub issuer: Option<String>,
    /// The issuer's id for the user.
    #[serde(default)]
    pub issuer_assigned_id: Option<String>,
}

/// `/groups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// The object id.
    pub id: Uuid,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Whether the group can hold directory roles.
    #[serde(default)]
    pub is_assignable_to_role: Option<bool>,
    /// Whether it is a security group.
    #[serde(default)]
    pub security_enabled: Option<bool>,
}

/// A member of a group or holder of a directory role: a
/// `directoryObject` with its `@odata.type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryObject {
    /// `#microsoft.graph.user`, `#microsoft.graph.group`,
    /// `#microsoft.graph.servicePrincipal`, `#microsoft.graph.device`...
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
    /// The object id.
    pub id: Uuid,
}

/// `/servicePrincipals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// The object id.
    pub id: Uuid,
    /// The application (client) id.
    pub app_id: Uuid,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `Application`, `ManagedIdentity`, `Legacy`, `SocialIdp`.
    #[serde(default)]
    pub service_principal_type: Option<String>,
    /// For a managed identity: `isExplicit=True|False` and its resource id.
    #[serde(default)]
    pub alternative_names: Vec<String>,
}

/// `/directoryRoles`: an activated directory role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryRole {
    /// The object id of the activated role.
    pub id: Uuid,
    /// The template id, the same in every tenant.
    pub role_template_id: String,
    /// The display name.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// `/subscribedSkus`: what the tenant licensed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    /// `{tenant id}_{sku id}`.
    #[serde(default)]
    pub id: Option<String>,
    /// The product's id.
    pub sku_id: Uuid,
    /// The product's part number, e.g. `ENTERPRISEPACK`.
    pub sku_part_number: String,
    /// `Enabled`, `Warning`, `Suspended`, `Deleted`, `LockedOut`.
    #[serde(default)]
    pub capability_status: Option<String>,
    /// `User` or `Company`.
    #[serde(default)]
    pub applies_to: Option<String>,
    /// Licenses by state.
    #[serde(default)]
    pub prepaid_units: Option<LicenseUnits>,
    /// Licenses assigned.
    #[serde(default)]
    pub consumed_units: Option<u32>,
}

/// [`SubscribedSku::prepaid_units`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseUnits {
    /// Active licenses.
    #[serde(default)]
    pub enabled: u32,
    /// Suspended licenses.
    #[serde(default)]
    pub suspended: u32,
    /// Licenses in their grace period.
    #[serde(default)]
    pub warning: u32,
}

/// `/directory/subscriptions`: one commercial subscription of the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanySubscription {
    /// The subscription's object id.
    pub id: Uuid,
    /// The commerce subscription id.
    #[serde(default)]
    pub commerce_subscription_id: Option<String>,
    /// The product's id.
    pub sku_id: Uuid,
    /// The product's part number.
    pub sku_part_number: String,
    /// `Enabled`, `Expired`, `Suspended`, `Warning`, `LockedOut`.
    #[serde(default)]
    pub status: Option<String>,
    /// Licenses bought.
    #[serde(default)]
    pub total_licenses: Option<u32>,
    /// Whether it is a trial.
    #[serde(default)]
    pub is_trial: Option<bool>,
}

/// A delta query's `@removed`: the object, or the membership, is gone
/// (`changed`: deleted and restorable for 30 days; `deleted`: for good).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// `changed` or `deleted`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A property a delta round may leave out (unchanged), set to null, or
/// give: absent is `None`, null is `Some(None)`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One item of `/users/delta`: a user created (every selected property),
/// changed (its id and at least the changed properties) or removed (its
/// id and [`Removed`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserChange {
    /// The object id.
    pub id: Uuid,
    /// Set when the user is gone.
    #[serde(rename = "@removed", default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removed>,
    /// [`User::display_name`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<Option<String>>,
    /// [`User::user_principal_name`], when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    /// [`User::user_type`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub user_type: Option<Option<String>>,
    /// [`User::creation_type`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_type: Option<Option<String>>,
    /// [`User::mail`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub mail: Option<Option<String>>,
    /// [`User::other_mails`], when given (null: none).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub other_mails: Option<Option<Vec<String>>>,
    /// [`User::identities`], when given (null: none).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub identities: Option<Option<Vec<ObjectIdentity>>>,
}

impl UserChange {
    /// The change laid over the user as it was.
    pub fn apply(self, user: &mut User) {
        if let Some(v) = self.display_name {
            user.display_name = v;
        }
        if let Some(v) = self.user_principal_name {
            user.user_principal_name = v;
        }
        if let Some(v) = self.user_type {
            user.user_type = v;
        }
        if let Some(v) = self.creation_type {
            user.creation_type = v;
        }
        if let Some(v) = self.mail {
            user.mail = v;
        }
        if let Some(v) = self.other_mails {
            user.other_mails = v.unwrap_or_default();
        }
        if let Some(v) = self.identities {
            user.identities = v.unwrap_or_default();
        }
    }

    /// A user created since the last round: the change is the whole user
    /// (`None` when it lacks the user principal name every user has).
    pub fn into_new(self) -> Option<User> {
        let mut user = User {
            id: self.id,
            display_name: None,
            user_principal_name: self.user_principal_name.clone()?,
            user_type: None,
            creation_type: None,
            mail: None,
            other_mails: Vec::new(),
            identities: Vec::new(),
        };
        self.apply(&mut user);
        Some(user)
    }
}

/// One item of `/groups/delta` with `members` selected: a group created,
/// changed or removed, and its membership changes. Graph may split one
/// group's member changes over several items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupChange {
    /// The object id.
    pub id: Uuid,
    /// Set when the group is gone.
    #[serde(rename = "@removed", default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removed>,
    /// [`Group::display_name`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<Option<String>>,
    /// [`Group::is_assignable_to_role`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_assignable_to_role: Option<Option<bool>>,
    /// [`Group::security_enabled`], when given.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub security_enabled: Option<Option<bool>>,
    /// Members added (or, with [`MemberChange::removed`], taken out).
    #[serde(
        rename = "members@delta",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub members_delta: Vec<MemberChange>,
}

impl GroupChange {
    /// The change's properties laid over the group as it was.
    pub fn apply(&self, group: &mut Group) {
        if let Some(v) = &self.display_name {
            group.display_name.clone_from(v);
        }
        if let Some(v) = self.is_assignable_to_role {
            group.is_assignable_to_role = v;
        }
        if let Some(v) = self.security_enabled {
            group.security_enabled = v;
        }
    }
}

/// One of [`GroupChange::members_delta`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberChange {
    /// `#microsoft.graph.user`, `#microsoft.graph.group`...
    #[serde(
        rename = "@odata.type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub odata_type: Option<String>,
    /// The member's object id.
    pub id: Uuid,
    /// Set when the member was taken out.
    #[serde(rename = "@removed", default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removed>,
}

//! The closed vocabularies of the model: clouds, directory origins, user
//! kinds, directory roles and RBAC roles, each written as in FORMAT.md.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Defines a string-backed enum with its FORMAT.md spelling, `FromStr`,
/// `Display` and serde in that spelling.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The FORMAT.md spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "'{s}' is not a {} (one of: {})",
                        $what,
                        [$($text),+].join(", ")
                    )),
                }
            }
        }
    };
}

vocabulary! {
    /// A Microsoft cloud. National clouds are isolated: nothing crosses
    /// clouds (seed 004), and Microsoft accounts exist in `public` only.
    Cloud, "cloud" {
        /// The public (commercial) cloud.
        Public = "public",
        /// Microsoft Cloud Germany.
        Germany = "germany",
        /// Microsoft Cloud for US Government.
        UsGovernment = "us_government",
        /// Azure operated by 21Vianet (China).
        China = "china",
    }
}

impl Default for Cloud {
    /// The public cloud, where Microsoft accounts live.
    fn default() -> Self {
        Cloud::Public
    }
}

vocabulary! {
    /// How a directory came to be.
    Origin, "directory origin" {
        /// Created by an Office 365 sign-up (R1).
        Office365Signup = "office365_signup",
        /// The "Default Directory" of a Microsoft account, created on its
        /// first Azure sign-up (R3).
        AzureDefault = "azure_default",
        /// The directory of a Partner Center account (R11).
        PartnerCenter = "partner_center",
        /// Created as a new organisation without Office 365 (R1).
        Created = "created",
        /// Read from a live tenant by an import: how it began is not known.
        Imported = "imported",
    }
}

vocabulary! {
    /// Whether a user is a member of its directory or a guest in it.
    UserKind, "user kind" {
        /// A work or school account in its home directory.
        Member = "member",
        /// A Microsoft account, or an account from another directory.
        External = "external",
    }
}

vocabulary! {
    /// Which rules a tenancy follows: the seeds' (2015–2020) or Microsoft's
    /// today (DESIGN §6).
    Profile, "profile" {
        /// The documented rules of 2015–2020: classic administrators, "Use
        /// existing directory", co-administrators.
        Classic = "classic",
        /// Microsoft's rules in late 2026: RBAC only, Owners move
        /// subscriptions, subscription policies, elevated Global
        /// Administrators.
        Current = "current",
    }
}

impl Default for Profile {
    /// `classic`, the rules of the source documents.
    fn default() -> Self {
        Profile::Classic
    }
}

vocabulary! {
    /// An Entra ID directory role. The declaration order is the order of
    /// precedence used for the organizational role (seed 000), the roles
    /// of today's tenants after the five of the seeds.
    DirectoryRole, "directory role" {
        /// Global Administrator.
        GlobalAdministrator = "global_administrator",
        /// Billing Administrator.
        BillingAdministrator = "billing_administrator",
        /// User Administrator.
        UserAdministrator = "user_administrator",
        /// Password Administrator.
        PasswordAdministrator = "password_administrator",
        /// Service Support Administrator.
        ServiceSupportAdministrator = "service_support_administrator",
        /// Privileged Role Administrator: may grant any directory role.
        PrivilegedRoleAdministrator = "privileged_role_administrator",
        /// Groups Administrator: manages groups.
        GroupsAdministrator = "groups_administrator",
        /// Guest Inviter: may invite guests whatever the directory's setting.
        GuestInviter = "guest_inviter",
    }
}

impl DirectoryRole {
    /// The name the portal shows as ORGANIZATIONAL ROLE.
    pub const fn display_name(self) -> &'static str {
        match self {
            DirectoryRole::GlobalAdministrator => "Global Administrator",
            DirectoryRole::BillingAdministrator => "Billing Administrator",
            DirectoryRole::UserAdministrator => "User Administrator",
            DirectoryRole::PasswordAdministrator => "Password Administrator",
            DirectoryRole::ServiceSupportAdministrator => "Service Support Administrator",
            DirectoryRole::PrivilegedRoleAdministrator => "Privileged Role Administrator",
            DirectoryRole::GroupsAdministrator => "Groups Administrator",
            DirectoryRole::GuestInviter => "Guest Inviter",
        }
    }

    /// Microsoft Graph's `roleTemplateId` of the role (Entra ID's
    /// permissions reference), which an import joins on.
    pub const fn template_id(self) -> &'static str {
        match self {
            DirectoryRole::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
            DirectoryRole::BillingAdministrator => "b0f54661-2d74-4c50-afa3-1ec803f12efe",
            DirectoryRole::UserAdministrator => "fe930be7-5e62-47db-91af-98c3a49a38b1",
            DirectoryRole::PasswordAdministrator => "966707d0-3269-4727-9be2-8c3a10f19b9d",
            DirectoryRole::ServiceSupportAdministrator => "f023fd81-a637-4b56-95fd-791ac0226033",
            DirectoryRole::PrivilegedRoleAdministrator => "e8611ab8-c189-46e8-94e1-60213ab1f814",
            DirectoryRole::GroupsAdministrator => "fdd7a751-b60b-444a-984c-02652fe8fa1c",
            DirectoryRole::GuestInviter => "95e79109-95c0-4d8e-aee3-d01accf2d47b",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

vocabulary! {
    /// An Azure RBAC built-in role.
    RbacRole, "RBAC role" {
        /// Owner: full access, including granting access.
        Owner = "owner",
        /// Contributor: full access to resources, cannot grant access.
        Contributor = "contributor",
        /// Reader: read-only.
        Reader = "reader",
        /// User Access Administrator: manages access only.
        UserAccessAdministrator = "user_access_administrator",
        /// Role Based Access Control Administrator: assigns and removes
        /// role assignments, and reads (since 2023; `current`).
        RoleBasedAccessControlAdministrator = "role_based_access_control_administrator",
    }
}

impl RbacRole {
    /// Whether this role may assign and remove role assignments under the
    /// classic rules (R8: Owner and User Access Administrator).
    pub const fn grants_access(self) -> bool {
        matches!(self, RbacRole::Owner | RbacRole::UserAccessAdministrator)
    }
}

vocabulary! {
    /// Whether a subscription is an Azure or an Office 365 subscription.
    SubscriptionKind, "subscription kind" {
        /// Owned by a user (its account administrator).
        Azure = "azure",
        /// Owned by its directory.
        Office365 = "office365",
    }
}

vocabulary! {
    /// Why an account can manage a subscription (FORMAT.md `who_can_manage`).
    ManageReason, "reason" {
        /// The Azure subscription's billing owner.
        AccountAdministrator = "account_administrator",
        /// The Azure subscription's service administrator.
        ServiceAdministrator = "service_administrator",
        /// A co-administrator of the Azure subscription.
        CoAdministrator = "co_administrator",
        /// RBAC Owner at subscription scope.
        Owner = "owner",
        /// RBAC Contributor at subscription scope.
        Contributor = "contributor",
        /// A Global Administrator of the Office 365 subscription's directory.
        GlobalAdministrator = "global_administrator",
        /// A Billing Administrator of the Office 365 subscription's directory.
        BillingAdministrator = "billing_administrator",
        /// RBAC User Access Administrator (current: it can change access).
        UserAccessAdministrator = "user_access_administrator",
        /// RBAC Role Based Access Control Administrator (current).
        RoleBasedAccessControlAdministrator = "role_based_access_control_administrator",
    }
}

vocabulary! {
    /// What kind of service principal (DESIGN §5).
    ServicePrincipalKind, "service principal kind" {
        /// An application's identity in a directory.
        Application = "application",
        /// A system-assigned managed identity, tied to one resource.
        ManagedIdentitySystem = "managed_identity_system",
        /// A user-assigned managed identity, a resource of its own.
        ManagedIdentityUser = "managed_identity_user",
    }
}

vocabulary! {
    /// Who may invite guests (Entra's `allowInvitesFrom`, External
    /// collaboration settings). Entra's default is `everyone`.
    GuestInvites, "guest invitation setting" {
        /// Nobody, administrators included.
        Nobody = "none",
        /// Global Administrators, User Administrators and Guest Inviters.
        AdminsAndGuestInviters = "admins_and_guest_inviters",
        /// Those, and every member user.
        AdminsGuestInvitersAndAllMembers = "admins_guest_inviters_and_all_members",
        /// Anyone in the directory, guests included (the default).
        Everyone = "everyone",
    }
}

impl Default for GuestInvites {
    /// Entra's default: anyone in the organisation may invite.
    fn default() -> Self {
        GuestInvites::Everyone
    }
}

/// The directory roles one user holds, as a bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct RoleSet(u8);

impl RoleSet {
    pub(crate) fn contains(self, role: DirectoryRole) -> bool {
        self.0 & role.bit() != 0
    }

    pub(crate) fn insert(&mut self, role: DirectoryRole) {
        self.0 |= role.bit();
    }

    pub(crate) fn remove(&mut self, role: DirectoryRole) {
        self.0 &= !role.bit();
    }

    /// The roles held, in order of precedence.
    pub(crate) fn iter(self) -> impl Iterator<Item = DirectoryRole> {
        DirectoryRole::ALL
            .iter()
            .copied()
            .filter(move |r| self.contains(*r))
    }

    /// The highest role held, if any.
    pub(crate) fn highest(self) -> Option<DirectoryRole> {
        self.iter().next()
    }
}

/// The organizational role the portal shows for a user (seed 000): the
/// highest directory role held, or `User`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum OrganizationalRole {
    /// The user holds this directory role (the highest of those it holds).
    Admin(DirectoryRole),
    /// The user holds no directory role.
    User,
}

impl OrganizationalRole {
    /// The portal's wording, as in FORMAT.md.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrganizationalRole::Admin(role) => role.display_name(),
            OrganizationalRole::User => "User",
        }
    }
}

impl From<OrganizationalRole> for &'static str {
    fn from(role: OrganizationalRole) -> Self {
        role.as_str()
    }
}

impl TryFrom<String> for OrganizationalRole {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s == "User" {
            return Ok(OrganizationalRole::User);
        }
        DirectoryRole::ALL
            .iter()
            .find(|r| r.display_name() == s)
            .map(|r| OrganizationalRole::Admin(*r))
            .ok_or_else(|| format!("'{s}' is not an organizational role"))
    }
}

impl fmt::Display for OrganizationalRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for role in DirectoryRole::ALL {
            assert_eq!(role.as_str().parse::<DirectoryRole>(), Ok(*role));
        }
        assert!("root".parse::<RbacRole>().is_err());
        assert_eq!(
            serde_json::to_string(&Cloud::UsGovernment).ok().as_deref(),
            Some("\"us_government\"")
        );
    }

    #[test]
    fn role_sets_order_by_precedence() {
        let mut set = RoleSet::default();
        set.insert(DirectoryRole::UserAdministrator);
        set.insert(DirectoryRole::BillingAdministrator);
        assert_eq!(set.highest(), Some(DirectoryRole::BillingAdministrator));
        set.remove(DirectoryRole::BillingAdministrator);
        assert_eq!(set.highest(), Some(DirectoryRole::UserAdministrator));
        assert_eq!(
            OrganizationalRole::Admin(DirectoryRole::GlobalAdministrator).as_str(),
            "Global Administrator"
        );
    }
}

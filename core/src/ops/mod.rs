//! The operations of DESIGN §2, one module per workflow. Each module's
//! `check` reads [`Facts`] and returns the changes the operation would make
//! or the error that refuses it; it never mutates. Checks run in the order
//! DESIGN.md gives: references resolve (`UNKNOWN_*`, `INVALID_NAME`), clouds
//! match (`CROSS_CLOUD`), the actor may do it, then the other refusals in
//! the order the rule's table lists them.
//!
//! Arguments are written as FORMAT.md writes them: accounts by reference
//! (`msa:<e-mail>` or a UPN), directories by initial domain (a verified
//! domain or the tenant id also resolve), subscriptions by id, roles,
//! clouds and offers by their FORMAT.md spelling. Bad spellings are refused
//! by core with `INVALID_NAME`, so every language refuses them alike.
//!
//! Every operation is declared once, in [`for_each_operation!`]'s table:
//! its argument struct (fields, which of them name an account, a
//! subscription or a directory, which are optional), its FORMAT.md name,
//! its rule, its phrase and its check. Everything else is generated from
//! that table: the argument structs, [`Operation`] and its methods, the
//! constructors in [`build`], and each binding's methods (the bindings
//! expand the same table).

mod azure_signup;
mod co_administrators;
mod common;
mod custom_roles;
mod directory_admin;
mod directory_change;
mod elevation;
mod existing_directory;
mod gdap;
mod groups;
mod guests;
mod link_office365;
mod management_groups;
mod move_subscription;
mod office365;
mod organization;
mod partner_center;
mod policy;
mod portal;
mod resources;
mod role_assignments;
mod service_administrator;

use crate::change::Change;
use crate::error::{ErrorKind, Rule};
use crate::facts::{Facts, Prepared};
use crate::model::Profile;
pub(crate) use move_subscription::prospect;
use serde::{Deserialize, Serialize};

/// The table of every operation, handed to a macro: `[path::to::macro]`
/// followed by anything to pass before the table. Each entry is an
/// argument struct and the operations that take it:
///
/// ```text
/// /// struct docs
/// struct Args {
///     /// field docs
///     field: Type [tag],    // tag: actor, account, subscription or directory
/// }
/// optional { field: Inner, }     // an `Option<Inner>` field
/// defaulted { field: Type, }     // a field that is `Type::default()` when absent
/// ops {
///     format_name => Variant {
///         rule: R6,                  // or `none`
///         phrase: "what it does",    // "may <phrase>" in decisions
///         doc: "R6: ...",            // the method's docs in every language
///         check: module::check,    // called (facts, &args); or module::check(extra, ...)
///         retired: ClassicAdminRetired "what to do instead",  // refused under `current`
///     }
/// }
/// ```
///
/// Bindings do not call this directly: [`for_each_operation!`] hands them
/// one operation at a time.
#[doc(hidden)]
#[macro_export]
macro_rules! __operation_table {
    ([$($m:tt)+] $($pass:tt)*) => {
        $($m)+! { $($pass)*

        /// `create_microsoft_account`: a personal Microsoft account comes to
        /// exist. Not governed by a rule of DESIGN.md: Microsoft accounts are
        /// created outside the tenancy (signup.live.com).
        struct CreateMicrosoftAccount {
            /// The e-mail address (`INVALID_NAME` if malformed, `USER_EXISTS` if taken).
            email: String,
        }
        ops {
            create_microsoft_account => CreateMicrosoftAccount {
                rule: none,
                phrase: "create a Microsoft account",
                doc: "Creates a personal Microsoft account (written `msa:<email>`).",
                check: organization::create_microsoft_account,
            }
        }

        /// `sign_up_office365` (R1): a new organisation signs up for Office 365.
        struct SignUpOffice365 {
            /// The organisation's display name.
            organization: String,
            /// The prefix of `<prefix>.onmicrosoft.com`.
            domain_prefix: String,
            /// The local part of the admin's UPN.
            admin: String,
            /// The Office 365 plan, e.g. "Office 365 Business Premium".
            plan: String,
        }
        optional {
            /// The admin's display name.
            admin_name: String,
            /// Licensed seats, at least 1 (default 25, the Office 365 trial size).
            seats: i64,
            /// The cloud (default `public`).
            cloud: String,
        }
        ops {
            sign_up_office365 => SignUpOffice365 {
                rule: R1,
                phrase: "sign up for Office 365",
                doc: "R1: a new organisation signs up for Office 365.",
                check: organization::sign_up_office365,
            }
        }

        /// `create_directory` (R1): a new organisation's directory without Office 365.
        struct CreateDirectory {
            /// The organisation's display name.
            organization: String,
            /// The prefix of `<prefix>.onmicrosoft.com`.
            domain_prefix: String,
            /// The local part of the admin's UPN.
            admin: String,
        }
        optional {
            /// The admin's display name.
            admin_name: String,
            /// The cloud (default `public`).
            cloud: String,
        }
        ops {
            create_directory => CreateDirectory {
                rule: R1,
                phrase: "create a directory",
                doc: "R1: a new organisation's directory without Office 365.",
                check: organization::create_directory,
            }
        }

        /// `add_verified_domain` (R2): a Global Administrator verifies a custom domain.
        struct AddVerifiedDomain {
            /// The signed-in account.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// The domain, e.g. `contoso.com`.
            domain: String,
        }
        ops {
            add_verified_domain => AddVerifiedDomain {
                rule: R2,
                phrase: "add a verified domain",
                doc: "R2: a Global Administrator verifies a custom domain.",
                check: directory_admin::add_verified_domain,
            }
        }

        /// `add_user` (R2): a Global or User Administrator adds a work account.
        struct AddUser {
            /// The signed-in account.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// A local part (giving `<user>@<initial domain>`) or a full UPN on
            /// one of the directory's domains.
            user: String,
        }
        optional {
            /// The display name.
            name: String,
            /// A directory role to give the new user.
            role: String,
        }
        ops {
            add_user => AddUser {
                rule: R2,
                phrase: "add a user",
                doc: "R2: a Global or User Administrator adds a work account.",
                check: directory_admin::add_user,
            }
        }

        /// `assign_directory_role` / `remove_directory_role` (R2).
        struct DirectoryRoleChange {
            /// The signed-in account (a Global Administrator).
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// The user whose role changes.
            account: String [account],
            /// The directory role.
            role: String,
        }
        ops {
            assign_directory_role => AssignDirectoryRole {
                rule: R2,
                phrase: "assign a directory role",
                doc: "R2: a Global Administrator assigns a directory role.",
                check: directory_admin::change_role(true),
            }
            remove_directory_role => RemoveDirectoryRole {
                rule: R2,
                phrase: "remove a directory role",
                doc: "R2: a Global Administrator removes a directory role.",
                check: directory_admin::change_role(false),
            }
        }

        /// `sign_up_azure` (R3): any account signs up for an Azure subscription.
        struct SignUpAzure {
            /// The signed-in account; it becomes account and service administrator.
            actor: String [actor],
            /// The offer id, e.g. `MS-AZR-0003P`.
            offer: String,
        }
        optional {
            /// The subscription's display name (default: the offer's name).
            name: String,
            /// For a Microsoft account, a directory it is a user of (default:
            /// its default directory, created on first sign-up).
            directory: String,
        }
        ops {
            sign_up_azure => SignUpAzure {
                rule: R3,
                phrase: "sign up for Azure",
                doc: "R3: any account signs up for Azure; the outcome names the new subscription.",
                check: azure_signup::check,
            }
        }

        /// `buy_office365` (R4): a Global or Billing Administrator buys Office 365.
        struct BuyOffice365 {
            /// The signed-in account.
            actor: String [actor],
            /// The Office 365 plan.
            plan: String,
        }
        optional {
            /// Licensed seats, at least 1 (default 25).
            seats: i64,
            /// The directory (default: a work account's home directory, a
            /// Microsoft account's default directory).
            directory: String,
        }
        ops {
            buy_office365 => BuyOffice365 {
                rule: R4,
                phrase: "buy Office 365",
                doc: "R4: a Global or Billing Administrator buys Office 365.",
                check: office365::check,
            }
        }

        /// `use_existing_directory` (R5): a Microsoft account joins a directory
        /// as its Global Administrator, with a Global Administrator's credentials.
        struct UseExistingDirectory {
            /// The signed-in Microsoft account.
            actor: String [actor],
            /// The directory to add to its list.
            directory: String [directory],
            /// The account whose credentials are given.
            global_admin: String [account],
        }
        ops {
            use_existing_directory => UseExistingDirectory {
                rule: R5,
                phrase: "use an existing directory",
                doc: "R5: a Microsoft account uses an existing directory.",
                check: existing_directory::check,
                retired: ClassicPortalRetired "Invite the account as a guest (invite_guest), then grant it a role (assign_role).",
            }
        }

        /// `change_subscription_directory` (R6): "Edit Directory".
        struct ChangeSubscriptionDirectory {
            /// The signed-in account (the service administrator).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The directory it will trust.
            directory: String [directory],
        }
        ops {
            change_subscription_directory => ChangeSubscriptionDirectory {
                rule: R6,
                phrase: "change the directory of a subscription",
                doc: "R6: the service administrator changes the directory a subscription trusts.",
                check: move_subscription::check,
            }
        }

        /// `add_co_administrator` / `remove_co_administrator` (R7).
        struct CoAdministratorChange {
            /// The signed-in account (service administrator or co-administrator).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The co-administrator.
            account: String [account],
        }
        ops {
            add_co_administrator => AddCoAdministrator {
                rule: R7,
                phrase: "add a co-administrator",
                doc: "R7: add a co-administrator.",
                check: co_administrators::check(true),
                retired: ClassicAdminRetired "Assign Owner or a job-function role instead (assign_role, R8).",
            }
            remove_co_administrator => RemoveCoAdministrator {
                rule: R7,
                phrase: "remove a co-administrator",
                doc: "R7: remove a co-administrator.",
                check: co_administrators::check(false),
                retired: ClassicAdminRetired "Remove the role assignment instead (remove_role, R8).",
            }
        }

        /// `assign_role` / `remove_role` (R8).
        struct RoleAssignmentChange {
            /// The signed-in account (or service principal).
            actor: String [actor],
            /// Who holds the role: an account, `group:`, `foreign-group:`,
            /// `sp:` or `id:`.
            principal: String [account],
            /// The role: `owner`, … as FORMAT.md writes them, a role
            /// definition's name or id, or a custom role of the directory.
            role: String,
        }
        optional {
            /// The subscription id (needed unless `scope` names the place).
            subscription: String [subscription],
            /// A resource group, for resource-group scope (default: subscription).
            resource_group: String,
            /// The scope as an ARM path instead: `/`, a management group,
            /// `/subscriptions/<id>`, a resource group or resource inside it.
            scope: String,
            /// The directory whose root `/` is meant.
            directory: String [directory],
            /// An ABAC condition, kept as text (assign only).
            condition: String,
        }
        ops {
            assign_role => AssignRole {
                rule: R8,
                phrase: "assign an RBAC role",
                doc: "R8: assign an RBAC role at a scope (subscription, resource group, resource, management group or root).",
                check: role_assignments::check(true),
            }
            remove_role => RemoveRole {
                rule: R8,
                phrase: "remove an RBAC role",
                doc: "R8: remove an RBAC role assignment.",
                check: role_assignments::check(false),
            }
        }

        /// `change_service_administrator` (R9).
        struct ChangeServiceAdministrator {
            /// The signed-in account (the account administrator).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The new service administrator.
            account: String [account],
        }
        ops {
            change_service_administrator => ChangeServiceAdministrator {
                rule: R9,
                phrase: "change the service administrator",
                doc: "R9: the account administrator changes the service administrator.",
                check: service_administrator::check,
                retired: ClassicAdminRetired "Grant access with assign_role (R8); the account administrator is now a billing role.",
            }
        }

        /// `link_office365_tenant` (R10): R5, then R6, then R7 for each admin.
        struct LinkOffice365Tenant {
            /// The signed-in service administrator (a Microsoft account).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The Office 365 tenant's directory.
            directory: String [directory],
            /// A Global Administrator of the tenant, whose credentials are given.
            global_admin: String [account],
        }
        defaulted {
            /// Accounts of the tenant to add as co-administrators.
            admins: Vec<String>,
        }
        ops {
            link_office365_tenant => LinkOffice365Tenant {
                rule: R10,
                phrase: "link an Office 365 tenant to a subscription",
                doc: "R10: link an Office 365 tenant to an Azure subscription.",
                check: link_office365::check,
            }
        }

        /// `create_partner_center_account` (R1 with R11's partner).
        struct CreatePartnerCenterAccount {
            /// The partner's name (unique).
            name: String,
            /// The prefix of its directory's initial domain.
            domain_prefix: String,
            /// The local part of its admin's UPN.
            admin: String,
        }
        optional {
            /// The cloud (default `public`).
            cloud: String,
        }
        ops {
            create_partner_center_account => CreatePartnerCenterAccount {
                rule: R1,
                phrase: "create a Partner Center account",
                doc: "R1: open a Partner Center account with its own directory.",
                check: organization::create_partner,
            }
        }

        /// `associate_partner_center` (R11): R5, then R6, then R7 for the
        /// partner's admin.
        struct AssociatePartnerCenter {
            /// The signed-in service administrator (a Microsoft account).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The Partner Center account's name.
            partner: String,
        }
        ops {
            associate_partner_center => AssociatePartnerCenter {
                rule: R11,
                phrase: "associate a Partner Center account with a subscription",
                doc: "R11: associate a Partner Center account with an Azure subscription.",
                check: partner_center::check,
                retired: ClassicAdminRetired "Partners manage customers through GDAP relationships and Azure plan subscriptions (N7).",
            }
        }

        /// `sign_in_management_portal` (R12).
        struct SignInManagementPortal {
            /// The account signing in.
            actor: String [actor],
        }
        ops {
            sign_in_management_portal => SignInManagementPortal {
                rule: R12,
                phrase: "sign in to the management portal",
                doc: "R12: sign in to the classic management portal.",
                check: portal::check,
                retired: ClassicPortalRetired "Sign in to the Azure portal; access comes from role assignments (assign_role, R8).",
            }
        }

        /// `elevate_access` / `remove_elevated_access` (N1).
        struct Elevation {
            /// The signed-in Global Administrator, for itself.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
        }
        ops {
            elevate_access => ElevateAccess {
                rule: N1,
                phrase: "elevate access",
                doc: "N1: a Global Administrator elevates its access: User Access Administrator at the directory's root.",
                check: elevation::check(true),
            }
            remove_elevated_access => RemoveElevatedAccess {
                rule: N1,
                phrase: "remove elevated access",
                doc: "N1: a Global Administrator removes its elevated access.",
                check: elevation::check(false),
            }
        }

        /// `set_subscription_policy` (N2): whether subscriptions may leave
        /// or enter a directory.
        struct SetSubscriptionPolicy {
            /// The signed-in Global Administrator, elevated.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// Whether subscriptions may not leave the directory.
            block_leaving: bool,
            /// Whether subscriptions may not enter it.
            block_entering: bool,
        }
        defaulted {
            /// Users of the directory exempted from both.
            exempted: Vec<String>,
        }
        ops {
            set_subscription_policy => SetSubscriptionPolicy {
                rule: N2,
                phrase: "set the subscription policy of a directory",
                doc: "N2: an elevated Global Administrator sets whether subscriptions may leave or enter the directory, and who is exempted.",
                check: policy::check,
            }
        }

        /// `invite_guest` (N3): an account of elsewhere becomes an external
        /// user of the directory.
        struct InviteGuest {
            /// The signed-in account.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// A Microsoft account, or a work account of another directory.
            account: String [account],
        }
        ops {
            invite_guest => InviteGuest {
                rule: N3,
                phrase: "invite a guest",
                doc: "N3: invite an account of elsewhere as a guest (an external user).",
                check: guests::check,
            }
        }

        /// `request_directory_change` (N4): an Owner asks to move a
        /// subscription; a Global Administrator of the target accepts.
        struct RequestDirectoryChange {
            /// The signed-in Owner of the subscription.
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The directory it is to move to.
            directory: String [directory],
        }
        optional {
            /// The one account of the target that may accept.
            acceptor: String,
        }
        ops {
            request_directory_change => RequestDirectoryChange {
                rule: N4,
                phrase: "request a directory change",
                doc: "N4: an Owner requests moving a subscription to another directory (the two-party route).",
                check: directory_change::request,
            }
        }

        /// `accept_directory_change` / `cancel_directory_change` (N4).
        struct DirectoryChangeDecision {
            /// The signed-in account.
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
        }
        ops {
            accept_directory_change => AcceptDirectoryChange {
                rule: N4,
                phrase: "accept a directory change",
                doc: "N4: a Global Administrator of the target accepts a pending directory change.",
                check: directory_change::accept,
            }
            cancel_directory_change => CancelDirectoryChange {
                rule: N4,
                phrase: "cancel a directory change",
                doc: "N4: the initiator or an Owner cancels a pending directory change.",
                check: directory_change::cancel,
            }
        }

        /// `create_group` (N5).
        struct CreateGroup {
            /// The signed-in Global, User or Groups Administrator.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// The group's display name.
            name: String,
        }
        optional {
            /// Whether it may hold directory roles (default false).
            role_assignable: bool,
        }
        ops {
            create_group => CreateGroup {
                rule: N5,
                phrase: "create a group",
                doc: "N5: create a security group.",
                check: groups::create_group,
            }
        }

        /// `add_group_member` / `remove_group_member` (N5).
        struct GroupMemberChange {
            /// The signed-in Global, User or Groups Administrator.
            actor: String [actor],
            /// The group, `group:<name>@<directory>` or `id:`.
            group: String,
            /// A user, group or service principal of the group's directory.
            member: String [account],
        }
        ops {
            add_group_member => AddGroupMember {
                rule: N5,
                phrase: "add a group member",
                doc: "N5: make a user, group or service principal a direct member of a group.",
                check: groups::member(true),
            }
            remove_group_member => RemoveGroupMember {
                rule: N5,
                phrase: "remove a group member",
                doc: "N5: remove a direct member from a group.",
                check: groups::member(false),
            }
        }

        /// `create_service_principal` (N5).
        struct CreateServicePrincipal {
            /// The signed-in Global Administrator.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// The application's display name.
            name: String,
        }
        ops {
            create_service_principal => CreateServicePrincipal {
                rule: N5,
                phrase: "create a service principal",
                doc: "N5: register an application: its service principal in the directory.",
                check: groups::create_service_principal,
            }
        }

        /// `create_managed_identity` (N5).
        struct CreateManagedIdentity {
            /// The signed-in account (or service principal).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The identity's display name.
            name: String,
        }
        optional {
            /// The resource id a system-assigned identity belongs to (absent:
            /// a user-assigned identity).
            resource: String,
            /// The resource group of a user-assigned identity.
            resource_group: String,
        }
        ops {
            create_managed_identity => CreateManagedIdentity {
                rule: N5,
                phrase: "create a managed identity",
                doc: "N5: create a managed identity: system-assigned to a resource, or user-assigned.",
                check: groups::create_managed_identity,
            }
        }

        /// `create_resource`: an Azure resource of the inventory a directory
        /// move affects, created in a resource group by whoever may write
        /// its type there. Not governed by a rule of DESIGN.md: resources
        /// come from imports; this builds an inventory in a scenario.
        struct CreateResource {
            /// The signed-in account (or service principal).
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The resource group it is created in.
            resource_group: String,
            /// Its ARM type, `<namespace>/<type>` (`Microsoft.KeyVault/vaults`).
            resource_type: String,
            /// Its name.
            name: String,
        }
        optional {
            /// Whether it authenticates with Entra ID (SQL and MySQL servers, AKS).
            entra_authentication: bool,
            /// Whether it keeps ACLs naming directory objects (storage, Data
            /// Lake, Azure Files).
            acls: bool,
        }
        defaulted {
            /// The users, groups and service principals of the directory a
            /// key vault's access policies name.
            access_policies: Vec<String>,
        }
        ops {
            create_resource => CreateResource {
                rule: none,
                phrase: "create a resource",
                doc: "Creates an Azure resource of the inventory a directory move affects (a key vault, a SQL server, a storage account...).",
                check: resources::create,
            }
        }

        /// `create_custom_role` (N6).
        struct CreateCustomRole {
            /// The signed-in holder of roleDefinitions/write at the scopes.
            actor: String [actor],
            /// The directory the role belongs to.
            directory: String [directory],
            /// ARM's `roleName`, unique in the directory.
            name: String,
        }
        defaulted {
            /// ARM action patterns (at least one).
            actions: Vec<String>,
            /// Patterns taken away from `actions`.
            not_actions: Vec<String>,
            /// Where it may be assigned: management groups, subscriptions or
            /// resource groups, as ARM paths (at least one).
            assignable_scopes: Vec<String>,
        }
        ops {
            create_custom_role => CreateCustomRole {
                rule: N6,
                phrase: "create a custom role",
                doc: "N6: create a custom role definition.",
                check: custom_roles::create,
            }
        }

        /// `delete_custom_role` (N6).
        struct DeleteCustomRole {
            /// The signed-in holder of roleDefinitions/write at its scopes.
            actor: String [actor],
            /// The directory the role belongs to.
            directory: String [directory],
            /// Its name or id.
            name: String,
        }
        ops {
            delete_custom_role => DeleteCustomRole {
                rule: N6,
                phrase: "delete a custom role",
                doc: "N6: delete a custom role no assignment uses.",
                check: custom_roles::delete,
            }
        }

        /// `create_management_group` (N6).
        struct CreateManagementGroup {
            /// The signed-in holder of managementGroups/write at the parent.
            actor: String [actor],
            /// The directory.
            directory: String [directory],
            /// Its name (the last segment of its id).
            name: String,
        }
        optional {
            /// The parent management group (default: the tenant root group).
            parent: String,
        }
        ops {
            create_management_group => CreateManagementGroup {
                rule: N6,
                phrase: "create a management group",
                doc: "N6: create a management group (at most six levels below the root).",
                check: management_groups::create,
            }
        }

        /// `move_subscription_to_management_group` (N6).
        struct MoveSubscriptionToManagementGroup {
            /// The signed-in Owner of the subscription, with
            /// managementGroups/write at the target.
            actor: String [actor],
            /// The subscription id.
            subscription: String [subscription],
            /// The management group's name.
            management_group: String,
        }
        ops {
            move_subscription_to_management_group => MoveSubscriptionToManagementGroup {
                rule: N6,
                phrase: "move a subscription to a management group",
                doc: "N6: place a subscription under a management group of its directory.",
                check: management_groups::place,
            }
        }

        /// `create_gdap_relationship` (N7).
        struct CreateGdapRelationship {
            /// The signed-in partner admin agent.
            actor: String [actor],
            /// The Partner Center account.
            partner: String,
            /// The customer directory.
            directory: String [directory],
            /// How long it lasts, 1 to 730 days.
            duration_days: i64,
        }
        defaulted {
            /// The directory roles it grants (at least one).
            roles: Vec<String>,
        }
        ops {
            create_gdap_relationship => CreateGdapRelationship {
                rule: N7,
                phrase: "propose a GDAP relationship",
                doc: "N7: a partner proposes a GDAP relationship to a customer directory.",
                check: gdap::create,
            }
        }

        /// `approve_gdap_relationship` (N7).
        struct ApproveGdapRelationship {
            /// The signed-in Global Administrator of the customer.
            actor: String [actor],
            /// The Partner Center account.
            partner: String,
            /// The customer directory.
            directory: String [directory],
        }
        ops {
            approve_gdap_relationship => ApproveGdapRelationship {
                rule: N7,
                phrase: "approve a GDAP relationship",
                doc: "N7: a customer's Global Administrator approves a partner's GDAP relationship.",
                check: gdap::approve,
            }
        }

        /// `create_azure_plan_subscription` (N7).
        struct CreateAzurePlanSubscription {
            /// The signed-in partner admin.
            actor: String [actor],
            /// The Partner Center account.
            partner: String,
            /// The customer directory.
            directory: String [directory],
        }
        optional {
            /// The subscription's display name (default "Azure plan").
            name: String,
        }
        ops {
            create_azure_plan_subscription => CreateAzurePlanSubscription {
                rule: N7,
                phrase: "create an Azure plan subscription",
                doc: "N7: a partner creates an Azure plan subscription in a customer directory it has an approved relationship with.",
                check: gdap::azure_plan,
            }
        }
        }
    };
}

/// Hands every operation of FORMAT.md, one at a time, to the macro
/// `$callback`, as
///
/// ```text
/// /// docs
/// format_name Variant {
///     required { field: Type, ... }
///     optional { field: Inner, ... }   // taken as Option<Inner>
/// }
/// ```
///
/// with the actor first among the required arguments; `Variant` is the
/// operation's [`Operation`] variant, a name unique to it.
/// [`build::format_name`](build) takes the same arguments in the same order
/// and returns the [`Operation`]. This is how every binding declares its
/// methods: a new operation is one entry of the table, and every language
/// has it.
///
/// ```
/// // Each operation becomes a function returning its name and argument count.
/// macro_rules! describe {
///     (
///         $(#[doc = $doc:literal])*
///         $op:ident $variant:ident {
///             required { $($field:ident: $ty:ty,)* }
///             optional { $($opt:ident: $oty:ty,)* }
///         }
///     ) => {
///         pub fn $op() -> (&'static str, usize) {
///             (stringify!($op), [$(stringify!($field),)* $(stringify!($opt),)*].len())
///         }
///     };
/// }
/// tenantry::for_each_operation!(describe);
/// assert_eq!(sign_up_azure(), ("sign_up_azure", 4));
/// assert_eq!(create_microsoft_account(), ("create_microsoft_account", 1));
/// ```
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $crate::__operation_table!([$crate::__each_operation] $callback);
    };
}

/// Flattens the table into one `$callback!` call per operation.
#[doc(hidden)]
#[macro_export]
macro_rules! __each_operation {
    ($callback:ident $(
        $(#[doc = $sdoc:literal])*
        struct $args:ident $fields:tt
        $(optional $optional:tt)?
        $(defaulted $defaulted:tt)?
        ops { $(
            $op:ident => $variant:ident {
                rule: $rule:ident,
                phrase: $phrase:literal,
                doc: $doc:literal,
                check: $($check:ident)::+ $(($($arg:expr),*))?,
                $(retired: $retired:ident $instead:literal,)?
            }
        )+ }
    )*) => {
        $(
            $crate::__each_operation_of! {
                $callback $fields [$($optional)? $($defaulted)?]
                $([#[doc = $doc]] $op $variant)+
            }
        )*
    };
}

/// The operations of one argument struct, one `$callback!` call each.
#[doc(hidden)]
#[macro_export]
macro_rules! __each_operation_of {
    ($callback:ident $fields:tt $optional:tt $([$($doc:tt)*] $op:ident $variant:ident)+) => {
        $($crate::__one_operation! { $callback [$($doc)*] $op $variant $fields $optional })+
    };
}

/// One operation, its optional and defaulted arguments merged for a binding.
#[doc(hidden)]
#[macro_export]
macro_rules! __one_operation {
    (
        $callback:ident [$($doc:tt)*] $op:ident $variant:ident
        { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty $([$tag:ident])?,)* }
        [$({ $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty $([$otag:ident])?,)* })*]
    ) => {
        $callback! {
            $($doc)*
            $op $variant {
                required { $($field: $ty,)* }
                optional { $($($opt: $oty,)*)* }
            }
        }
    };
}

/// Expands the table for core itself: the argument structs,
/// [`Operation`] and its methods, and [`build`].
macro_rules! declare_operations {
    ($(
        $(#[doc = $sdoc:literal])*
        struct $args:ident $fields:tt
        $(optional $optional:tt)?
        $(defaulted $defaulted:tt)?
        ops { $(
            $op:ident => $variant:ident {
                rule: $rule:ident,
                phrase: $phrase:literal,
                doc: $doc:literal,
                check: $($check:ident)::+ $(($($arg:expr),*))?,
                $(retired: $retired:ident $instead:literal,)?
            }
        )+ }
    )*) => {
        $(
            declare_args! {
                [$(#[doc = $sdoc])*] $args $fields
                optional [$($optional)?] defaulted [$($defaulted)?]
            }
            from_args!($args: $($variant),+);
        )*

        /// Every operation of FORMAT.md with its arguments. Serialized
        /// adjacently tagged: `{"op": "sign_up_azure", "args": {"actor": …, "offer": …}}`.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "op", content = "args", rename_all = "snake_case")]
        pub enum Operation {
            $($(#[doc = $doc] $variant($args),)+)*
        }

        impl Operation {
            /// Every operation's FORMAT.md name.
            pub const NAMES: [&'static str; [$($(stringify!($op)),+),*].len()] =
                [$($(stringify!($op)),+),*];

            /// FORMAT.md's name of the operation.
            pub const fn name(&self) -> &'static str {
                match self {
                    $($(Operation::$variant(_) => stringify!($op),)+)*
                }
            }

            /// The rule that governs the operation. `create_microsoft_account`
            /// has none (DESIGN.md has no rule for it); creating a Partner
            /// Center account creates an organisation's directory, so it is R1.
            pub const fn rule(&self) -> Option<Rule> {
                match self {
                    $($(Operation::$variant(_) => rule!($rule),)+)*
                }
            }

            /// The rule that governs the operation of this FORMAT.md name, if any.
            pub fn rule_of(name: &str) -> Option<Rule> {
                $($(if name == stringify!($op) {
                    return rule!($rule);
                })+)*
                None
            }

            /// What the operation does, as a phrase: "change the directory of
            /// a subscription".
            pub const fn describe(&self) -> &'static str {
                match self {
                    $($(Operation::$variant(_) => $phrase,)+)*
                }
            }

            /// The arguments of the operation of this FORMAT.md name, in the
            /// order the bindings take them (the actor first, required ones,
            /// then optional ones), with their docs; `None` for an unknown
            /// name. What a command line builds its options from.
            pub fn arguments(name: &str) -> Option<&'static [Argument]> {
                $($(if name == stringify!($op) {
                    return Some($args::ARGUMENTS);
                })+)*
                None
            }

            /// What the operation of this FORMAT.md name does, a sentence of
            /// its documentation; `None` for an unknown name.
            pub fn doc_of(name: &str) -> Option<&'static str> {
                $($(if name == stringify!($op) {
                    return Some($doc);
                })+)*
                None
            }

            /// Whether the operation of this FORMAT.md name is done by a
            /// signed-in account (FORMAT.md's `as`); the others anyone does
            /// without one.
            pub fn takes_actor(name: &str) -> bool {
                $($(if name == stringify!($op) {
                    return $args::TAKES_ACTOR;
                })+)*
                false
            }

            /// The signed-in account, for operations that have one.
            pub fn actor(&self) -> Option<&str> {
                match self {
                    $($(Operation::$variant(op) => op.actor(),)+)*
                }
            }

            /// The accounts, subscription and directory the operation names,
            /// to resolve together.
            pub(crate) fn references(&self) -> References<'_> {
                match self {
                    $($(Operation::$variant(op) => op.references(),)+)*
                }
            }

            /// Runs the operation's checks against `facts` (its references
            /// already resolved) and returns the changes it would make.
            pub(crate) fn check(&self, facts: &Prepared) -> Result<Vec<Change>, ErrorKind> {
                match self {
                    $($(Operation::$variant(op) => {
                        $(if facts.state().profile == Profile::Current {
                            // Retired: refused before any other check.
                            return Err(ErrorKind::$retired {
                                operation: stringify!($op),
                                instead: $instead,
                            });
                        })?
                        $($check)::+(facts, op $($(, $arg)*)?)
                    })+)*
                }
            }
        }

        /// Every operation built from its arguments in the order the
        /// bindings take them (those of [`for_each_operation!`]): the
        /// required ones, then the optional ones.
        #[doc(hidden)]
        pub mod build {
            use super::*;

            $(
                build_fns! {
                    $args $fields [$($optional)?] [$($defaulted)?]
                    $([#[doc = $doc]] $op $variant)+
                }
            )*
        }
    };
}

/// One argument of an operation, as FORMAT.md names it
/// ([`Operation::arguments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argument {
    /// Its FORMAT.md name (`actor` is FORMAT.md's `as`).
    pub name: &'static str,
    /// Its documentation, one line per doc line.
    pub doc: &'static str,
    /// Whether the operation needs it.
    pub required: bool,
    /// What kind of value it takes.
    pub kind: ArgumentKind,
}

/// What kind of value an operation's argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgumentKind {
    /// A string: a name, an id, a domain.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number.
    Number,
    /// A list of strings.
    List,
}

/// The [`ArgumentKind`] of an argument's Rust type.
trait ArgumentType {
    const KIND: ArgumentKind;
}

impl ArgumentType for String {
    const KIND: ArgumentKind = ArgumentKind::Text;
}

impl ArgumentType for bool {
    const KIND: ArgumentKind = ArgumentKind::Flag;
}

impl ArgumentType for i64 {
    const KIND: ArgumentKind = ArgumentKind::Number;
}

impl ArgumentType for usize {
    const KIND: ArgumentKind = ArgumentKind::Number;
}

impl ArgumentType for Vec<String> {
    const KIND: ArgumentKind = ArgumentKind::List;
}

/// One argument struct, with what its tags say: the references to resolve
/// together, the actor.
macro_rules! declare_args {
    (
        [$($doc:tt)*] $args:ident
        { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty $([$tag:ident])?,)* }
        optional [$({ $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty $([$otag:ident])?,)* })?]
        defaulted [$({ $($(#[doc = $ddoc:literal])* $def:ident: $dty:ty,)* })?]
    ) => {
        $($doc)*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $args {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
            $($($(#[doc = $odoc])* #[serde(default)] pub $opt: Option<$oty>,)*)?
            $($($(#[doc = $ddoc])* #[serde(default)] pub $def: $dty,)*)?
        }

        impl $args {
            /// Its arguments: the required ones, then the optional ones.
            const ARGUMENTS: &'static [Argument] = &[
                $(Argument {
                    name: stringify!($field),
                    doc: concat!($($fdoc, "\n",)*),
                    required: true,
                    kind: <$ty as ArgumentType>::KIND,
                },)*
                $($(Argument {
                    name: stringify!($opt),
                    doc: concat!($($odoc, "\n",)*),
                    required: false,
                    kind: <$oty as ArgumentType>::KIND,
                },)*)?
                $($(Argument {
                    name: stringify!($def),
                    doc: concat!($($ddoc, "\n",)*),
                    required: false,
                    kind: <$dty as ArgumentType>::KIND,
                },)*)?
            ];

            /// Whether the operation is done by a signed-in account.
            const TAKES_ACTOR: bool = false $($(|| is_actor!($tag))?)*;

            /// The names it references, to resolve together.
            fn references(&self) -> References<'_> {
                let r = References::default();
                $($(let r = tagged!(r, $tag, &self.$field);)?)*
                $($($(let r = match &self.$opt {
                    Some(value) => tagged!(r, $otag, value),
                    None => r,
                };)?)*)?
                r
            }

            /// The signed-in account, if the operation has one.
            fn actor(&self) -> Option<&str> {
                let found: Option<&str> = None;
                found $($(.or(actor_of!($tag, &self.$field)))?)*
            }
        }
    };
}

/// The constructors of [`build`] for the operations of one argument struct.
macro_rules! build_fns {
    ($args:ident $fields:tt $optional:tt $defaulted:tt $([$($doc:tt)*] $op:ident $variant:ident)+) => {
        $(build_fn! { [$($doc)*] $op $variant $args $fields $optional $defaulted })+
    };
}

/// One constructor of [`build`].
macro_rules! build_fn {
    (
        [$($doc:tt)*] $op:ident $variant:ident $args:ident
        { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty $([$tag:ident])?,)* }
        [$({ $($(#[doc = $odoc:literal])* $opt:ident: $oty:ty $([$otag:ident])?,)* })?]
        [$({ $($(#[doc = $ddoc:literal])* $def:ident: $dty:ty,)* })?]
    ) => {
        $($doc)*
        #[allow(clippy::too_many_arguments)]
        pub fn $op(
            $($field: $ty,)*
            $($($opt: Option<$oty>,)*)?
            $($($def: Option<$dty>,)*)?
        ) -> Operation {
            Operation::$variant($args {
                $($field,)*
                $($($opt,)*)?
                $($($def: $def.unwrap_or_default(),)*)?
            })
        }
    };
}

/// `Some(Rule::R6)` for `R6`; `None` for `none`.
macro_rules! rule {
    (none) => {
        None
    };
    ($rule:ident) => {
        Some(Rule::$rule)
    };
}

/// Adds a tagged argument to the references.
macro_rules! tagged {
    ($r:ident, actor, $value:expr) => {
        $r.account($value)
    };
    ($r:ident, account, $value:expr) => {
        $r.account($value)
    };
    ($r:ident, subscription, $value:expr) => {
        $r.subscription($value)
    };
    ($r:ident, directory, $value:expr) => {
        $r.directory($value)
    };
}

/// Whether a tag marks the signed-in account.
macro_rules! is_actor {
    (actor) => {
        true
    };
    ($other:ident) => {
        false
    };
}

/// `Some(value)` for the field tagged `actor`, else `None`.
macro_rules! actor_of {
    (actor, $value:expr) => {
        Some($value as &str)
    };
    ($other:ident, $value:expr) => {
        None
    };
}

/// `From<Args> for Operation` where one operation takes the struct.
macro_rules! from_args {
    ($args:ident: $variant:ident) => {
        impl From<$args> for Operation {
            fn from(op: $args) -> Self {
                Operation::$variant(op)
            }
        }
    };
    ($args:ident: $($variant:ident),+) => {};
}

crate::__operation_table!([declare_operations]);

/// The names an operation references: up to three accounts (the actor
/// first), a subscription and a directory.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct References<'a> {
    accounts: [&'a str; 3],
    named: usize,
    pub(crate) subscription: Option<&'a str>,
    pub(crate) directory: Option<&'a str>,
}

impl<'a> References<'a> {
    fn account(mut self, reference: &'a str) -> Self {
        if let Some(slot) = self.accounts.get_mut(self.named) {
            *slot = reference;
            self.named += 1;
        }
        self
    }

    fn subscription(mut self, reference: &'a str) -> Self {
        self.subscription = Some(reference);
        self
    }

    fn directory(mut self, reference: &'a str) -> Self {
        self.directory = Some(reference);
        self
    }

    /// The accounts named, the actor first.
    pub(crate) fn accounts(&self) -> &[&'a str] {
        self.accounts.get(..self.named).unwrap_or_default()
    }
}

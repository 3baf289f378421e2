//! The operations of DESIGN §2, one module per workflow. Each module's
//! `check` reads a [`View`] and returns the changes the operation would make
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

mod azure_signup;
mod co_administrators;
mod common;
mod directory_admin;
mod existing_directory;
mod link_office365;
mod move_subscription;
mod office365;
mod organization;
mod partner_center;
mod portal;
mod role_assignments;
mod service_administrator;

use crate::change::Change;
use crate::error::{ErrorKind, Rule};
use crate::state::State;
use crate::view::Prepared;
use serde::{Deserialize, Serialize};

/// `create_microsoft_account`: a personal Microsoft account comes to exist.
/// Not governed by a rule of DESIGN.md: Microsoft accounts are created
/// outside the tenancy (signup.live.com).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateMicrosoftAccount {
    /// The e-mail address (`INVALID_NAME` if malformed, `USER_EXISTS` if taken).
    pub email: String,
}

/// `sign_up_office365` (R1): a new organisation signs up for Office 365.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpOffice365 {
    /// The organisation's display name.
    pub organization: String,
    /// The prefix of `<prefix>.onmicrosoft.com`.
    pub domain_prefix: String,
    /// The local part of the admin's UPN.
    pub admin: String,
    /// The admin's display name.
    #[serde(default)]
    pub admin_name: Option<String>,
    /// The Office 365 plan, e.g. "Office 365 Business Premium".
    pub plan: String,
    /// Licensed seats, at least 1 (default 25, the Office 365 trial size).
    #[serde(default)]
    pub seats: Option<i64>,
    /// The cloud (default `public`).
    #[serde(default)]
    pub cloud: Option<String>,
}

/// `create_directory` (R1): a new organisation's directory without Office 365.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDirectory {
    /// The organisation's display name.
    pub organization: String,
    /// The prefix of `<prefix>.onmicrosoft.com`.
    pub domain_prefix: String,
    /// The local part of the admin's UPN.
    pub admin: String,
    /// The admin's display name.
    #[serde(default)]
    pub admin_name: Option<String>,
    /// The cloud (default `public`).
    #[serde(default)]
    pub cloud: Option<String>,
}

/// `add_verified_domain` (R2): a Global Administrator verifies a custom domain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddVerifiedDomain {
    /// The signed-in account.
    pub actor: String,
    /// The directory.
    pub directory: String,
    /// The domain, e.g. `contoso.com`.
    pub domain: String,
}

/// `add_user` (R2): a Global or User Administrator adds a work account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddUser {
    /// The signed-in account.
    pub actor: String,
    /// The directory.
    pub directory: String,
    /// A local part (giving `<user>@<initial domain>`) or a full UPN on one
    /// of the directory's domains.
    pub user: String,
    /// The display name.
    #[serde(default)]
    pub name: Option<String>,
    /// A directory role to give the new user.
    #[serde(default)]
    pub role: Option<String>,
}

/// `assign_directory_role` / `remove_directory_role` (R2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryRoleChange {
    /// The signed-in account (a Global Administrator).
    pub actor: String,
    /// The directory.
    pub directory: String,
    /// The user whose role changes.
    pub account: String,
    /// The directory role.
    pub role: String,
}

/// `sign_up_azure` (R3): any account signs up for an Azure subscription.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpAzure {
    /// The signed-in account; it becomes account and service administrator.
    pub actor: String,
    /// The offer id, e.g. `MS-AZR-0003P`.
    pub offer: String,
    /// The subscription's display name (default: the offer's name).
    #[serde(default)]
    pub name: Option<String>,
    /// For a Microsoft account, a directory it is a user of (default: its
    /// default directory, created on first sign-up).
    #[serde(default)]
    pub directory: Option<String>,
}

/// `buy_office365` (R4): a Global or Billing Administrator buys Office 365.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuyOffice365 {
    /// The signed-in account.
    pub actor: String,
    /// The Office 365 plan.
    pub plan: String,
    /// Licensed seats, at least 1 (default 25).
    #[serde(default)]
    pub seats: Option<i64>,
    /// The directory (default: a work account's home directory, a Microsoft
    /// account's default directory).
    #[serde(default)]
    pub directory: Option<String>,
}

/// `use_existing_directory` (R5): a Microsoft account joins a directory as
/// its Global Administrator, with a Global Administrator's credentials.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseExistingDirectory {
    /// The signed-in Microsoft account.
    pub actor: String,
    /// The directory to add to its list.
    pub directory: String,
    /// The account whose credentials are given.
    pub global_admin: String,
}

/// `change_subscription_directory` (R6): "Edit Directory".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSubscriptionDirectory {
    /// The signed-in account (the service administrator).
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// The directory it will trust.
    pub directory: String,
}

/// `add_co_administrator` / `remove_co_administrator` (R7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoAdministratorChange {
    /// The signed-in account (service administrator or co-administrator).
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// The co-administrator.
    pub account: String,
}

/// `assign_role` / `remove_role` (R8).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleAssignmentChange {
    /// The signed-in account.
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// Who holds the role.
    pub principal: String,
    /// The RBAC role.
    pub role: String,
    /// A resource group, for resource-group scope (default: subscription).
    #[serde(default)]
    pub resource_group: Option<String>,
}

/// `change_service_administrator` (R9).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeServiceAdministrator {
    /// The signed-in account (the account administrator).
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// The new service administrator.
    pub account: String,
}

/// `link_office365_tenant` (R10): R5, then R6, then R7 for each admin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkOffice365Tenant {
    /// The signed-in service administrator (a Microsoft account).
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// The Office 365 tenant's directory.
    pub directory: String,
    /// A Global Administrator of the tenant, whose credentials are given.
    pub global_admin: String,
    /// Accounts of the tenant to add as co-administrators.
    #[serde(default)]
    pub admins: Vec<String>,
}

/// `create_partner_center_account` (R1 with R11's partner).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePartnerCenterAccount {
    /// The partner's name (unique).
    pub name: String,
    /// The prefix of its directory's initial domain.
    pub domain_prefix: String,
    /// The local part of its admin's UPN.
    pub admin: String,
    /// The cloud (default `public`).
    #[serde(default)]
    pub cloud: Option<String>,
}

/// `associate_partner_center` (R11): R5, then R6, then R7 for the partner's admin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociatePartnerCenter {
    /// The signed-in service administrator (a Microsoft account).
    pub actor: String,
    /// The subscription id.
    pub subscription: String,
    /// The Partner Center account's name.
    pub partner: String,
}

/// `sign_in_management_portal` (R12).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInManagementPortal {
    /// The account signing in.
    pub actor: String,
}

/// Every operation of FORMAT.md with its arguments. Serialized adjacently
/// tagged: `{"op": "sign_up_azure", "args": {"actor": …, "offer": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "args", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Operation {
    CreateMicrosoftAccount(CreateMicrosoftAccount),
    #[serde(rename = "sign_up_office365")]
    SignUpOffice365(SignUpOffice365),
    CreateDirectory(CreateDirectory),
    AddVerifiedDomain(AddVerifiedDomain),
    AddUser(AddUser),
    AssignDirectoryRole(DirectoryRoleChange),
    RemoveDirectoryRole(DirectoryRoleChange),
    SignUpAzure(SignUpAzure),
    #[serde(rename = "buy_office365")]
    BuyOffice365(BuyOffice365),
    UseExistingDirectory(UseExistingDirectory),
    ChangeSubscriptionDirectory(ChangeSubscriptionDirectory),
    AddCoAdministrator(CoAdministratorChange),
    RemoveCoAdministrator(CoAdministratorChange),
    AssignRole(RoleAssignmentChange),
    RemoveRole(RoleAssignmentChange),
    ChangeServiceAdministrator(ChangeServiceAdministrator),
    #[serde(rename = "link_office365_tenant")]
    LinkOffice365Tenant(LinkOffice365Tenant),
    CreatePartnerCenterAccount(CreatePartnerCenterAccount),
    AssociatePartnerCenter(AssociatePartnerCenter),
    SignInManagementPortal(SignInManagementPortal),
}

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

impl Operation {
    /// Every operation's FORMAT.md name.
    pub const NAMES: [&'static str; 20] = [
        "create_microsoft_account",
        "sign_up_office365",
        "create_directory",
        "add_verified_domain",
        "add_user",
        "assign_directory_role",
        "remove_directory_role",
        "sign_up_azure",
        "buy_office365",
        "use_existing_directory",
        "change_subscription_directory",
        "add_co_administrator",
        "remove_co_administrator",
        "assign_role",
        "remove_role",
        "change_service_administrator",
        "link_office365_tenant",
        "create_partner_center_account",
        "associate_partner_center",
        "sign_in_management_portal",
    ];

    /// FORMAT.md's name of the operation.
    pub const fn name(&self) -> &'static str {
        match self {
            Operation::CreateMicrosoftAccount(_) => "create_microsoft_account",
            Operation::SignUpOffice365(_) => "sign_up_office365",
            Operation::CreateDirectory(_) => "create_directory",
            Operation::AddVerifiedDomain(_) => "add_verified_domain",
            Operation::AddUser(_) => "add_user",
            Operation::AssignDirectoryRole(_) => "assign_directory_role",
            Operation::RemoveDirectoryRole(_) => "remove_directory_role",
            Operation::SignUpAzure(_) => "sign_up_azure",
            Operation::BuyOffice365(_) => "buy_office365",
            Operation::UseExistingDirectory(_) => "use_existing_directory",
            Operation::ChangeSubscriptionDirectory(_) => "change_subscription_directory",
            Operation::AddCoAdministrator(_) => "add_co_administrator",
            Operation::RemoveCoAdministrator(_) => "remove_co_administrator",
            Operation::AssignRole(_) => "assign_role",
            Operation::RemoveRole(_) => "remove_role",
            Operation::ChangeServiceAdministrator(_) => "change_service_administrator",
            Operation::LinkOffice365Tenant(_) => "link_office365_tenant",
            Operation::CreatePartnerCenterAccount(_) => "create_partner_center_account",
            Operation::AssociatePartnerCenter(_) => "associate_partner_center",
            Operation::SignInManagementPortal(_) => "sign_in_management_portal",
        }
    }

    /// The rule that governs the operation. `create_microsoft_account` has
    /// none (DESIGN.md has no rule for it); creating a Partner Center
    /// account creates an organisation's directory, so it is R1.
    pub fn rule(&self) -> Option<Rule> {
        Operation::rule_of(self.name())
    }

    /// The rule that governs the operation of this FORMAT.md name, if any.
    pub fn rule_of(name: &str) -> Option<Rule> {
        Some(match name {
            "sign_up_office365" | "create_directory" | "create_partner_center_account" => Rule::R1,
            "add_verified_domain"
            | "add_user"
            | "assign_directory_role"
            | "remove_directory_role" => Rule::R2,
            "sign_up_azure" => Rule::R3,
            "buy_office365" => Rule::R4,
            "use_existing_directory" => Rule::R5,
            "change_subscription_directory" => Rule::R6,
            "add_co_administrator" | "remove_co_administrator" => Rule::R7,
            "assign_role" | "remove_role" => Rule::R8,
            "change_service_administrator" => Rule::R9,
            "link_office365_tenant" => Rule::R10,
            "associate_partner_center" => Rule::R11,
            "sign_in_management_portal" => Rule::R12,
            _ => return None,
        })
    }

    /// What the operation does, as a phrase: "change the directory of a
    /// subscription".
    pub fn describe(&self) -> &'static str {
        match self {
            Operation::CreateMicrosoftAccount(_) => "create a Microsoft account",
            Operation::SignUpOffice365(_) => "sign up for Office 365",
            Operation::CreateDirectory(_) => "create a directory",
            Operation::AddVerifiedDomain(_) => "add a verified domain",
            Operation::AddUser(_) => "add a user",
            Operation::AssignDirectoryRole(_) => "assign a directory role",
            Operation::RemoveDirectoryRole(_) => "remove a directory role",
            Operation::SignUpAzure(_) => "sign up for Azure",
            Operation::BuyOffice365(_) => "buy Office 365",
            Operation::UseExistingDirectory(_) => "use an existing directory",
            Operation::ChangeSubscriptionDirectory(_) => "change the directory of a subscription",
            Operation::AddCoAdministrator(_) => "add a co-administrator",
            Operation::RemoveCoAdministrator(_) => "remove a co-administrator",
            Operation::AssignRole(_) => "assign an RBAC role",
            Operation::RemoveRole(_) => "remove an RBAC role",
            Operation::ChangeServiceAdministrator(_) => "change the service administrator",
            Operation::LinkOffice365Tenant(_) => "link an Office 365 tenant to a subscription",
            Operation::CreatePartnerCenterAccount(_) => "create a Partner Center account",
            Operation::AssociatePartnerCenter(_) => {
                "associate a Partner Center account with a subscription"
            }
            Operation::SignInManagementPortal(_) => "sign in to the management portal",
        }
    }

    /// Whether the operation of this FORMAT.md name is done by a signed-in
    /// account (FORMAT.md's `as`); the others anyone does without one.
    pub fn takes_actor(name: &str) -> bool {
        !matches!(
            name,
            "create_microsoft_account"
                | "sign_up_office365"
                | "create_directory"
                | "create_partner_center_account"
        )
    }

    /// The signed-in account, for operations that have one.
    pub fn actor(&self) -> Option<&str> {
        match self {
            Operation::CreateMicrosoftAccount(_)
            | Operation::SignUpOffice365(_)
            | Operation::CreateDirectory(_)
            | Operation::CreatePartnerCenterAccount(_) => None,
            Operation::AddVerifiedDomain(op) => Some(&op.actor),
            Operation::AddUser(op) => Some(&op.actor),
            Operation::AssignDirectoryRole(op) | Operation::RemoveDirectoryRole(op) => {
                Some(&op.actor)
            }
            Operation::SignUpAzure(op) => Some(&op.actor),
            Operation::BuyOffice365(op) => Some(&op.actor),
            Operation::UseExistingDirectory(op) => Some(&op.actor),
            Operation::ChangeSubscriptionDirectory(op) => Some(&op.actor),
            Operation::AddCoAdministrator(op) | Operation::RemoveCoAdministrator(op) => {
                Some(&op.actor)
            }
            Operation::AssignRole(op) | Operation::RemoveRole(op) => Some(&op.actor),
            Operation::ChangeServiceAdministrator(op) => Some(&op.actor),
            Operation::LinkOffice365Tenant(op) => Some(&op.actor),
            Operation::AssociatePartnerCenter(op) => Some(&op.actor),
            Operation::SignInManagementPortal(op) => Some(&op.actor),
        }
    }

    /// The accounts, subscription and directory the operation names, to
    /// resolve together.
    pub(crate) fn references(&self) -> References<'_> {
        let r = References::default();
        match self {
            Operation::CreateMicrosoftAccount(_)
            | Operation::SignUpOffice365(_)
            | Operation::CreateDirectory(_)
            | Operation::CreatePartnerCenterAccount(_) => r,
            Operation::AddVerifiedDomain(op) => r.account(&op.actor).directory(&op.directory),
            Operation::AddUser(op) => r.account(&op.actor).directory(&op.directory),
            Operation::AssignDirectoryRole(op) | Operation::RemoveDirectoryRole(op) => r
                .account(&op.actor)
                .account(&op.account)
                .directory(&op.directory),
            Operation::SignUpAzure(op) => r.account(&op.actor),
            Operation::BuyOffice365(op) => r.account(&op.actor),
            Operation::UseExistingDirectory(op) => r
                .account(&op.actor)
                .account(&op.global_admin)
                .directory(&op.directory),
            Operation::ChangeSubscriptionDirectory(op) => r
                .account(&op.actor)
                .subscription(&op.subscription)
                .directory(&op.directory),
            Operation::AddCoAdministrator(op) | Operation::RemoveCoAdministrator(op) => r
                .account(&op.actor)
                .account(&op.account)
                .subscription(&op.subscription),
            Operation::AssignRole(op) | Operation::RemoveRole(op) => r
                .account(&op.actor)
                .account(&op.principal)
                .subscription(&op.subscription),
            Operation::ChangeServiceAdministrator(op) => r
                .account(&op.actor)
                .account(&op.account)
                .subscription(&op.subscription),
            Operation::LinkOffice365Tenant(op) => r
                .account(&op.actor)
                .account(&op.global_admin)
                .subscription(&op.subscription)
                .directory(&op.directory),
            Operation::AssociatePartnerCenter(op) => {
                r.account(&op.actor).subscription(&op.subscription)
            }
            Operation::SignInManagementPortal(op) => r.account(&op.actor),
        }
    }

    /// Runs the operation's checks against `view` and returns the changes it
    /// would make.
    pub(crate) fn check(&self, state: &State) -> Result<Vec<Change>, ErrorKind> {
        self.check_prepared(&Prepared::new(state, &self.references()))
    }

    /// [`Operation::check`] with the references already resolved.
    pub(crate) fn check_prepared(&self, view: &Prepared) -> Result<Vec<Change>, ErrorKind> {
        match self {
            Operation::CreateMicrosoftAccount(op) => {
                organization::create_microsoft_account(view, op)
            }
            Operation::SignUpOffice365(op) => organization::sign_up_office365(view, op),
            Operation::CreateDirectory(op) => organization::create_directory(view, op),
            Operation::CreatePartnerCenterAccount(op) => organization::create_partner(view, op),
            Operation::AddVerifiedDomain(op) => directory_admin::add_verified_domain(view, op),
            Operation::AddUser(op) => directory_admin::add_user(view, op),
            Operation::AssignDirectoryRole(op) => directory_admin::change_role(view, op, true),
            Operation::RemoveDirectoryRole(op) => directory_admin::change_role(view, op, false),
            Operation::SignUpAzure(op) => azure_signup::check(view, op),
            Operation::BuyOffice365(op) => office365::check(view, op),
            Operation::UseExistingDirectory(op) => existing_directory::check(view, op),
            Operation::ChangeSubscriptionDirectory(op) => move_subscription::check(view, op),
            Operation::AddCoAdministrator(op) => co_administrators::check(view, op, true),
            Operation::RemoveCoAdministrator(op) => co_administrators::check(view, op, false),
            Operation::AssignRole(op) => role_assignments::check(view, op, true),
            Operation::RemoveRole(op) => role_assignments::check(view, op, false),
            Operation::ChangeServiceAdministrator(op) => service_administrator::check(view, op),
            Operation::LinkOffice365Tenant(op) => link_office365::check(view, op),
            Operation::AssociatePartnerCenter(op) => partner_center::check(view, op),
            Operation::SignInManagementPortal(op) => portal::check(view, op),
        }
    }
}

macro_rules! from_args {
    ($($ty:ident => $variant:ident),+ $(,)?) => {
        $(impl From<$ty> for Operation {
            fn from(op: $ty) -> Self {
                Operation::$variant(op)
            }
        })+
    };
}

from_args! {
    CreateMicrosoftAccount => CreateMicrosoftAccount,
    SignUpOffice365 => SignUpOffice365,
    CreateDirectory => CreateDirectory,
    AddVerifiedDomain => AddVerifiedDomain,
    AddUser => AddUser,
    SignUpAzure => SignUpAzure,
    BuyOffice365 => BuyOffice365,
    UseExistingDirectory => UseExistingDirectory,
    ChangeSubscriptionDirectory => ChangeSubscriptionDirectory,
    ChangeServiceAdministrator => ChangeServiceAdministrator,
    LinkOffice365Tenant => LinkOffice365Tenant,
    CreatePartnerCenterAccount => CreatePartnerCenterAccount,
    AssociatePartnerCenter => AssociatePartnerCenter,
    SignInManagementPortal => SignInManagementPortal,
}

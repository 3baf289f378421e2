//! Every operation of FORMAT.md, once: its parameters (`actor` first,
//! optional ones last, defaulting to null) and the core operation it builds.
//! The macro makes each into a method of `Tenancy` (apply), `Planner`
//! (`tenancy.plan().<op>`) and `Decider` (`tenancy.can().<op>`).

use crate::convert::{Decision, Outcome};
use crate::error::Result;
use crate::{Decider, Planner, Tenancy};
use tenantry::ops::*;
use tenantry::Operation;

macro_rules! operations {
    ($(
        $doc:literal
        fn $name:ident($($field:ident: $ty:ty),* $(,)?) $(optional($($opt:ident: $oty:ty),* $(,)?))?
            => $build:expr;
    )*) => {
        #[uniffi::export]
        impl Tenancy {
            $(
                #[doc = $doc]
                $(#[uniffi::method(default($($opt = None),*))])?
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self, $($field: $ty,)* $($($opt: Option<$oty>,)*)?) -> Result<Outcome> {
                    self.apply($build)
                }
            )*
        }

        #[uniffi::export]
        impl Planner {
            $(
                #[doc = $doc]
                $(#[uniffi::method(default($($opt = None),*))])?
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self, $($field: $ty,)* $($($opt: Option<$oty>,)*)?) -> Result<Outcome> {
                    self.plan($build)
                }
            )*
        }

        #[uniffi::export]
        impl Decider {
            $(
                #[doc = $doc]
                $(#[uniffi::method(default($($opt = None),*))])?
                #[allow(clippy::too_many_arguments)]
                pub fn $name(&self, $($field: $ty,)* $($($opt: Option<$oty>,)*)?) -> Decision {
                    self.can($build)
                }
            )*
        }
    };
}

operations! {
    "Creates a personal Microsoft account (written `msa:<email>`)."
    fn create_microsoft_account(email: String) => CreateMicrosoftAccount { email }.into();

    "R1: a new organisation signs up for Office 365."
    fn sign_up_office365(organization: String, domain_prefix: String, admin: String, plan: String)
        optional(admin_name: String, seats: i64, cloud: String)
        => SignUpOffice365 { organization, domain_prefix, admin, admin_name, plan, seats, cloud }.into();

    "R1: a new organisation's directory without Office 365."
    fn create_directory(organization: String, domain_prefix: String, admin: String)
        optional(admin_name: String, cloud: String)
        => CreateDirectory { organization, domain_prefix, admin, admin_name, cloud }.into();

    "R2: a Global Administrator verifies a custom domain."
    fn add_verified_domain(actor: String, directory: String, domain: String)
        => AddVerifiedDomain { actor, directory, domain }.into();

    "R2: a Global or User Administrator adds a work account."
    fn add_user(actor: String, directory: String, user: String) optional(name: String, role: String)
        => AddUser { actor, directory, user, name, role }.into();

    "R2: a Global Administrator assigns a directory role."
    fn assign_directory_role(actor: String, directory: String, account: String, role: String)
        => Operation::AssignDirectoryRole(DirectoryRoleChange { actor, directory, account, role });

    "R2: a Global Administrator removes a directory role."
    fn remove_directory_role(actor: String, directory: String, account: String, role: String)
        => Operation::RemoveDirectoryRole(DirectoryRoleChange { actor, directory, account, role });

    "R3: any account signs up for Azure; the outcome names the new subscription."
    fn sign_up_azure(actor: String, offer: String) optional(name: String, directory: String)
        => SignUpAzure { actor, offer, name, directory }.into();

    "R4: a Global or Billing Administrator buys Office 365."
    fn buy_office365(actor: String, plan: String) optional(seats: i64, directory: String)
        => BuyOffice365 { actor, plan, seats, directory }.into();

    "R5: a Microsoft account uses an existing directory."
    fn use_existing_directory(actor: String, directory: String, global_admin: String)
        => UseExistingDirectory { actor, directory, global_admin }.into();

    "R6: the service administrator changes the directory a subscription trusts."
    fn change_subscription_directory(actor: String, subscription: String, directory: String)
        => ChangeSubscriptionDirectory { actor, subscription, directory }.into();

    "R7: add a co-administrator."
    fn add_co_administrator(actor: String, subscription: String, account: String)
        => Operation::AddCoAdministrator(CoAdministratorChange { actor, subscription, account });

    "R7: remove a co-administrator."
    fn remove_co_administrator(actor: String, subscription: String, account: String)
        => Operation::RemoveCoAdministrator(CoAdministratorChange { actor, subscription, account });

    "R8: assign an RBAC role at subscription or resource-group scope."
    fn assign_role(actor: String, subscription: String, principal: String, role: String)
        optional(resource_group: String)
        => Operation::AssignRole(RoleAssignmentChange { actor, subscription, principal, role, resource_group });

    "R8: remove an RBAC role assignment."
    fn remove_role(actor: String, subscription: String, principal: String, role: String)
        optional(resource_group: String)
        => Operation::RemoveRole(RoleAssignmentChange { actor, subscription, principal, role, resource_group });

    "R9: the account administrator changes the service administrator."
    fn change_service_administrator(actor: String, subscription: String, account: String)
        => ChangeServiceAdministrator { actor, subscription, account }.into();

    "R10: link an Office 365 tenant to an Azure subscription."
    fn link_office365_tenant(actor: String, subscription: String, directory: String, global_admin: String)
        optional(admins: Vec<String>)
        => LinkOffice365Tenant { actor, subscription, directory, global_admin, admins: admins.unwrap_or_default() }.into();

    "R1: open a Partner Center account with its own directory."
    fn create_partner_center_account(name: String, domain_prefix: String, admin: String) optional(cloud: String)
        => CreatePartnerCenterAccount { name, domain_prefix, admin, cloud }.into();

    "R11: associate a Partner Center account with an Azure subscription."
    fn associate_partner_center(actor: String, subscription: String, partner: String)
        => AssociatePartnerCenter { actor, subscription, partner }.into();

    "R12: sign in to the classic management portal."
    fn sign_in_management_portal(actor: String) => SignInManagementPortal { actor }.into();
}

//! Every operation of FORMAT.md, once: its options object (a TypeScript
//! interface in `index.d.ts`) and the core operation it builds. The macro
//! makes each into a method of `Tenancy` (apply), `Planner` (`t.plan.<op>`)
//! and `Decider` (`t.can.<op>`), all named in camelCase by napi-rs.

use crate::convert::{Decision, Outcome};
use crate::{error, Decider, Planner, Tenancy};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use tenantry::ops::*;
use tenantry::Operation;

macro_rules! operations {
    ($(
        $doc:literal
        fn $name:ident($args:ident, $ts:literal { $($field:ident: $ty:ty),* $(,)? }
            $(optional { $($opt:ident: $oty:ty),* $(,)? })?) => $build:expr;
    )*) => {
        $(
            #[doc = $doc]
            #[napi(object)]
            pub struct $args {
                $(pub $field: $ty,)*
                // `Option` is written here, not passed in: napi-rs recognises
                // optional fields by the path `Option<…>`.
                $($(pub $opt: Option<$oty>,)*)?
            }
        )*

        #[napi]
        impl Tenancy {
            $(
                #[doc = $doc]
                #[napi(ts_args_type = $ts)]
                pub fn $name(&self, env: Env, options: Unknown) -> Result<Outcome> {
                    let $args { $($field,)* $($($opt,)*)? } = error::options(
                        &env,
                        stringify!($name),
                        options,
                        &[$(stringify!($field),)* $($(stringify!($opt),)*)?],
                    )?;
                    self.apply(&env, $build)
                }
            )*
        }

        #[napi]
        impl Planner {
            $(
                #[doc = $doc]
                #[napi(ts_args_type = $ts)]
                pub fn $name(&self, env: Env, options: Unknown) -> Result<Outcome> {
                    let $args { $($field,)* $($($opt,)*)? } = error::options(
                        &env,
                        stringify!($name),
                        options,
                        &[$(stringify!($field),)* $($(stringify!($opt),)*)?],
                    )?;
                    self.plan(&env, $build)
                }
            )*
        }

        #[napi]
        impl Decider {
            $(
                #[doc = $doc]
                #[napi(ts_args_type = $ts)]
                pub fn $name(&self, env: Env, options: Unknown) -> Result<Decision> {
                    let $args { $($field,)* $($($opt,)*)? } = error::options(
                        &env,
                        stringify!($name),
                        options,
                        &[$(stringify!($field),)* $($(stringify!($opt),)*)?],
                    )?;
                    self.can($build)
                }
            )*
        }
    };
}

operations! {
    "Creates a personal Microsoft account (written `msa:<email>`)."
    fn create_microsoft_account(CreateMicrosoftAccountOptions, "options: CreateMicrosoftAccountOptions" {
        email: String,
    }) => CreateMicrosoftAccount { email }.into();

    "R1: a new organisation signs up for Office 365."
    fn sign_up_office365(SignUpOffice365Options, "options: SignUpOffice365Options" {
        organization: String,
        domain_prefix: String,
        admin: String,
        plan: String,
    } optional {
        admin_name: String,
        seats: i64,
        cloud: String,
    }) => SignUpOffice365 { organization, domain_prefix, admin, admin_name, plan, seats, cloud }.into();

    "R1: a new organisation's directory without Office 365."
    fn create_directory(CreateDirectoryOptions, "options: CreateDirectoryOptions" {
        organization: String,
        domain_prefix: String,
        admin: String,
    } optional {
        admin_name: String,
        cloud: String,
    }) => CreateDirectory { organization, domain_prefix, admin, admin_name, cloud }.into();

    "R2: a Global Administrator verifies a custom domain."
    fn add_verified_domain(AddVerifiedDomainOptions, "options: AddVerifiedDomainOptions" {
        actor: String,
        directory: String,
        domain: String,
    }) => AddVerifiedDomain { actor, directory, domain }.into();

    "R2: a Global or User Administrator adds a work account."
    fn add_user(AddUserOptions, "options: AddUserOptions" {
        actor: String,
        directory: String,
        user: String,
    } optional {
        name: String,
        role: String,
    }) => AddUser { actor, directory, user, name, role }.into();

    "R2: a Global Administrator assigns a directory role."
    fn assign_directory_role(DirectoryRoleOptions, "options: DirectoryRoleOptions" {
        actor: String,
        directory: String,
        account: String,
        role: String,
    }) => Operation::AssignDirectoryRole(DirectoryRoleChange { actor, directory, account, role });

    "R2: a Global Administrator removes a directory role."
    fn remove_directory_role(RemoveDirectoryRoleOptions, "options: DirectoryRoleOptions" {
        actor: String,
        directory: String,
        account: String,
        role: String,
    }) => Operation::RemoveDirectoryRole(DirectoryRoleChange { actor, directory, account, role });

    "R3: any account signs up for Azure; the outcome names the new subscription."
    fn sign_up_azure(SignUpAzureOptions, "options: SignUpAzureOptions" {
        actor: String,
        offer: String,
    } optional {
        name: String,
        directory: String,
    }) => SignUpAzure { actor, offer, name, directory }.into();

    "R4: a Global or Billing Administrator buys Office 365."
    fn buy_office365(BuyOffice365Options, "options: BuyOffice365Options" {
        actor: String,
        plan: String,
    } optional {
        seats: i64,
        directory: String,
    }) => BuyOffice365 { actor, plan, seats, directory }.into();

    "R5: a Microsoft account uses an existing directory."
    fn use_existing_directory(UseExistingDirectoryOptions, "options: UseExistingDirectoryOptions" {
        actor: String,
        directory: String,
        global_admin: String,
    }) => UseExistingDirectory { actor, directory, global_admin }.into();

    "R6: the service administrator changes the directory a subscription trusts."
    fn change_subscription_directory(ChangeSubscriptionDirectoryOptions, "options: ChangeSubscriptionDirectoryOptions" {
        actor: String,
        subscription: String,
        directory: String,
    }) => ChangeSubscriptionDirectory { actor, subscription, directory }.into();

    "R7: add a co-administrator."
    fn add_co_administrator(CoAdministratorOptions, "options: CoAdministratorOptions" {
        actor: String,
        subscription: String,
        account: String,
    }) => Operation::AddCoAdministrator(CoAdministratorChange { actor, subscription, account });

    "R7: remove a co-administrator."
    fn remove_co_administrator(RemoveCoAdministratorOptions, "options: CoAdministratorOptions" {
        actor: String,
        subscription: String,
        account: String,
    }) => Operation::RemoveCoAdministrator(CoAdministratorChange { actor, subscription, account });

    "R8: assign an RBAC role at subscription or resource-group scope."
    fn assign_role(RoleOptions, "options: RoleOptions" {
        actor: String,
        subscription: String,
        principal: String,
        role: String,
    } optional {
        resource_group: String,
    }) => Operation::AssignRole(RoleAssignmentChange { actor, subscription, principal, role, resource_group });

    "R8: remove an RBAC role assignment."
    fn remove_role(RemoveRoleOptions, "options: RoleOptions" {
        actor: String,
        subscription: String,
        principal: String,
        role: String,
    } optional {
        resource_group: String,
    }) => Operation::RemoveRole(RoleAssignmentChange { actor, subscription, principal, role, resource_group });

    "R9: the account administrator changes the service administrator."
    fn change_service_administrator(ChangeServiceAdministratorOptions, "options: ChangeServiceAdministratorOptions" {
        actor: String,
        subscription: String,
        account: String,
    }) => ChangeServiceAdministrator { actor, subscription, account }.into();

    "R10: link an Office 365 tenant to an Azure subscription."
    fn link_office365_tenant(LinkOffice365TenantOptions, "options: LinkOffice365TenantOptions" {
        actor: String,
        subscription: String,
        directory: String,
        global_admin: String,
    } optional {
        admins: Vec<String>,
    }) => LinkOffice365Tenant { actor, subscription, directory, global_admin, admins: admins.unwrap_or_default() }.into();

    "R1: open a Partner Center account with its own directory."
    fn create_partner_center_account(CreatePartnerCenterAccountOptions, "options: CreatePartnerCenterAccountOptions" {
        name: String,
        domain_prefix: String,
        admin: String,
    } optional {
        cloud: String,
    }) => CreatePartnerCenterAccount { name, domain_prefix, admin, cloud }.into();

    "R11: associate a Partner Center account with an Azure subscription."
    fn associate_partner_center(AssociatePartnerCenterOptions, "options: AssociatePartnerCenterOptions" {
        actor: String,
        subscription: String,
        partner: String,
    }) => AssociatePartnerCenter { actor, subscription, partner }.into();

    "R12: sign in to the classic management portal."
    fn sign_in_management_portal(SignInManagementPortalOptions, "options: SignInManagementPortalOptions" {
        actor: String,
    }) => SignInManagementPortal { actor }.into();
}

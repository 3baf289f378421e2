//! Contoso, as Graph and ARM describe it: written from the API reference
//! pages' shapes with the wire types, and what an import of it must find.

use super::{List, Tenant};
use serde_json::json;
use tenantry_connect::wire::arm::{
    ClassicAdministrator, ClassicAdministratorProperties, ManagedByTenant, ManagementGroup,
    ManagementGroupChild, ManagementGroupProperties, Permission, RoleAssignment,
    RoleAssignmentProperties, RoleDefinition, RoleDefinitionProperties, Subscription,
    SubscriptionPolicies, TenantPolicy, TenantPolicyProperties,
};
use tenantry_connect::wire::graph::{
    CompanySubscription, DirectoryObject, DirectoryRole, Domain, Group, LicenseUnits,
    ObjectIdentity, Organization, ServicePrincipal, SubscribedSku, User, VerifiedDomain,
};
use uuid::Uuid;

pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const OTHER_TENANT: &str = "0f4b3c2a-1111-4a2b-9c3d-5e6f7a8b9c0d";
pub const PARTNER_TENANT: &str = "a1b2c3d4-2222-4e5f-8a9b-0c1d2e3f4a5b";
pub const PRODUCTION: &str = "11111111-aaaa-4bbb-8ccc-000000000001";
pub const DEV: &str = "11111111-aaaa-4bbb-8ccc-000000000002";
pub const ELSEWHERE: &str = "11111111-aaaa-4bbb-8ccc-000000000003";
pub const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
pub const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
pub const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
pub const USER_ACCESS_ADMINISTRATOR: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
/// Storage Blob Data Reader: a built-in role the model does not hold.
pub const BLOB_READER: &str = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
pub const VM_OPERATOR: &str = "5c0f7e1a-3333-4d4e-9f00-aabbccddeeff";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0000 | n)
}

pub fn admin() -> Uuid {
    id(1)
}
pub fn ops() -> Uuid {
    id(2)
}
pub fn dev() -> Uuid {
    id(3)
}
pub fn msa_guest() -> Uuid {
    id(4)
}
pub fn entra_guest() -> Uuid {
    id(5)
}
pub fn operators() -> Uuid {
    id(100)
}
pub fn night_shift() -> Uuid {
    id(101)
}
pub fn tier0() -> Uuid {
    id(102)
}
pub fn deployer() -> Uuid {
    id(200)
}
pub fn vm_identity() -> Uuid {
    id(201)
}
pub fn shop_identity() -> Uuid {
    id(202)
}
pub fn deleted_user() -> Uuid {
    id(999)
}

fn user(n: Uuid, upn: &str, name: &str) -> User {
    User {
        id: n,
        display_name: Some(name.into()),
        user_principal_name: upn.into(),
        user_type: Some("Member".into()),
        creation_type: None,
        mail: Some(upn.into()),
        other_mails: vec![],
        identities: vec![ObjectIdentity {
            sign_in_type: Some("userPrincipalName".into()),
            issuer: Some("contoso.onmicrosoft.com".into()),
            issuer_assigned_id: Some(upn.into()),
        }],
    }
}

fn member(kind: &str, id: Uuid) -> DirectoryObject {
    DirectoryObject {
        odata_type: Some(format!("#microsoft.graph.{kind}")),
        id,
    }
}

fn assignment(n: u128, role: &str, principal: Uuid, kind: &str, scope: &str) -> RoleAssignment {
    let name = Uuid::from_u128(0x5000_0000_0000_4000_8000_0000_0000_0000 | n).to_string();
    RoleAssignment {
        id: format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}")
            .replace("//", "/"),
        name,
        properties: RoleAssignmentProperties {
            role_definition_id: format!(
                "/subscriptions/{PRODUCTION}/providers/Microsoft.Authorization/roleDefinitions/{role}"
            ),
            principal_id: principal,
            principal_type: Some(kind.into()),
            scope: scope.into(),
            condition: None,
            condition_version: None,
        },
    }
}

/// The Lighthouse role the model does not hold.
pub const LIGHTHOUSE_DELETE_ROLE: &str = "91c1777a-f3dc-4fae-b103-61d183457e46";

/// The partner's operators group, delegated Contributor on Production.
pub fn lighthouse_operator() -> Uuid {
    id(950)
}

/// The fixture's object id `n` (for ids no list returns).
pub fn id_of(n: u128) -> Uuid {
    id(n)
}

/// The object id of extra member user `i` (`user{i}@contoso.com`).
pub fn extra_user(i: usize) -> Uuid {
    id(1000 + i as u128)
}

/// How many extra member users the tenant has (to page through).
pub const EXTRA_USERS: usize = 25;

/// The tenant.
pub fn contoso() -> Tenant {
    let tenant = Uuid::parse_str(TENANT).unwrap_or_default();
    let mut t = Tenant::default();
    t.graph.insert(
        "organization".into(),
        Tenant::list(&[Organization {
            id: tenant,
            display_name: Some("Contoso".into()),
            verified_domains: vec![
                VerifiedDomain {
                    name: "contoso.onmicrosoft.com".into(),
                    is_initial: true,
                    is_default: false,
                },
                VerifiedDomain {
                    name: "contoso.com".into(),
                    is_initial: false,
                    is_default: true,
                },
            ],
        }]),
    );
    t.graph.insert(
        "domains".into(),
        Tenant::list(&[
            Domain {
                id: "contoso.onmicrosoft.com".into(),
                is_verified: true,
                is_initial: true,
                is_default: false,
            },
            Domain {
                id: "contoso.com".into(),
                is_verified: true,
                is_initial: false,
                is_default: true,
            },
            Domain {
                id: "pending.contoso.net".into(),
                is_verified: false,
                is_initial: false,
                is_default: false,
            },
        ]),
    );
    let mut users = vec![
        user(admin(), "admin@contoso.com", "Contoso Admin"),
        user(ops(), "ops@contoso.com", "Operations"),
        user(dev(), "dev@contoso.onmicrosoft.com", "Developer"),
        User {
            id: msa_guest(),
            display_name: Some("Jo".into()),
            user_principal_name: "jo_outlook.com#EXT#@contoso.onmicrosoft.com".into(),
            user_type: Some("Guest".into()),
            creation_type: Some("Invitation".into()),
            mail: Some("jo@outlook.com".into()),
            other_mails: vec![],
            identities: vec![ObjectIdentity {
                sign_in_type: Some("federated".into()),
                issuer: Some("MicrosoftAccount".into()),
                issuer_assigned_id: None,
            }],
        },
        User {
            id: entra_guest(),
            display_name: Some("Bob".into()),
            user_principal_name: "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com".into(),
            user_type: Some("Guest".into()),
            creation_type: Some("Invitation".into()),
            mail: Some("bob@fabrikam.com".into()),
            other_mails: vec![],
            identities: vec![ObjectIdentity {
                sign_in_type: Some("federated".into()),
                issuer: Some("ExternalAzureAD".into()),
                issuer_assigned_id: None,
            }],
        },
    ];
    // An external member (Entra ID's #EXT# name, allowed characters), and
    // a name the model cannot hold.
    users.push(User {
        user_type: Some("Member".into()),
        ..user(
            id(6),
            "carol_partner.com#EXT#@contoso.onmicrosoft.com",
            "Carol\tPartner",
        )
    });
    users.push(user(id(7), "bad&name@contoso.com", "Bad name"));
    for i in 0..EXTRA_USERS {
        users.push(user(
            extra_user(i),
            &format!("user{i}@contoso.com"),
            &format!("User {i}"),
        ));
    }
    t.graph.insert("users".into(), Tenant::list(&users));
    let group = |id: Uuid, name: &str, assignable: bool| Group {
        id,
        display_name: Some(name.into()),
        is_assignable_to_role: Some(assignable),
        security_enabled: Some(true),
    };
    t.graph.insert(
        "groups".into(),
        Tenant::list(&[
            group(operators(), "Operators", false),
            group(night_shift(), "Night shift", false),
            group(tier0(), "Tier 0", true),
        ]),
    );
    t.graph.insert(
        format!("groups/{}/members", operators()),
        Tenant::list(&[
            member("user", ops()),
            member("group", night_shift()),
            member("device", id(300)),
            member("servicePrincipal", deployer()),
            member("user", entra_guest()),
        ]),
    );
    t.graph.insert(
        format!("groups/{}/members", night_shift()),
        Tenant::list(&[member("user", dev()), member("user", msa_guest())]),
    );
    t.graph.insert(
        format!("groups/{}/members", tier0()),
        Tenant::list(&[member("user", admin())]),
    );
    let sub = |s: &str| format!("/subscriptions/{s}");
    t.graph.insert(
        "servicePrincipals".into(),
        Tenant::list(&[
            ServicePrincipal {
                id: deployer(),
                app_id: id(400),
                display_name: Some("Deployer".into()),
                service_principal_type: Some("Application".into()),
                alternative_names: vec![],
            },
            ServicePrincipal {
                id: vm_identity(),
                app_id: id(401),
                display_name: Some("vm-web".into()),
                service_principal_type: Some("ManagedIdentity".into()),
                alternative_names: vec![
                    "isExplicit=False".into(),
                    format!(
                        "{}/resourceGroups/web/providers/Microsoft.Compute/virtualMachines/vm-web",
                        sub(PRODUCTION)
                    ),
                ],
            },
            ServicePrincipal {
                id: shop_identity(),
                app_id: id(402),
                display_name: Some("shop-identity".into()),
                service_principal_type: Some("ManagedIdentity".into()),
                alternative_names: vec![
                    "isExplicit=True".into(),
                    format!(
                        "{}/resourcegroups/web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/shop-identity",
                        sub(PRODUCTION)
                    ),
                ],
            },
        ]),
    );
    let role = |n: u128, template: &str, name: &str| DirectoryRole {
        id: id(n),
        role_template_id: template.into(),
        display_name: Some(name.into()),
    };
    t.graph.insert(
        "directoryRoles".into(),
        Tenant::list(&[
            role(
                500,
                "62e90394-69f5-4237-9190-012177145e10",
                "Global Administrator",
            ),
            role(
                501,
                "fe930be7-5e62-47db-91af-98c3a49a38b1",
                "User Administrator",
            ),
            role(
                502,
                "5d6b6bb7-de71-4623-b4af-96380a352509",
                "Security Reader",
            ),
        ]),
    );
    t.graph.insert(
        format!("directoryRoles/{}/members", id(500)),
        Tenant::list(&[member("user", admin())]),
    );
    t.graph.insert(
        format!("directoryRoles/{}/members", id(501)),
        Tenant::list(&[member("group", tier0())]),
    );
    t.graph.insert(
        format!("directoryRoles/{}/members", id(502)),
        Tenant::list(&[
            member("user", ops()),
            member("servicePrincipal", deployer()),
        ]),
    );
    t.graph.insert(
        "subscribedSkus".into(),
        Tenant::list(&[SubscribedSku {
            id: Some(format!("{TENANT}_6fd2c87f-b296-42f0-b197-1e91e994b900")),
            sku_id: Uuid::parse_str("6fd2c87f-b296-42f0-b197-1e91e994b900").unwrap_or_default(),
            sku_part_number: "ENTERPRISEPACK".into(),
            capability_status: Some("Enabled".into()),
            applies_to: Some("User".into()),
            prepaid_units: Some(LicenseUnits {
                enabled: 25,
                suspended: 0,
                warning: 0,
            }),
            consumed_units: Some(3),
        }]),
    );
    t.graph.insert(
        "directory/subscriptions".into(),
        Tenant::list(&[CompanySubscription {
            id: id(600),
            commerce_subscription_id: Some("f1e2d3c4-0000-4000-8000-000000000600".into()),
            sku_id: Uuid::parse_str("6fd2c87f-b296-42f0-b197-1e91e994b900").unwrap_or_default(),
            sku_part_number: "ENTERPRISEPACK".into(),
            status: Some("Enabled".into()),
            total_licenses: Some(25),
            is_trial: Some(false),
        }]),
    );

    // ARM.
    let azure = |s: &str, name: &str, tenant: &str, quota: &str, managed: Vec<ManagedByTenant>| {
        Subscription {
            id: Some(sub(s)),
            subscription_id: Uuid::parse_str(s).unwrap_or_default(),
            tenant_id: Uuid::parse_str(tenant).unwrap_or_default(),
            display_name: Some(name.into()),
            state: Some("Enabled".into()),
            subscription_policies: Some(SubscriptionPolicies {
                quota_id: Some(quota.into()),
                spending_limit: Some("Off".into()),
            }),
            managed_by_tenants: managed,
        }
    };
    t.arm.insert(
        "subscriptions".into(),
        Tenant::list(&[
            azure(
                PRODUCTION,
                "Production",
                TENANT,
                "PayAsYouGo_2014-09-01",
                vec![ManagedByTenant {
                    tenant_id: Uuid::parse_str(PARTNER_TENANT).unwrap_or_default(),
                }],
            ),
            azure(DEV, "Dev", TENANT, "Internal_2014-09-01", vec![]),
            azure(
                ELSEWHERE,
                "Elsewhere",
                OTHER_TENANT,
                "PayAsYouGo_2014-09-01",
                vec![],
            ),
        ]),
    );
    let child_sub = |s: &str| ManagementGroupChild {
        kind: Some("/subscriptions".into()),
        id: Some(sub(s)),
        name: s.into(),
        display_name: None,
        children: None,
    };
    let mg = |name: &str, children: Vec<ManagementGroupChild>| ManagementGroupChild {
        kind: Some("Microsoft.Management/managementGroups".into()),
        id: Some(format!(
            "/providers/Microsoft.Management/managementGroups/{name}"
        )),
        name: name.into(),
        display_name: Some(name.to_uppercase()),
        children: Some(children),
    };
    t.objects.insert(
        format!("providers/Microsoft.Management/managementGroups/{TENANT}"),
        serde_json::to_value(ManagementGroup {
            id: Some(format!(
                "/providers/Microsoft.Management/managementGroups/{TENANT}"
            )),
            name: TENANT.into(),
            properties: ManagementGroupProperties {
                tenant_id: Some(tenant),
                display_name: Some("Tenant Root Group".into()),
                children: Some(vec![
                    mg(
                        "platform",
                        vec![child_sub(PRODUCTION), mg("platform-web", vec![])],
                    ),
                    mg("sandbox", vec![child_sub(DEV)]),
                ]),
            },
        })
        .unwrap_or_default(),
    );
    t.objects.insert(
        "providers/Microsoft.Subscription/policies/default".into(),
        serde_json::to_value(TenantPolicy {
            id: Some("/providers/Microsoft.Subscription/policies/default".into()),
            properties: TenantPolicyProperties {
                block_subscriptions_leaving_tenant: true,
                block_subscriptions_into_tenant: false,
                exempted_principals: vec![admin(), deleted_user()],
            },
        })
        .unwrap_or_default(),
    );
    let vm_operator = RoleDefinition {
        id: format!(
            "{}/providers/Microsoft.Authorization/roleDefinitions/{VM_OPERATOR}",
            sub(PRODUCTION)
        ),
        name: VM_OPERATOR.into(),
        properties: RoleDefinitionProperties {
            role_name: Some("VM Operator".into()),
            kind: Some("CustomRole".into()),
            description: Some("Starts and restarts virtual machines.".into()),
            permissions: vec![Permission {
                actions: vec![
                    "Microsoft.Compute/virtualMachines/read".into(),
                    "Microsoft.Compute/virtualMachines/start/action".into(),
                ],
                not_actions: vec![],
                data_actions: vec![],
                not_data_actions: vec![],
            }],
            assignable_scopes: vec![sub(PRODUCTION), sub(ELSEWHERE)],
        },
    };
    let defs = Tenant::list(&[vm_operator]);
    let authz =
        |s: &str, what: &str| format!("subscriptions/{s}/providers/Microsoft.Authorization/{what}");
    t.arm
        .insert(authz(PRODUCTION, "roleDefinitions"), defs.clone());
    t.arm.insert(authz(DEV, "roleDefinitions"), defs);
    let platform = "/providers/Microsoft.Management/managementGroups/platform";
    // Inherited assignments appear in every subscription below them.
    let inherited = vec![
        assignment(1, USER_ACCESS_ADMINISTRATOR, admin(), "User", "/"),
        assignment(2, READER, ops(), "User", platform),
    ];
    let mut production = inherited.clone();
    production.extend([
        assignment(10, OWNER, admin(), "User", &sub(PRODUCTION)),
        assignment(
            11,
            CONTRIBUTOR,
            operators(),
            "Group",
            &format!("{}/resourceGroups/web", sub(PRODUCTION)),
        ),
        assignment(
            12,
            VM_OPERATOR,
            deployer(),
            "ServicePrincipal",
            &sub(PRODUCTION),
        ),
        assignment(13, READER, deleted_user(), "User", &sub(PRODUCTION)),
        assignment(14, BLOB_READER, ops(), "User", &sub(PRODUCTION)),
        assignment(
            15,
            CONTRIBUTOR,
            shop_identity(),
            "ServicePrincipal",
            &sub(PRODUCTION),
        ),
    ]);
    let mut dev_list = vec![inherited[0].clone()];
    dev_list.extend([
        assignment(20, OWNER, dev(), "User", &sub(DEV)),
        assignment(21, READER, msa_guest(), "User", &sub(DEV)),
    ]);
    t.arm.insert(
        authz(PRODUCTION, "roleAssignments"),
        Tenant::list(&production),
    );
    t.arm
        .insert(authz(DEV, "roleAssignments"), Tenant::list(&dev_list));
    t.retired.push(format!(
        "subscriptions/{PRODUCTION}/providers/Microsoft.Authorization/classicAdministrators"
    ));
    t.arm.insert(
        authz(DEV, "classicAdministrators"),
        Tenant::list(&[ClassicAdministrator {
            id: Some(format!(
                "{}/providers/Microsoft.Authorization/classicAdministrators/x",
                sub(DEV)
            )),
            properties: ClassicAdministratorProperties {
                email_address: Some("dev@contoso.onmicrosoft.com".into()),
                role: Some("ServiceAdministrator;AccountAdministrator".into()),
            },
        }]),
    );
    // The resource inventory: the generic list, then the providers' own.
    let web = |path: &str| format!("{}/resourceGroups/web/providers/{path}", sub(PRODUCTION));
    let vault = web("Microsoft.KeyVault/vaults/shop-secrets");
    let sql = web("Microsoft.Sql/servers/shop-db");
    let lake = web("Microsoft.Storage/storageAccounts/shoplake");
    let aks = web("Microsoft.ContainerService/managedClusters/shop-aks");
    let shop_id = web("Microsoft.ManagedIdentity/userAssignedIdentities/shop-identity");
    t.arm.insert(
        format!("subscriptions/{PRODUCTION}/resources"),
        List::Items(vec![
            json!({ "id": web("Microsoft.Compute/virtualMachines/vm-web"), "name": "vm-web",
                    "type": "Microsoft.Compute/virtualMachines", "location": "westeurope",
                    "identity": { "type": "SystemAssigned", "principalId": vm_identity(), "tenantId": TENANT } }),
            json!({ "id": web("Microsoft.Web/sites/shop"), "name": "shop", "type": "Microsoft.Web/sites",
                    "identity": { "type": "UserAssigned", "userAssignedIdentities": {
                        shop_id.clone(): { "principalId": shop_identity(), "clientId": id(402) } } } }),
            json!({ "id": shop_id, "name": "shop-identity", "type": "Microsoft.ManagedIdentity/userAssignedIdentities" }),
            json!({ "id": vault, "name": "shop-secrets", "type": "Microsoft.KeyVault/vaults" }),
            json!({ "id": sql, "name": "shop-db", "type": "Microsoft.Sql/servers", "identity": { "type": "None" } }),
            json!({ "id": lake, "name": "shoplake", "type": "Microsoft.Storage/storageAccounts", "kind": "StorageV2" }),
            // Its identity's service principal is not in the directory's list.
            json!({ "id": aks, "name": "shop-aks", "type": "Microsoft.ContainerService/managedClusters",
                    "identity": { "type": "SystemAssigned", "principalId": id(777) } }),
            // No identity, and a move does not touch it.
            json!({ "id": web("Microsoft.Network/virtualNetworks/web-net"), "name": "web-net",
                    "type": "Microsoft.Network/virtualNetworks" }),
        ]),
    );
    let provider = |kind: &str| format!("subscriptions/{PRODUCTION}/providers/{kind}");
    t.arm.insert(
        provider("Microsoft.KeyVault/vaults"),
        List::Items(vec![json!({ "id": vault, "name": "shop-secrets", "properties": {
            "tenantId": TENANT, "enableRbacAuthorization": false, "accessPolicies": [
                { "tenantId": TENANT, "objectId": ops(), "permissions": { "secrets": ["get"] } },
                { "tenantId": OTHER_TENANT, "objectId": id(888), "permissions": { "keys": ["get"] } },
            ] } })]),
    );
    t.arm.insert(
        provider("Microsoft.Sql/servers"),
        List::Items(vec![json!({ "id": sql, "properties": { "administrators": {
            "administratorType": "ActiveDirectory", "principalType": "User", "login": "admin",
            "sid": admin(), "tenantId": TENANT, "azureADOnlyAuthentication": true } } })]),
    );
    t.arm.insert(
        provider("Microsoft.Storage/storageAccounts"),
        List::Items(vec![
            json!({ "id": lake, "properties": { "isHnsEnabled": true } }),
        ]),
    );
    t.arm.insert(
        provider("Microsoft.ContainerService/managedClusters"),
        List::Items(vec![json!({ "id": aks, "properties": { "aadProfile": {
            "managed": true, "enableAzureRBAC": true, "tenantID": TENANT } } })]),
    );
    t.arm.insert(
        format!("subscriptions/{DEV}/resources"),
        List::Items(vec![]),
    );
    // Lighthouse: the partner's registration on Production.
    t.arm.insert(
        format!("subscriptions/{PRODUCTION}/providers/Microsoft.ManagedServices/registrationAssignments"),
        List::Items(vec![json!({
            "id": format!("{}/providers/Microsoft.ManagedServices/registrationAssignments/{}", sub(PRODUCTION), id(960)),
            "type": "Microsoft.ManagedServices/registrationAssignments",
            "name": id(960),
            "properties": {
                "registrationDefinitionId": format!("{}/providers/Microsoft.ManagedServices/registrationDefinitions/{}", sub(PRODUCTION), id(961)),
                "provisioningState": "Succeeded",
                "registrationDefinition": { "properties": {
                    "registrationDefinitionName": "Fabrikam managed services",
                    "managedByTenantId": PARTNER_TENANT,
                    "managedByTenantName": "Fabrikam",
                    "authorizations": [
                        { "principalId": lighthouse_operator(), "principalIdDisplayName": "Fabrikam Ops", "roleDefinitionId": CONTRIBUTOR },
                        { "principalId": id(951), "principalIdDisplayName": "Fabrikam Audit", "roleDefinitionId": READER },
                        // Managed Services Registration assignment Delete
                        // Role: a built-in the model does not hold.
                        { "principalId": id(952), "roleDefinitionId": LIGHTHOUSE_DELETE_ROLE },
                    ],
                } },
            },
        })]),
    );
    t
}

/// What the import of [`contoso`] must count.
pub fn expected_counts() -> Vec<(&'static str, u64)> {
    vec![
        ("users", 4 + EXTRA_USERS as u64),
        ("guests", 1),
        ("groups", 3),
        // Operators: ops, Night shift, Deployer; Night shift: dev, Jo;
        // Tier 0: admin.
        ("memberships", 6),
        ("service_principals", 1),
        ("managed_identities", 2),
        // admin GA, Tier 0 User Administrator, ops Security Reader.
        ("directory_role_holders", 3),
        ("office365_subscriptions", 1),
        ("azure_subscriptions", 2),
        ("management_groups", 3),
        ("custom_roles", 1),
        // UAA at /, Reader at platform, Owner, Contributor (group), VM
        // Operator (sp), Contributor (identity), Owner (dev), Reader (Jo).
        ("role_assignments", 8),
        // The VM, the web app, its identity, the vault, the SQL server,
        // the Data Lake account and the AKS cluster (not the network).
        ("resources", 7),
    ]
}

/// Fabrikam, a second tenant an application signs in to: Bob, who is a
/// guest in Contoso, is at home here; Contoso's ops@contoso.com is a guest
/// here and owns Fabrikam's subscription.
pub const FABRIKAM: &str = "5e7a1c90-3333-4c4d-8e9f-fab000000001";
/// Fabrikam's subscription.
pub const FABRIKAM_PROD: &str = "22222222-bbbb-4ccc-8ddd-000000000001";

/// Bob's object id at home in Fabrikam.
pub fn bob_at_home() -> Uuid {
    id(3000)
}

/// Contoso's ops@contoso.com as a guest object in Fabrikam.
pub fn ops_in_fabrikam() -> Uuid {
    id(3001)
}

/// The tenant [`FABRIKAM`].
pub fn fabrikam() -> Tenant {
    let mut t = Tenant::default();
    let one = |v: serde_json::Value| List::Items(vec![v]);
    let none = || List::Items(vec![]);
    t.graph.insert(
        "organization".into(),
        one(
            json!({ "id": FABRIKAM, "displayName": "Fabrikam", "verifiedDomains": [
            { "name": "fabrikam.onmicrosoft.com", "isInitial": true },
            { "name": "fabrikam.com", "isInitial": false, "isDefault": true },
        ] }),
        ),
    );
    t.graph.insert(
        "domains".into(),
        List::Items(vec![
            json!({ "id": "fabrikam.onmicrosoft.com", "isVerified": true, "isInitial": true }),
            json!({ "id": "fabrikam.com", "isVerified": true, "isDefault": true }),
        ]),
    );
    t.graph.insert(
        "users".into(),
        List::Items(vec![
            json!({ "id": bob_at_home(), "displayName": "Bob", "userPrincipalName": "bob@fabrikam.com",
                    "userType": "Member", "mail": "bob@fabrikam.com" }),
            json!({ "id": ops_in_fabrikam(), "displayName": "Ops (Contoso)",
                    "userPrincipalName": "ops_contoso.com#EXT#@fabrikam.onmicrosoft.com",
                    "userType": "Guest", "creationType": "Invitation", "mail": "ops@contoso.com",
                    "identities": [{ "signInType": "federated", "issuer": "ExternalAzureAD" }] }),
        ]),
    );
    for empty in [
        "groups",
        "servicePrincipals",
        "directoryRoles",
        "subscribedSkus",
        "directory/subscriptions",
    ] {
        t.graph.insert(empty.into(), none());
    }
    let sub = format!("/subscriptions/{FABRIKAM_PROD}");
    t.arm.insert(
        "subscriptions".into(),
        one(
            json!({ "id": sub, "subscriptionId": FABRIKAM_PROD, "tenantId": FABRIKAM,
                    "displayName": "Fabrikam Prod", "state": "Enabled",
                    "subscriptionPolicies": { "quotaId": "PayAsYouGo_2014-09-01" } }),
        ),
    );
    t.objects.insert(
        format!("providers/Microsoft.Management/managementGroups/{FABRIKAM}"),
        json!({ "name": FABRIKAM, "properties": { "tenantId": FABRIKAM, "displayName": "Tenant Root Group",
                "children": [{ "type": "/subscriptions", "name": FABRIKAM_PROD }] } }),
    );
    t.objects.insert(
        "providers/Microsoft.Subscription/policies/default".into(),
        json!({ "properties": { "blockSubscriptionsLeavingTenant": false,
                "blockSubscriptionsIntoTenant": false, "exemptedPrincipals": [] } }),
    );
    let authz = |what: &str| {
        format!("subscriptions/{FABRIKAM_PROD}/providers/Microsoft.Authorization/{what}")
    };
    t.arm.insert(authz("roleDefinitions"), none());
    t.arm.insert(authz("classicAdministrators"), none());
    t.arm.insert(
        authz("roleAssignments"),
        one(json!({
            "id": format!("{sub}/providers/Microsoft.Authorization/roleAssignments/{}", id(3100)),
            "name": id(3100),
            "properties": {
                "roleDefinitionId": format!("{sub}/providers/Microsoft.Authorization/roleDefinitions/{OWNER}"),
                "principalId": ops_in_fabrikam(), "principalType": "User", "scope": sub,
            },
        })),
    );
    t.arm
        .insert(format!("subscriptions/{FABRIKAM_PROD}/resources"), none());
    t
}

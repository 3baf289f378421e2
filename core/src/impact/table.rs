//! Microsoft's "impact of transferring a subscription" table, as data: one
//! row per service or resource a directory move affects, in Microsoft's
//! words, and which resource types each row applies to. Every language
//! reads it through [`crate::Tenancy::move_impact`], so an edit here (a new
//! row when Microsoft adds one) reaches all of them.
//!
//! Rows marked `source: Source::Transfer` are the table's, in its order;
//! the others come from the same page's "Review other security methods"
//! and Step 2 (credentials that survive, billing ownership), from
//! how-subscriptions-associated-directory.md (classic administrators) and
//! from seed 003 (co-administrators removed by the move).

/// Where a row comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// transfer-subscription.md's table.
    Transfer,
    /// transfer-subscription.md's other sections.
    TransferText,
    /// how-subscriptions-associated-directory.md and seed 003.
    Associate,
}

/// The pages the rows come from.
pub const SOURCES: [&str; 2] = [
    "https://learn.microsoft.com/azure/role-based-access-control/transfer-subscription (ms.date 09/28/2023): \"Understand the impact of transferring a subscription\", \"Review other security methods\", \"Step 2: Transfer the subscription\"",
    "https://learn.microsoft.com/entra/fundamentals/how-subscriptions-associated-directory (ms.date 04/02/2025): \"Before you begin\"",
];

/// One row: what a move does to a kind of object, and what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    /// A stable key, e.g. `key_vaults`.
    pub(crate) key: &'static str,
    /// The service or resource, as Microsoft names it.
    pub(crate) service: &'static str,
    /// What the move does to it.
    pub(crate) impact: &'static str,
    /// Whether Microsoft calls it recoverable.
    pub(crate) recoverable: bool,
    /// What to do, in Microsoft's words where it gives them.
    pub(crate) remedy: &'static str,
    pub(crate) source: Source,
}

/// Which resources a row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// Every resource of the type.
    Always,
    /// Those that authenticate with Entra ID.
    EntraAuthentication,
    /// Those that keep ACLs.
    Acls,
}

const fn row(
    key: &'static str,
    service: &'static str,
    impact: &'static str,
    recoverable: bool,
    remedy: &'static str,
    source: Source,
) -> Row {
    Row {
        key,
        service,
        impact,
        recoverable,
        remedy,
        source,
    }
}

use Source::{Associate, Transfer, TransferText};

/// Role assignments (from the model).
pub(crate) const ROLE_ASSIGNMENTS: Row = row(
    "role_assignments",
    "Role assignments",
    "All role assignments are permanently deleted.",
    true,
    "You must map users, groups, and service principals to corresponding objects in the target directory. You must re-create the role assignments (restore_plan lists them).",
    Transfer,
);
/// Custom roles (from the model).
pub(crate) const CUSTOM_ROLES: Row = row(
    "custom_roles",
    "Custom roles",
    "All custom roles are permanently deleted.",
    true,
    "You must re-create the custom roles and any role assignments (restore_plan lists them).",
    Transfer,
);
/// System-assigned managed identities (from the model).
pub(crate) const SYSTEM_IDENTITIES: Row = row(
    "system_assigned_identities",
    "System-assigned managed identities",
    "Managed identities do not get updated when a subscription is transferred: the identity is broken.",
    true,
    "You must disable and re-enable the managed identities. You must re-create the role assignments.",
    Transfer,
);
/// User-assigned managed identities (from the model).
pub(crate) const USER_IDENTITIES: Row = row(
    "user_assigned_identities",
    "User-assigned managed identities",
    "Managed identities do not get updated when a subscription is transferred: the identity is broken.",
    true,
    "You must delete, re-create, and attach the managed identities to the appropriate resource. You must re-create the role assignments.",
    Transfer,
);
/// Classic co-administrators (classic profile, from the model).
pub(crate) const CO_ADMINISTRATORS: Row = row(
    "co_administrators",
    "Classic co-administrators",
    "Co-administrators lose access: the move removes them (the portal's warning names only them).",
    true,
    "Add them again as co-administrators once they are users of the target directory.",
    Associate,
);
/// Billing ownership (every Azure subscription).
pub(crate) const BILLING: Row = row(
    "billing_ownership",
    "Billing ownership",
    "Unchanged: changing the subscription directory is a service-level operation, so it doesn't affect subscription billing ownership.",
    true,
    "Nothing to do; to delete the original directory, transfer the billing ownership to a new Account Admin.",
    Associate,
);
/// The rows that apply to resources of the inventory, with the types (ARM
/// types, compared case-insensitively) and the condition each applies on,
/// in the table's order.
pub(crate) const BY_TYPE: &[(Row, &[&str], When)] = &[
    (
        row(
            "key_vaults",
            "Azure Key Vault",
            "The key vault stays tied to the source directory's tenant id, and its access policies name objects of the source directory.",
            true,
            "You must update the tenant ID associated with the key vaults. You must remove and add new access policies.",
            Transfer,
        ),
        &["Microsoft.KeyVault/vaults"],
        When::Always,
    ),
    (
        row(
            "sql_entra_authentication",
            "Azure SQL databases with Microsoft Entra authentication integration enabled",
            "You cannot transfer an Azure SQL database with Microsoft Entra authentication enabled to a different directory.",
            false,
            "Turn Microsoft Entra authentication off before the move, or keep the server out of the subscription that moves (Use Microsoft Entra authentication).",
            Transfer,
        ),
        &["Microsoft.Sql/servers", "Microsoft.Sql/managedInstances"],
        When::EntraAuthentication,
    ),
    (
        row(
            "mysql_entra_authentication",
            "Azure database for MySQL with Microsoft Entra authentication integration enabled",
            "You cannot transfer an Azure database for MySQL (Single and Flexible server) with Microsoft Entra authentication enabled to a different directory.",
            false,
            "Turn Microsoft Entra authentication off before the move, or keep the server out of the subscription that moves.",
            Transfer,
        ),
        &["Microsoft.DBforMySQL/servers", "Microsoft.DBforMySQL/flexibleServers"],
        When::EntraAuthentication,
    ),
    (
        row(
            "storage_acls",
            "Azure Storage and Azure Data Lake Storage Gen2 (and Azure Files)",
            "ACLs name objects of the source directory.",
            true,
            "You must re-create any ACLs.",
            Transfer,
        ),
        &["Microsoft.Storage/storageAccounts"],
        When::Acls,
    ),
    (
        row(
            "data_lake_gen1_acls",
            "Azure Data Lake Storage Gen1",
            "ACLs name objects of the source directory.",
            true,
            "You must re-create any ACLs.",
            Transfer,
        ),
        &["Microsoft.DataLakeStore/accounts"],
        When::Acls,
    ),
    (
        row(
            "file_sync",
            "Azure File Sync",
            "The storage sync service is tied to the source directory.",
            true,
            "The storage sync service and/or storage account can be moved to a different directory (Azure Files FAQ, Azure File Sync).",
            Transfer,
        ),
        &["Microsoft.StorageSync/storageSyncServices"],
        When::Always,
    ),
    (
        row(
            "disk_encryption_sets",
            "Azure Managed Disks",
            "A disk encryption set's system-assigned identity, which reads its customer-managed key, is broken.",
            true,
            "You must disable and re-enable the system-assigned identities associated with Disk Encryption Sets, and re-create the role assignments, i.e. again grant required permissions to Disk Encryption Sets in the Key Vaults.",
            Transfer,
        ),
        &["Microsoft.Compute/diskEncryptionSets"],
        When::Always,
    ),
    (
        row(
            "aks",
            "Azure Kubernetes Service",
            "You cannot transfer your AKS cluster and its associated resources to a different directory: the cluster loses functionality with its role assignments and its service principal's rights.",
            false,
            "Move the cluster's workloads to a cluster in a subscription that stays, or re-create the cluster after the move (Frequently asked questions about AKS).",
            Transfer,
        ),
        &["Microsoft.ContainerService/managedClusters"],
        When::Always,
    ),
    (
        row(
            "azure_policy",
            "Azure Policy",
            "All Azure Policy objects, including custom definitions, assignments, exemptions, and compliance data, are lost.",
            false,
            "You must export, import, and re-assign definitions. Then, create new policy assignments and any needed policy exemptions.",
            Transfer,
        ),
        &[
            "Microsoft.Authorization/policyAssignments",
            "Microsoft.Authorization/policyDefinitions",
            "Microsoft.Authorization/policySetDefinitions",
            "Microsoft.Authorization/policyExemptions",
        ],
        When::Always,
    ),
    (
        row(
            "domain_services",
            "Microsoft Entra Domain Services",
            "You cannot transfer a Microsoft Entra Domain Services managed domain to a different directory.",
            false,
            "Keep the managed domain's subscription in its directory, or re-create the managed domain in the target directory.",
            Transfer,
        ),
        &["Microsoft.AAD/domainServices"],
        When::Always,
    ),
    (
        row(
            "dev_box",
            "Microsoft Dev Box",
            "You cannot transfer a dev box and its associated resources to a different directory: once the subscription moves, you will not be able to perform any actions on your dev box.",
            false,
            "Re-create the dev center and its dev boxes after the move.",
            Transfer,
        ),
        &["Microsoft.DevCenter/devcenters"],
        When::Always,
    ),
    (
        row(
            "deployment_environments",
            "Azure Deployment Environments",
            "You cannot transfer an environment and its associated resources to a different directory: once the subscription moves, you will not be able to perform any actions on your environment.",
            false,
            "Re-create the project's environments after the move.",
            Transfer,
        ),
        &["Microsoft.DevCenter/projects"],
        When::Always,
    ),
    (
        row(
            "service_bus",
            "Azure Service Bus",
            "The namespace's managed identities are broken.",
            true,
            "You must delete, re-create, and attach the managed identities to the appropriate resource. You must re-create the role assignments.",
            Transfer,
        ),
        &["Microsoft.ServiceBus/namespaces"],
        When::Always,
    ),
    (
        row(
            "synapse",
            "Azure Synapse Analytics Workspace",
            "The workspace stays tied to the source directory's tenant id.",
            true,
            "You must update the tenant ID associated with the Synapse Analytics Workspace. If the workspace is associated with a Git repository, you must update the workspace's Git configuration.",
            Transfer,
        ),
        &["Microsoft.Synapse/workspaces"],
        When::Always,
    ),
    (
        row(
            "access_keys",
            "Access keys",
            "Access keys survive the transfer: whoever holds them keeps access after it.",
            true,
            "Rotate the access keys (storage account keys; SQL Database and Service Bus keys) if users of the source directory should lose access.",
            TransferText,
        ),
        &[
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Sql/servers",
            "Microsoft.ServiceBus/namespaces",
        ],
        When::Always,
    ),
    (
        row(
            "secrets_and_certificates",
            "Keys, secrets and certificates",
            "The keys, secrets and certificates the vault holds survive the transfer: whoever read them keeps them.",
            true,
            "For resources that use secrets, update the secret; for resources that use certificates, update the certificate.",
            TransferText,
        ),
        &["Microsoft.KeyVault/vaults"],
        When::Always,
    ),
    (
        row(
            "remote_access",
            "Remote access credentials",
            "Remote Access credentials for services like Azure Virtual Machines survive the transfer.",
            true,
            "Rotate the virtual machine's administrator credentials and keys if users of the source directory should lose access.",
            TransferText,
        ),
        &["Microsoft.Compute/virtualMachines"],
        When::Always,
    ),
];

//! The resource inventory a directory move affects (DESIGN §5 "Resource"):
//! what an import found in each subscription, kept so that a move's impact
//! can be read from a snapshot. Nothing in the rules creates resources;
//! they come from imports and snapshots.

use super::{Name, SpId, SubId};
use uuid::Uuid;

/// One Azure resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resource {
    /// Its ARM id, as given.
    pub(crate) id: Name,
    /// Its ARM type, e.g. `Microsoft.KeyVault/vaults`.
    pub(crate) kind: Name,
    pub(crate) subscription: SubId,
    /// Its system-assigned managed identity.
    pub(crate) system_identity: Option<SpId>,
    /// The user-assigned managed identities attached to it.
    pub(crate) user_identities: Vec<SpId>,
    /// A key vault's tenant id.
    pub(crate) key_vault_tenant: Option<Uuid>,
    /// A key vault's access policies: the object ids they name.
    pub(crate) access_policies: Vec<Uuid>,
    /// Whether it authenticates with Entra ID (SQL, MySQL, AKS).
    pub(crate) entra_authentication: bool,
    /// Whether it keeps ACLs naming directory objects (storage, Data Lake,
    /// Azure Files).
    pub(crate) acls: bool,
}

/// What a subscription holds that a directory move affects, by position:
/// its resources (in [`crate::state::State`]'s `resources`) and its
/// managed identities (service principals), in the order added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inventory {
    pub(crate) resources: Vec<u32>,
    pub(crate) identities: Vec<SpId>,
}

/// The ARM type of a key vault.
pub(crate) const KEY_VAULT: &str = "Microsoft.KeyVault/vaults";

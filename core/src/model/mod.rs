//! The things tenantry models: directories, accounts and their users,
//! subscriptions and Partner Center accounts (DESIGN §1), and what real
//! tenants hold besides (§5): groups, service principals, role
//! definitions, management groups and scopes, GDAP relationships,
//! Lighthouse delegations and a resource inventory.
//!
//! Entities live in append-only arenas and refer to each other by dense
//! indexes; nothing is ever deleted, so an index stays valid for the life of
//! a [`crate::Tenancy`]. The public API speaks in references (domains,
//! sign-in names, subscription ids); the indexes never leave the crate.

mod account;
mod directory;
mod principal;
mod resource;
mod role;
mod scope;
mod subscription;
mod vocabulary;

pub(crate) use account::{Account, AccountKind, ClassicRole, Membership};
pub(crate) use directory::{Directory, Gdap, Partner, SubscriptionPolicy};
pub(crate) use principal::{Group, GroupList, Principal, ServicePrincipal};
pub(crate) use resource::{Inventory, Resource, KEY_VAULT};
pub use role::{action_matches, permits, Action, RoleDefinition, BUILTIN_ROLES};
pub(crate) use role::{CustomRole, RoleRef};
pub use scope::MAX_MANAGEMENT_GROUP_DEPTH;
pub(crate) use scope::{roles_at, At, DirScope, Held, HeldList, ManagementGroup, ScopeRef};
pub(crate) use subscription::{
    Assignment, Azure, ChangeRequest, Delegation, Plan, ResourceGroups, ScopeId, Subscription,
};
pub(crate) use vocabulary::RoleSet;
pub use vocabulary::{
    Cloud, DirectoryRole, GuestInvites, ManageReason, OrganizationalRole, Origin, Profile,
    RbacRole, ServicePrincipalKind, SubscriptionKind, UserKind,
};

/// A shared, immutable name (an account reference, a domain, a
/// subscription id): effects and answers clone the pointer, not the text.
pub type Name = std::sync::Arc<str>;

/// The most co-administrators a subscription may have (I6).
pub const MAX_CO_ADMINISTRATORS: usize = 200;
/// The most RBAC role assignments a subscription may have (I6), under the
/// classic rules.
pub const MAX_ROLE_ASSIGNMENTS: usize = 4_000;
/// The most role assignments at a subscription's scope or below under the
/// current rules (Azure's limit since 2025: 5,000).
pub const MAX_ROLE_ASSIGNMENTS_TODAY: usize = 5_000;
/// The most role assignments at one management group (current).
pub const MAX_MANAGEMENT_GROUP_ROLE_ASSIGNMENTS: usize = 500;
/// The most custom roles a directory may have.
pub const MAX_CUSTOM_ROLES: usize = 5_000;
/// The longest a GDAP relationship may last, in days (two years).
pub const MAX_GDAP_DAYS: u16 = 730;
/// The most directories an account may be a user of (I9).
pub const MAX_DIRECTORIES_PER_ACCOUNT: usize = 500;

macro_rules! arena_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) struct $name(pub(crate) u32);

        impl $name {
            /// The position in its arena.
            pub(crate) fn idx(self) -> usize {
                self.0 as usize
            }

            /// The id of the `n`th entity of an arena. Arenas hold fewer than
            /// `u32::MAX` entities: the largest fleet is far below that.
            pub(crate) fn at(n: usize) -> Self {
                $name(u32::try_from(n).unwrap_or(u32::MAX))
            }
        }
    };
}

arena_id!(
    /// A directory's place in the arena.
    DirId
);
arena_id!(
    /// An account's place in the arena.
    AccId
);
arena_id!(
    /// A subscription's place in the arena.
    SubId
);
arena_id!(
    /// A Partner Center account's place in the arena.
    PartnerId
);
arena_id!(
    /// A group's place in the arena.
    GroupId
);
arena_id!(
    /// A service principal's place in the arena.
    SpId
);
arena_id!(
    /// A custom role definition's place in the arena.
    RoleDefId
);
arena_id!(
    /// A management group's place in the arena.
    MgId
);
arena_id!(
    /// A GDAP relationship's place in the arena.
    GdapId
);

/// Inserts `item` into a sorted vector unless present; returns whether it
/// was inserted.
pub(crate) fn sorted_insert<T: Ord>(v: &mut Vec<T>, item: T) -> bool {
    match v.binary_search(&item) {
        Ok(_) => false,
        Err(at) => {
            v.insert(at, item);
            true
        }
    }
}

/// Removes `item` from a sorted vector if present.
pub(crate) fn sorted_remove<T: Ord>(v: &mut Vec<T>, item: &T) {
    if let Ok(at) = v.binary_search(item) {
        v.remove(at);
    }
}

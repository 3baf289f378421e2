//! Where role assignments are made (DESIGN §5 "Scope"): a directory's root
//! `/`, its management groups (the tenant root group and up to six levels
//! below it), subscriptions, resource groups and resources. Assignments are
//! inherited downwards: a resource inherits from its resource group, which
//! inherits from the subscription, which inherits from its management group
//! and each one above it, up to `/`.

use super::{DirId, MgId, Name, RoleRef, ScopeId, SubId};

/// The most levels of management groups below the tenant root group
/// (governance/management-groups/overview.md).
pub const MAX_MANAGEMENT_GROUP_DEPTH: u8 = 6;

/// A management group.
#[derive(Debug, Clone)]
pub(crate) struct ManagementGroup {
    /// Its ARM name (the last segment of its id); the tenant root group's is
    /// the tenant id.
    pub(crate) name: Name,
    /// Its display name.
    pub(crate) display_name: Box<str>,
    pub(crate) directory: DirId,
    /// `None` for the tenant root group.
    pub(crate) parent: Option<MgId>,
    /// 0 for the tenant root group.
    pub(crate) depth: u8,
    /// The role assignments made at it, in the order added (at most 500).
    pub(crate) assignments: Vec<super::Assignment<()>>,
}

/// A scope above a subscription: a directory's root or a management group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum DirScope {
    /// `/`.
    Root,
    /// `/providers/Microsoft.Management/managementGroups/<name>`.
    Group(MgId),
}

/// Any scope, exactly as written: the resource group or resource keeps the
/// spelling it was given (interned as a [`ScopeId`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ScopeRef {
    /// A directory's root, `/`.
    Root(DirId),
    /// A management group.
    Group(MgId),
    /// A subscription (`ScopeId::SUBSCRIPTION`) or a scope inside it.
    Sub(SubId, ScopeId),
}

/// A scope as authorization compares it: a resource group or resource by
/// its case-folded key (0 for the subscription itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum At {
    /// A directory's root, `/`.
    Root(DirId),
    /// A management group.
    Group(MgId),
    /// A subscription (key 0) or a resource group or resource inside it.
    Sub(SubId, u32),
}

/// A role assignment as seen from its principal, for O(own assignments)
/// authorization checks: sorted by scope, then role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Held {
    pub(crate) at: At,
    pub(crate) role: RoleRef,
}

/// The sorted lists of held assignments principals keep.
pub(crate) trait HeldList {
    fn insert_sorted(&mut self, held: Held);
    fn remove_sorted(&mut self, held: &Held);
    fn as_held(&self) -> &[Held];
}

impl HeldList for Vec<Held> {
    fn insert_sorted(&mut self, held: Held) {
        if let Err(at) = self.binary_search(&held) {
            self.insert(at, held);
        }
    }
    fn remove_sorted(&mut self, held: &Held) {
        if let Ok(at) = self.binary_search(held) {
            self.remove(at);
        }
    }
    fn as_held(&self) -> &[Held] {
        self
    }
}

impl<const N: usize> HeldList for smallvec::SmallVec<[Held; N]> {
    fn insert_sorted(&mut self, held: Held) {
        if let Err(at) = self.binary_search(&held) {
            self.insert(at, held);
        }
    }
    fn remove_sorted(&mut self, held: &Held) {
        if let Ok(at) = self.binary_search(held) {
            self.remove(at);
        }
    }
    fn as_held(&self) -> &[Held] {
        self
    }
}

/// The roles a sorted list holds at one scope.
pub(crate) fn roles_at(held: &[Held], at: At) -> impl Iterator<Item = RoleRef> + '_ {
    let start = held.partition_point(|h| h.at < at);
    held.get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(move |h| h.at == at)
        .map(|h| h.role)
}

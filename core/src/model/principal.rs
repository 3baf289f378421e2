//! Who can hold a role besides an account's user: groups (nested, with
//! members of any kind) and service principals (applications and managed
//! identities), as DESIGN §5 lists them. Each carries its Graph object id,
//! so an import joins and diffs by id.

use super::{AccId, DirId, GroupId, Held, Name, PartnerId, RoleSet, SpId};
use uuid::Uuid;

/// Whoever holds a role assignment or belongs to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Principal {
    /// An account's user object in the assignment's (or group's) directory.
    User(AccId),
    /// A group of the same directory.
    Group(GroupId),
    /// A group of another directory used as an RBAC principal (ARM's
    /// `ForeignGroup`: a partner's Admin Agents group).
    ForeignGroup(GroupId),
    /// A service principal or managed identity.
    App(SpId),
}

impl Principal {
    /// The same entity whatever it was named as: a foreign group is its
    /// group.
    pub(crate) fn entity(self) -> Principal {
        match self {
            Principal::ForeignGroup(g) => Principal::Group(g),
            other => other,
        }
    }

    /// The group, if this is one (foreign or not).
    pub(crate) fn group(self) -> Option<GroupId> {
        match self {
            Principal::Group(g) | Principal::ForeignGroup(g) => Some(g),
            _ => None,
        }
    }
}

/// The groups a principal is a direct member of, sorted: empty for most
/// principals, so it costs one thin pointer until it holds any (a boxed
/// slice would be a fat one, and every account carries this list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(clippy::box_collection)] // one word in every account, not three
pub(crate) struct GroupList(Option<Box<Vec<GroupId>>>);

impl GroupList {
    pub(crate) fn as_slice(&self) -> &[GroupId] {
        self.0.as_deref().map(Vec::as_slice).unwrap_or_default()
    }

    pub(crate) fn insert(&mut self, group: GroupId) {
        super::sorted_insert(self.0.get_or_insert_with(Default::default), group);
    }

    pub(crate) fn remove(&mut self, group: GroupId) {
        if let Some(list) = self.0.as_mut() {
            super::sorted_remove(list, &group);
            if list.is_empty() {
                self.0 = None;
            }
        }
    }

    pub(crate) fn contains(&self, group: GroupId) -> bool {
        self.as_slice().binary_search(&group).is_ok()
    }
}

/// A security group.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// Its object id.
    pub(crate) id: Uuid,
    /// Its display name, as given (not necessarily unique).
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    /// Whether it may hold directory roles (Entra's `isAssignableToRole`).
    pub(crate) role_assignable: bool,
    /// Its direct members, in the order added.
    pub(crate) members: Vec<Principal>,
    /// Derived: the groups it is a direct member of, sorted.
    pub(crate) member_of: GroupList,
    /// Derived: the role assignments it holds, sorted.
    pub(crate) held: Vec<Held>,
    /// The directory roles it holds (role-assignable groups only).
    pub(crate) roles: RoleSet,
    /// The partner whose Admin Agents group it is: its members hold the
    /// roles of the partner's approved GDAP relationships.
    pub(crate) admin_agents_of: Option<PartnerId>,
}

impl Group {
    pub(crate) fn new(id: Uuid, name: Name, directory: DirId, role_assignable: bool) -> Self {
        Group {
            id,
            name,
            directory,
            role_assignable,
            members: Vec::new(),
            member_of: GroupList::default(),
            held: Vec::new(),
            roles: RoleSet::default(),
            admin_agents_of: None,
        }
    }
}

/// A service principal: an application's identity in a directory, or a
/// managed identity.
#[derive(Debug, Clone)]
pub(crate) struct ServicePrincipal {
    /// Its object id.
    pub(crate) id: Uuid,
    /// Its application (client) id.
    pub(crate) app_id: Uuid,
    /// Its display name, as given.
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) kind: super::ServicePrincipalKind,
    /// A managed identity's resource: the ARM id of the resource a
    /// system-assigned identity belongs to, or of a user-assigned identity
    /// itself.
    pub(crate) resource: Option<Name>,
    /// The subscription a managed identity lives in.
    pub(crate) subscription: Option<super::SubId>,
    /// Derived: the groups it is a direct member of, sorted.
    pub(crate) member_of: GroupList,
    /// Derived: the role assignments it holds, sorted.
    pub(crate) held: Vec<Held>,
}

//! Azure role definitions: the built-in roles as Microsoft documents them
//! (role-based-access-control/built-in-roles, 2026), and how Azure Resource
//! Manager matches an action against a role's `actions` and `not_actions`
//! (role-definitions.md): case-insensitively, `*` standing for any run of
//! characters (so `Microsoft.Compute/virtualMachines/*` covers child
//! resource types too), and `not_actions` subtracting from that role's
//! `actions` only — it is not a deny.

use super::{DirId, Name, RbacRole, RoleDefId, ScopeRef};
use uuid::Uuid;

/// A built-in role definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleDefinition {
    /// The role in FORMAT.md's vocabulary.
    pub role: RbacRole,
    /// The role definition's id (the same in every tenant).
    pub id: &'static str,
    /// ARM's `roleName`.
    pub name: &'static str,
    /// Microsoft's description.
    pub description: &'static str,
    /// What the role allows.
    pub actions: &'static [&'static str],
    /// What it takes away from `actions`.
    pub not_actions: &'static [&'static str],
}

/// The built-in roles the model holds, in [`RbacRole`]'s order.
pub static BUILTIN_ROLES: [RoleDefinition; 5] = [
    RoleDefinition {
        role: RbacRole::Owner,
        id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        name: "Owner",
        description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
        actions: &["*"],
        not_actions: &[],
    },
    RoleDefinition {
        role: RbacRole::Contributor,
        id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
        name: "Contributor",
        description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
        actions: &["*"],
        not_actions: &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
            "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
            "Microsoft.Subscription/cancel/action",
            "Microsoft.Subscription/enable/action",
        ],
    },
    RoleDefinition {
        role: RbacRole::Reader,
        id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        name: "Reader",
        description: "View all resources, but does not allow you to make any changes.",
        actions: &["*/read"],
        not_actions: &[],
    },
    RoleDefinition {
        role: RbacRole::UserAccessAdministrator,
        id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        name: "User Access Administrator",
        description: "Lets you manage user access to Azure resources.",
        actions: &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        not_actions: &[],
    },
    RoleDefinition {
        role: RbacRole::RoleBasedAccessControlAdministrator,
        id: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        name: "Role Based Access Control Administrator",
        description: "Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.",
        actions: &[
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete",
            "*/read",
            "Microsoft.Support/*",
        ],
        not_actions: &[],
    },
];

/// The actions the rules ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `Microsoft.Authorization/roleAssignments/write`: assign roles (R8).
    AssignRoles,
    /// `Microsoft.Authorization/roleAssignments/delete`: remove assignments.
    RemoveAssignments,
    /// `Microsoft.Authorization/roleDefinitions/write`: custom roles.
    WriteRoleDefinitions,
    /// `Microsoft.Management/managementGroups/write`.
    WriteManagementGroups,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 4] = [
        Action::AssignRoles,
        Action::RemoveAssignments,
        Action::WriteRoleDefinitions,
        Action::WriteManagementGroups,
    ];

    /// The ARM operation.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::AssignRoles => "Microsoft.Authorization/roleAssignments/write",
            Action::RemoveAssignments => "Microsoft.Authorization/roleAssignments/delete",
            Action::WriteRoleDefinitions => "Microsoft.Authorization/roleDefinitions/write",
            Action::WriteManagementGroups => "Microsoft.Management/managementGroups/write",
        }
    }
}

impl RbacRole {
    /// The built-in role definition.
    pub fn definition(self) -> &'static RoleDefinition {
        // `BUILTIN_ROLES` holds every role, in this enum's order.
        BUILTIN_ROLES
            .get(self as usize)
            .unwrap_or(&BUILTIN_ROLES[0])
    }

    /// ARM's `roleName`, e.g. `User Access Administrator`.
    pub fn role_name(self) -> &'static str {
        self.definition().name
    }

    /// The role definition id.
    pub fn id(self) -> &'static str {
        self.definition().id
    }

    /// Whether the role allows this action (worked out from its
    /// `actions` and `not_actions` when compiled).
    pub const fn allows(self, action: Action) -> bool {
        PERMITS[self as usize][action as usize]
    }

    /// Whether the role manages resources: its actions include `*`
    /// (whatever its not_actions), as DESIGN §6's who-can-manage counts.
    pub fn manages_resources(self) -> bool {
        self.definition().actions.contains(&"*")
    }

    /// The role written as FORMAT.md does (`owner`), as ARM's role name
    /// (`Owner`, case-insensitively) or by its role definition id.
    pub fn named(name: &str) -> Option<RbacRole> {
        RbacRole::ALL.iter().copied().find(|r| {
            r.as_str() == name
                || r.role_name().eq_ignore_ascii_case(name)
                || r.id().eq_ignore_ascii_case(name)
        })
    }
}

/// A role definition an assignment refers to: a built-in one, or a custom
/// role of a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum RoleRef {
    Builtin(RbacRole),
    Custom(RoleDefId),
}

/// A custom role definition (custom-roles.md). Deleting one keeps its
/// place in the arena, marked deleted, so the event log stays valid.
#[derive(Debug, Clone)]
pub(crate) struct CustomRole {
    /// The role definition's id (its GUID).
    pub(crate) id: Uuid,
    /// ARM's `roleName`, unique in its directory (compared
    /// case-insensitively).
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    /// ARM wildcard patterns, as given.
    pub(crate) actions: Vec<Name>,
    pub(crate) not_actions: Vec<Name>,
    /// Where it may be assigned: management groups, subscriptions, resource
    /// groups.
    pub(crate) assignable_scopes: Vec<ScopeRef>,
    /// Derived: which of the rules' [`Action`]s it allows, one bit each.
    pub(crate) permits: u8,
    /// Derived: whether its actions include `*`.
    pub(crate) manages_resources: bool,
    /// Derived: how many assignments use it (`ROLE_IN_USE` while any do).
    pub(crate) in_use: u32,
    pub(crate) deleted: bool,
}

impl CustomRole {
    pub(crate) fn new(
        id: Uuid,
        name: Name,
        directory: DirId,
        actions: Vec<Name>,
        not_actions: Vec<Name>,
        assignable_scopes: Vec<ScopeRef>,
    ) -> Self {
        let mut role = CustomRole {
            id,
            name,
            directory,
            actions,
            not_actions,
            assignable_scopes,
            permits: 0,
            manages_resources: false,
            in_use: 0,
            deleted: false,
        };
        for (bit, action) in Action::ALL.iter().enumerate() {
            if role.allows_str(action.as_str()) {
                role.permits |= 1 << bit;
            }
        }
        role.manages_resources = role.actions.iter().any(|a| &**a == "*");
        role
    }

    /// Whether it allows an ARM action.
    pub(crate) fn allows_str(&self, action: &str) -> bool {
        self.actions.iter().any(|p| action_matches(p, action))
            && !self.not_actions.iter().any(|p| action_matches(p, action))
    }

    /// Whether it allows one of the rules' actions.
    pub(crate) fn allows(&self, action: Action) -> bool {
        self.permits & (1 << action as u8) != 0
    }
}

/// Whether a role with these actions and not-actions allows `action`.
pub const fn permits(actions: &[&str], not_actions: &[&str], action: &str) -> bool {
    any_matches(actions, action) && !any_matches(not_actions, action)
}

const fn any_matches(patterns: &[&str], action: &str) -> bool {
    let mut i = 0;
    while i < patterns.len() {
        if action_matches(patterns[i], action) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether an ARM action matches a pattern: ASCII case-insensitively, each
/// `*` standing for any run of characters, `/` included.
pub const fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, a) = (pattern.as_bytes(), action.as_bytes());
    let (mut pi, mut ai) = (0, 0);
    // Where the last `*` was, and how much of the action it has taken.
    let (mut star, mut taken) = (usize::MAX, 0);
    while ai < a.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = pi;
            taken = ai;
            pi += 1;
        } else if pi < p.len() && p[pi].eq_ignore_ascii_case(&a[ai]) {
            pi += 1;
            ai += 1;
        } else if star != usize::MAX {
            pi = star + 1;
            taken += 1;
            ai = taken;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Each built-in role against each action, worked out when compiled.
const PERMITS: [[bool; Action::ALL.len()]; BUILTIN_ROLES.len()] = {
    let mut table = [[false; Action::ALL.len()]; BUILTIN_ROLES.len()];
    let mut r = 0;
    while r < BUILTIN_ROLES.len() {
        let mut a = 0;
        while a < Action::ALL.len() {
            let role = &BUILTIN_ROLES[r];
            table[r][a] = permits(role.actions, role.not_actions, Action::ALL[a].as_str());
            a += 1;
        }
        r += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// role-definitions.md's documented examples of what a pattern grants.
    #[test]
    fn actions_match_as_arm_documents() {
        let m = action_matches;
        assert!(m("*/read", "Microsoft.Compute/virtualMachines/read"));
        assert!(!m("*/read", "Microsoft.Compute/virtualMachines/write"));
        assert!(m(
            "Microsoft.Compute/*",
            "Microsoft.Compute/virtualMachines/start/action"
        ));
        assert!(!m(
            "Microsoft.Compute/*",
            "Microsoft.Network/virtualNetworks/read"
        ));
        assert!(m(
            "Microsoft.Network/*/read",
            "Microsoft.Network/virtualNetworks/subnets/read"
        ));
        assert!(!m(
            "Microsoft.Network/*/read",
            "Microsoft.Network/virtualNetworks/write"
        ));
        assert!(m(
            "Microsoft.Compute/virtualMachines/*",
            "Microsoft.Compute/virtualMachines/extensions/write"
        ));
        assert!(m(
            "microsoft.web/sites/restart/Action",
            "Microsoft.Web/sites/restart/action"
        ));
        assert!(m("*", "Microsoft.Authorization/roleAssignments/write"));
        assert!(m(
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/roleAssignments/write"
        ));
        assert!(!m(
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/roleAssignments/delete"
        ));
        assert!(m(
            "Microsoft.CostManagement/exports/*",
            "Microsoft.CostManagement/exports/run/action"
        ));
        assert!(!m("", "Microsoft.Compute/virtualMachines/read"));
        assert!(m("a*b*c", "aXbYbZc") && !m("a*b*c", "aXbYbZ"));
    }

    /// NotActions subtract from the same role's actions only.
    #[test]
    fn built_in_roles_allow_what_microsoft_says() {
        use Action::*;
        let allows = |r: RbacRole| Action::ALL.map(|a| r.allows(a));
        assert_eq!(allows(RbacRole::Owner), [true; 4]);
        assert_eq!(allows(RbacRole::Contributor), [false, false, false, true]);
        assert_eq!(allows(RbacRole::Reader), [false; 4]);
        assert_eq!(
            allows(RbacRole::UserAccessAdministrator),
            [true, true, true, false]
        );
        assert_eq!(
            allows(RbacRole::RoleBasedAccessControlAdministrator),
            [true, true, false, false]
        );
        assert!(!RbacRole::Contributor.allows(AssignRoles));
        assert!(RbacRole::Owner.manages_resources() && RbacRole::Contributor.manages_resources());
        assert!(!RbacRole::UserAccessAdministrator.manages_resources());
        assert_eq!(RbacRole::named("Owner"), Some(RbacRole::Owner));
        assert_eq!(
            RbacRole::named("18D7D88D-D35E-4FB5-A5C3-7773C20A72D9"),
            Some(RbacRole::UserAccessAdministrator)
        );
        assert_eq!(RbacRole::named("root"), None);
        for (i, role) in BUILTIN_ROLES.iter().enumerate() {
            assert_eq!(role.role as usize, i);
        }
    }
}

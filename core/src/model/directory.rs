//! Directories (Entra ID tenants) and the Partner Center accounts that own
//! some of them.

use super::{
    AccId, Assignment, Cloud, DirId, DirectoryRole, GdapId, GroupId, GuestInvites, MgId, Name,
    Origin, PartnerId, RoleDefId, RoleSet, SubId,
};
use uuid::Uuid;

/// A tenant.
#[derive(Debug, Clone)]
pub(crate) struct Directory {
    /// The tenant id.
    pub(crate) id: Uuid,
    /// The display name ("Contoso", "Default Directory").
    pub(crate) name: Box<str>,
    /// `<prefix>.onmicrosoft.com`, as given; unique, compared
    /// case-insensitively (I7).
    pub(crate) initial_domain: Name,
    /// Verified custom domains, as given, in the order added.
    pub(crate) verified_domains: Vec<Name>,
    pub(crate) cloud: Cloud,
    pub(crate) origin: Origin,
    /// Its users, in the order they were added.
    pub(crate) users: Vec<AccId>,
    /// Derived: holders of each directory role, sorted by account.
    pub(crate) role_holders: [Vec<AccId>; DirectoryRole::ALL.len()],
    /// Derived: the role-assignable groups that hold directory roles, sorted.
    pub(crate) role_groups: Vec<GroupId>,
    /// Derived: the subscriptions that trust it, sorted.
    pub(crate) subscriptions: Vec<SubId>,
    /// Derived: the Partner Center account it belongs to, if any.
    pub(crate) partner: Option<PartnerId>,
    /// Its subscription policy, once a Global Administrator set one; until
    /// then both directions are blocked (Microsoft's default since 1 May
    /// 2026).
    pub(crate) policy: Option<SubscriptionPolicy>,
    /// Who may invite guests (Entra's default: everyone).
    pub(crate) guest_invites: GuestInvites,
    /// Its tenant root management group.
    pub(crate) root_group: MgId,
    /// The role assignments at its root (`/`), in the order added: an
    /// elevated Global Administrator's User Access Administrator is one.
    pub(crate) assignments: Vec<Assignment<()>>,
    /// Derived: its management groups below the tenant root group, in the
    /// order created (each after its parent).
    pub(crate) management_groups: Vec<MgId>,
    /// Derived: its custom roles not deleted, in the order created.
    pub(crate) custom_roles: Vec<RoleDefId>,
    /// Derived: the GDAP relationships partners have with it.
    pub(crate) gdap: Vec<GdapId>,
}

/// Whether subscriptions may leave or enter a directory, and who may move
/// them whatever the policy says (manage-azure-subscription-policy.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubscriptionPolicy {
    pub(crate) block_leaving: bool,
    pub(crate) block_entering: bool,
    /// Users of the directory exempted from both; sorted.
    pub(crate) exempted: Vec<AccId>,
}

/// A directory's policy before anyone set one: both blocked.
static DEFAULT_POLICY: SubscriptionPolicy = SubscriptionPolicy {
    block_leaving: true,
    block_entering: true,
    exempted: Vec::new(),
};

impl Directory {
    pub(crate) fn new(
        id: Uuid,
        name: Box<str>,
        initial_domain: Name,
        cloud: Cloud,
        origin: Origin,
        root_group: MgId,
    ) -> Self {
        Directory {
            id,
            name,
            initial_domain,
            verified_domains: Vec::new(),
            cloud,
            origin,
            users: Vec::new(),
            role_holders: Default::default(),
            role_groups: Vec::new(),
            subscriptions: Vec::new(),
            partner: None,
            policy: None,
            guest_invites: GuestInvites::default(),
            root_group,
            assignments: Vec::new(),
            management_groups: Vec::new(),
            custom_roles: Vec::new(),
            gdap: Vec::new(),
        }
    }

    /// Its subscription policy, the default if none was set.
    pub(crate) fn policy(&self) -> &SubscriptionPolicy {
        self.policy.as_ref().unwrap_or(&DEFAULT_POLICY)
    }

    /// The holders of `role`, sorted by account.
    pub(crate) fn holders(&self, role: DirectoryRole) -> &[AccId] {
        self.role_holders
            .get(role as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(crate) fn holders_mut(&mut self, role: DirectoryRole) -> Option<&mut Vec<AccId>> {
        self.role_holders.get_mut(role as usize)
    }

    /// Whether `domain` is one of its domains (compared case-insensitively).
    pub(crate) fn has_domain(&self, domain: &str) -> bool {
        std::iter::once(&self.initial_domain)
            .chain(&self.verified_domains)
            .any(|d| d.eq_ignore_ascii_case(domain))
    }
}

/// A Partner Center account: a partner organisation with its own directory
/// and admin (seed 004).
#[derive(Debug, Clone)]
pub(crate) struct Partner {
    pub(crate) name: Name,
    pub(crate) directory: DirId,
    pub(crate) admin: AccId,
    /// Its Admin Agents group, once a GDAP relationship made one.
    pub(crate) admin_agents: Option<GroupId>,
    /// Derived: its GDAP relationships.
    pub(crate) gdap: Vec<GdapId>,
}

/// A granular delegated admin privileges relationship: a partner's admin
/// agents hold directory roles in a customer directory while it is
/// approved (Partner Center GDAP; Graph `delegatedAdminRelationship`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gdap {
    pub(crate) id: Uuid,
    pub(crate) partner: PartnerId,
    pub(crate) customer: DirId,
    /// The directory roles granted.
    pub(crate) roles: RoleSet,
    pub(crate) approved: bool,
    /// From 1 to 730 days.
    pub(crate) duration_days: u16,
}

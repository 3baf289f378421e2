//! Directories (Entra ID tenants) and the Partner Center accounts that own
//! some of them.

use super::{AccId, Cloud, DirId, DirectoryRole, Name, Origin, PartnerId, SubId};
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
    /// Derived: the subscriptions that trust it, sorted.
    pub(crate) subscriptions: Vec<SubId>,
    /// Derived: the Partner Center account it belongs to, if any.
    pub(crate) partner: Option<PartnerId>,
    /// Its subscription policy, once a Global Administrator set one; until
    /// then both directions are blocked (Microsoft's default since 1 May
    /// 2026).
    pub(crate) policy: Option<SubscriptionPolicy>,
    /// The Global Administrators who elevated their access: each holds User
    /// Access Administrator at the directory's root (`/`). Sorted.
    pub(crate) elevated: Vec<AccId>,
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
            subscriptions: Vec::new(),
            partner: None,
            policy: None,
            elevated: Vec::new(),
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
}

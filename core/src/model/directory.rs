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
    pub(crate) role_holders: [Vec<AccId>; 5],
    /// Derived: the subscriptions that trust it, sorted.
    pub(crate) subscriptions: Vec<SubId>,
    /// Derived: the Partner Center account it belongs to, if any.
    pub(crate) partner: Option<PartnerId>,
}

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
        }
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

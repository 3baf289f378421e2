//! Subscriptions: Azure subscriptions owned by users, Office 365
//! subscriptions owned by their directory.

use super::{AccId, DirId, Name, RbacRole};
use std::collections::HashMap;
use uuid::Uuid;

/// A subscription of either kind.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub(crate) id: Uuid,
    /// `id`, written once for effects and answers.
    pub(crate) key: Name,
    pub(crate) name: Box<str>,
    /// The one directory it trusts (I1).
    pub(crate) directory: DirId,
    pub(crate) plan: Plan,
}

/// What kind of subscription, with what only that kind has.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// An Azure subscription, owned by a user.
    Azure(Azure),
    /// An Office 365 subscription, owned by its directory (I5).
    Office365 { plan: Box<str>, seats: u32 },
}

/// The classic administrators and RBAC assignments of an Azure subscription.
#[derive(Debug, Clone)]
pub(crate) struct Azure {
    /// Upper-case offer id, e.g. `MS-AZR-0003P`.
    pub(crate) offer: Box<str>,
    /// The billing owner.
    pub(crate) account_admin: AccId,
    /// A user of the subscription's directory (I3); none under the
    /// current rules, which retired the role.
    pub(crate) service_admin: Option<AccId>,
    /// In the order added; at most 200 (I6).
    pub(crate) co_admins: Vec<AccId>,
    /// In the order added; at most 4,000 (I6).
    pub(crate) assignments: Vec<Assignment>,
}

/// The scope of an assignment: `ScopeId::SUBSCRIPTION`, or a resource group
/// interned in [`ResourceGroups`] (exact spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ScopeId(pub(crate) u32);

impl ScopeId {
    pub(crate) const SUBSCRIPTION: ScopeId = ScopeId(0);
    /// The root (`/`) of the directory the assignment belongs to: where an
    /// elevated Global Administrator holds User Access Administrator.
    pub(crate) const ROOT: ScopeId = ScopeId(u32::MAX);
}

/// One RBAC role assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub(crate) principal: AccId,
    pub(crate) role: RbacRole,
    pub(crate) scope: ScopeId,
}

impl Subscription {
    pub(crate) fn azure(&self) -> Option<&Azure> {
        match &self.plan {
            Plan::Azure(a) => Some(a),
            Plan::Office365 { .. } => None,
        }
    }

    pub(crate) fn azure_mut(&mut self) -> Option<&mut Azure> {
        match &mut self.plan {
            Plan::Azure(a) => Some(a),
            Plan::Office365 { .. } => None,
        }
    }
}

/// Interned resource group names. A name keeps the spelling it was first
/// written with (`exact`), and compares case-insensitively through its
/// folded key, as Azure Resource Manager does.
#[derive(Debug, Default, Clone)]
pub(crate) struct ResourceGroups {
    exact: Vec<Name>,
    exact_index: HashMap<Box<str>, u32>,
    /// For each exact id, its folded key (≥ 1; 0 is the subscription scope).
    folded_of: Vec<u32>,
    folded_index: HashMap<Box<str>, u32>,
}

impl ResourceGroups {
    /// The scope for this spelling of a resource group, interning it.
    pub(crate) fn intern(&mut self, name: &str) -> ScopeId {
        if let Some(id) = self.exact_index.get(name) {
            return ScopeId(*id);
        }
        let lower = name.to_ascii_lowercase();
        let next_folded = u32::try_from(self.folded_index.len() + 1).unwrap_or(u32::MAX);
        let folded = *self.folded_index.entry(lower.into()).or_insert(next_folded);
        self.exact.push(name.into());
        self.folded_of.push(folded);
        let id = u32::try_from(self.exact.len()).unwrap_or(u32::MAX);
        self.exact_index.insert(name.into(), id);
        ScopeId(id)
    }

    /// The case-folded key of a scope: 0 for the subscription.
    pub(crate) fn key(&self, scope: ScopeId) -> u32 {
        match scope.0 {
            0 => 0,
            u32::MAX => u32::MAX,
            n => self
                .folded_of
                .get(n as usize - 1)
                .copied()
                .unwrap_or(u32::MAX),
        }
    }

    /// The folded key of a resource group name, if any assignment ever
    /// used it (else no assignment can match it).
    pub(crate) fn key_of_name(&self, name: &str) -> Option<u32> {
        if let Some(id) = self.exact_index.get(name) {
            return Some(self.key(ScopeId(*id)));
        }
        self.folded_index
            .get(name.to_ascii_lowercase().as_str())
            .copied()
    }

    /// The scope as the public [`Scope`](crate::Scope), in the classic
    /// form (relative to its subscription); `/` for the root.
    pub(crate) fn scope(&self, scope: ScopeId) -> crate::Scope {
        if scope == ScopeId::ROOT {
            return crate::Scope::Path("/".into());
        }
        match self.name(scope) {
            None => crate::Scope::Subscription,
            Some(rg) => crate::Scope::ResourceGroup(rg.clone()),
        }
    }

    /// The resource group's name as first written, or `None` for the
    /// subscription scope and the root.
    pub(crate) fn name(&self, scope: ScopeId) -> Option<&Name> {
        match scope.0 {
            0 | u32::MAX => None,
            n => self.exact.get(n as usize - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_groups_fold_case_but_keep_spelling() {
        let mut rgs = ResourceGroups::default();
        let a = rgs.intern("RG-Web");
        let b = rgs.intern("rg-web");
        let c = rgs.intern("rg-db");
        assert_ne!(a, b);
        assert_eq!(rgs.key(a), rgs.key(b));
        assert_ne!(rgs.key(a), rgs.key(c));
        assert_eq!(rgs.name(a).map(|n| &**n), Some("RG-Web"));
        assert_eq!(rgs.name(b).map(|n| &**n), Some("rg-web"));
        assert_eq!(rgs.key_of_name("RG-WEB"), Some(rgs.key(a)));
        assert_eq!(rgs.key_of_name("nope"), None);
        assert_eq!(rgs.key(ScopeId::SUBSCRIPTION), 0);
        assert!(rgs.name(ScopeId::SUBSCRIPTION).is_none());
    }
}

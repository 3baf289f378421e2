//! Subscriptions: Azure subscriptions owned by users, Office 365
//! subscriptions owned by their directory.

use super::{AccId, DirId, MgId, Name, Principal, RoleRef};
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
    /// Upper-case offer id, e.g. `MS-AZR-0003P`; empty when an import
    /// under the current rules could not tell it.
    pub(crate) offer: Box<str>,
    /// The billing owner; unknown (`None`) for a subscription imported
    /// under the current rules, as Graph and ARM do not say who it is.
    pub(crate) account_admin: Option<AccId>,
    /// A user of the subscription's directory (I3); none under the
    /// current rules, which retired the role.
    pub(crate) service_admin: Option<AccId>,
    /// In the order added; at most 200 (I6).
    pub(crate) co_admins: Vec<AccId>,
    /// The assignments at the subscription's scope or below, in the order
    /// added; at most 4,000 (classic) or 5,000 (current) (I6).
    pub(crate) assignments: Vec<Assignment<ScopeId>>,
    /// The management group it sits under (the tenant root group unless
    /// moved).
    pub(crate) management_group: MgId,
    /// A pending two-party directory change (N4), at most one.
    pub(crate) change_request: Option<ChangeRequest>,
    /// Azure Lighthouse: the tenants that manage it, and what they may do.
    pub(crate) managed_by: Vec<Delegation>,
}

/// A pending request to move a subscription to another directory (N4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChangeRequest {
    /// The Owner who asked.
    pub(crate) initiator: AccId,
    /// Where it is to go.
    pub(crate) to: DirId,
    /// The one account that may accept, if the initiator named one.
    pub(crate) acceptor: Option<AccId>,
}

/// One Azure Lighthouse authorization: a principal of a managing tenant
/// holding a role on the subscription (`managedByTenants` and its
/// registration assignment). Imported only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Delegation {
    /// The managing tenant's id.
    pub(crate) tenant: Uuid,
    /// The principal's object id in the managing tenant.
    pub(crate) principal_id: Uuid,
    /// Its display name, if the offer gave one.
    pub(crate) principal_name: Option<Name>,
    /// The role it holds.
    pub(crate) role: RoleRef,
}

/// The scope of an assignment inside a subscription: `ScopeId::SUBSCRIPTION`,
/// or a resource group or resource interned in [`ResourceGroups`] (exact
/// spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct ScopeId(pub(crate) u32);

impl ScopeId {
    pub(crate) const SUBSCRIPTION: ScopeId = ScopeId(0);
}

/// One RBAC role assignment, at a scope of kind `S`: a [`ScopeId`] inside
/// its subscription, or a [`super::DirScope`] above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assignment<S> {
    pub(crate) principal: Principal,
    pub(crate) role: RoleRef,
    pub(crate) scope: S,
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

/// Interned scopes inside subscriptions: resource groups (`rg`) and
/// resources (`rg/providers/Microsoft.Web/sites/app`), written relative to
/// `/subscriptions/<id>/resourceGroups/`. A scope keeps the spelling it was
/// first written with (`exact`), and compares case-insensitively through
/// its folded key, as Azure Resource Manager does; a resource's folded key
/// knows its resource group's.
#[derive(Debug, Default, Clone)]
pub(crate) struct ResourceGroups {
    exact: Vec<Name>,
    exact_index: HashMap<Box<str>, u32>,
    /// For each exact id, its folded key (≥ 1; 0 is the subscription scope).
    folded_of: Vec<u32>,
    folded_index: HashMap<Box<str>, u32>,
    /// For each folded key (from 1), its parent's: 0 for a resource group,
    /// the resource group's for a resource.
    parent_of: Vec<u32>,
    /// For each folded key (from 1), the exact id first interned with it.
    first_of: Vec<u32>,
}

impl ResourceGroups {
    /// The scope for this spelling of a resource group or resource path,
    /// interning it (and, for a resource, its resource group).
    pub(crate) fn intern(&mut self, path: &str) -> ScopeId {
        if let Some(id) = self.exact_index.get(path) {
            return ScopeId(*id);
        }
        let parent = match path.split_once('/') {
            Some((rg, _)) => {
                let rg = self.intern(rg);
                self.key(rg)
            }
            None => 0,
        };
        let lower = path.to_ascii_lowercase();
        let next_folded = u32::try_from(self.folded_index.len() + 1).unwrap_or(u32::MAX);
        let folded = *self.folded_index.entry(lower.into()).or_insert(next_folded);
        self.exact.push(path.into());
        self.folded_of.push(folded);
        let id = u32::try_from(self.exact.len()).unwrap_or(u32::MAX);
        if folded == next_folded {
            self.parent_of.push(parent);
            self.first_of.push(id);
        }
        self.exact_index.insert(path.into(), id);
        ScopeId(id)
    }

    /// The case-folded key of a scope: 0 for the subscription.
    pub(crate) fn key(&self, scope: ScopeId) -> u32 {
        match scope.0 {
            0 => 0,
            n => self
                .folded_of
                .get(n as usize - 1)
                .copied()
                .unwrap_or(u32::MAX),
        }
    }

    /// The spelling first interned for a folded key.
    pub(crate) fn exact_of_key(&self, key: u32) -> ScopeId {
        match key {
            0 => ScopeId::SUBSCRIPTION,
            k => ScopeId(self.first_of.get(k as usize - 1).copied().unwrap_or(0)),
        }
    }

    /// The folded key of the scope above this one inside the subscription:
    /// `None` for the subscription itself, `Some(0)` for a resource group.
    pub(crate) fn parent(&self, key: u32) -> Option<u32> {
        match key {
            0 => None,
            k => Some(self.parent_of.get(k as usize - 1).copied().unwrap_or(0)),
        }
    }

    /// The folded key of a resource group or resource path, if any
    /// assignment ever used it (else no assignment can match it).
    pub(crate) fn key_of_name(&self, path: &str) -> Option<u32> {
        if let Some(id) = self.exact_index.get(path) {
            return Some(self.key(ScopeId(*id)));
        }
        self.folded_index
            .get(path.to_ascii_lowercase().as_str())
            .copied()
    }

    /// The scope as the public [`Scope`](crate::Scope), in the classic
    /// form (relative to its subscription) where it has one: a resource,
    /// which the classic rules never name, is its ARM path.
    pub(crate) fn scope(&self, scope: ScopeId, sub: &str) -> crate::Scope {
        match self.name(scope) {
            None => crate::Scope::Subscription,
            Some(path) if path.contains('/') => {
                crate::Scope::Path(format!("/subscriptions/{sub}/resourceGroups/{path}").into())
            }
            Some(rg) => crate::Scope::ResourceGroup(rg.clone()),
        }
    }

    /// The scope as an ARM path.
    pub(crate) fn path(&self, scope: ScopeId, sub: &str) -> Name {
        match self.name(scope) {
            None => format!("/subscriptions/{sub}").into(),
            Some(path) => format!("/subscriptions/{sub}/resourceGroups/{path}").into(),
        }
    }

    /// The resource group's name or resource's relative path as first
    /// written, or `None` for the subscription scope.
    pub(crate) fn name(&self, scope: ScopeId) -> Option<&Name> {
        match scope.0 {
            0 => None,
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
        let app = rgs.intern("rg-WEB/providers/Microsoft.Web/sites/app");
        assert_eq!(rgs.parent(rgs.key(app)), Some(rgs.key(a)));
        assert_eq!(rgs.parent(rgs.key(a)), Some(0));
        assert_eq!(rgs.parent(0), None);
    }
}

//! The permission evaluator (DESIGN §6): whether a principal may perform an
//! ARM action at a scope, and the grants that let it, each with its chain:
//! the role, the scope it was assigned at (the target or one above it), the
//! groups it came through. Both profiles use it: the current rules decide
//! R8, N5 and N6 with it, `who_can_manage` and `can_perform` list its
//! grants.
//!
//! A principal's grants come from the role assignments of the principal
//! itself and of every group it belongs to, directly or through nested
//! groups, at the target scope or any scope above it (a resource inherits
//! from its resource group, the subscription, its management groups and
//! `/`). A role allows an action when one of its `actions` matches and none
//! of its `not_actions` does (see [`crate::model::action_matches`]);
//! `not_actions` is not a deny: another role may still allow it. An
//! assignment with a condition is reported with it and never counted as
//! allowing: tenantry does not evaluate ABAC conditions.

use crate::facts::Facts;
use crate::model::{Action, At, GroupId, Principal, RoleRef};
use crate::state::State;
use smallvec::SmallVec;
use std::ops::ControlFlow;

/// The action asked about: one the rules know, or any ARM action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted<'a> {
    Known(Action),
    Named(&'a str),
}

/// Whether a role definition allows the action.
pub(crate) fn role_allows(st: &State, role: RoleRef, action: Wanted) -> bool {
    match (role, action) {
        (RoleRef::Builtin(r), Wanted::Known(a)) => r.allows(a),
        (RoleRef::Builtin(r), Wanted::Named(a)) => {
            let d = r.definition();
            crate::model::permits(d.actions, d.not_actions, a)
        }
        (RoleRef::Custom(id), Wanted::Known(a)) => st
            .custom_roles
            .get(id.idx())
            .is_some_and(|r| !r.deleted && r.allows(a)),
        (RoleRef::Custom(id), Wanted::Named(a)) => st
            .custom_roles
            .get(id.idx())
            .is_some_and(|r| !r.deleted && r.allows_str(a)),
    }
}

/// Whether a role manages resources: its actions include `*`.
pub(crate) fn manages_resources(st: &State, role: RoleRef) -> bool {
    match role {
        RoleRef::Builtin(r) => r.manages_resources(),
        RoleRef::Custom(id) => st
            .custom_roles
            .get(id.idx())
            .is_some_and(|r| !r.deleted && r.manages_resources),
    }
}

/// One grant: a role held at a scope by the principal or by a group it
/// belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grant {
    pub(crate) role: RoleRef,
    /// Where the assignment was made.
    pub(crate) at: At,
    /// Who holds the assignment: the principal asked about, or a group.
    pub(crate) holder: Principal,
    /// The groups it came through, from the one holding the assignment
    /// down to the one the principal is a direct member of (empty when the
    /// principal holds it itself).
    pub(crate) through: Vec<GroupId>,
    /// The assignment's condition, if it has one.
    pub(crate) condition: Option<crate::model::Name>,
}

/// A scope and every scope above it, nearest first: a resource, its
/// resource groups, the subscription, up to six management groups and `/`.
pub(crate) type Chain = SmallVec<[At; 12]>;

/// The target scope and the scopes it inherits from, nearest first.
pub(crate) fn chain(v: &impl Facts, target: At) -> Chain {
    let mut chain = Chain::new();
    let mut at = Some(target);
    while let Some(scope) = at {
        chain.push(scope);
        at = v.parent(scope);
    }
    chain
}

/// The groups a grant held by `holders[index]` came through, from that
/// group down to the one the principal is a direct member of.
fn through(holders: &crate::state::Holders, index: usize) -> Vec<GroupId> {
    let mut path = Vec::new();
    let mut next = Some(index as u32);
    while let Some(i) = next {
        let Some((holder, from)) = holders.get(i as usize) else {
            break;
        };
        if let Some(g) = from.and(holder.group()) {
            path.push(g);
        }
        next = *from;
    }
    path
}

/// Every grant that lets `p` perform `action` at `target`, nearest scope
/// first, the principal's own before its groups'.
pub(crate) fn grants(v: &impl Facts, p: Principal, target: At, action: Wanted) -> Vec<Grant> {
    let st = v.state();
    // Holders first: the walk up the scopes overlaps their lists' loads.
    let holders = st.holders(p);
    let chain = chain(v, target);
    // (distance up the chain, holder, role), found holder by holder.
    let mut found: SmallVec<[(usize, usize, RoleRef); 8]> = SmallVec::new();
    for (index, (holder, _)) in holders.iter().enumerate() {
        let _all = v.roles_in(*holder, &chain, &mut |distance, role| {
            if role_allows(st, role, action) {
                found.push((distance, index, role));
            }
            ControlFlow::Continue(())
        });
    }
    // Stable: a holder's roles at one scope stay in their order.
    found.sort_by_key(|(distance, index, _)| (*distance, *index));
    found
        .into_iter()
        .filter_map(|(distance, index, role)| {
            let scope = *chain.get(distance)?;
            let holder = holders.get(index)?.0;
            Some(Grant {
                role,
                at: scope,
                holder,
                through: through(&holders, index),
                condition: st.conditions.get(&(scope, holder.entity(), role)).cloned(),
            })
        })
        .collect()
}

/// Whether `p` may perform `action` at `target`: some unconditional grant
/// allows it.
pub(crate) fn allows(v: &impl Facts, p: Principal, target: At, action: Wanted) -> bool {
    let st = v.state();
    let holders = st.holders(p);
    let chain = chain(v, target);
    holders.iter().any(|(holder, _)| {
        v.roles_in(*holder, &chain, &mut |distance, role| {
            let unconditional = || {
                st.conditions.is_empty()
                    || chain.get(distance).is_some_and(|at| {
                        !st.conditions.contains_key(&(*at, holder.entity(), role))
                    })
            };
            if role_allows(st, role, action) && unconditional() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .is_break()
    })
}

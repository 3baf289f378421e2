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

/// The principal itself and each group it belongs to, with the path of
/// groups from that group down to the principal.
fn holders(st: &State, p: Principal) -> Vec<(Principal, Vec<GroupId>)> {
    let groups = st.groups_of(p);
    let mut out = Vec::with_capacity(groups.len() + 1);
    out.push((p, Vec::new()));
    for (g, from) in &groups {
        let mut path = vec![*g];
        let mut next = *from;
        while let Some(child) = next {
            path.push(child);
            next = groups
                .iter()
                .find(|(x, _)| *x == child)
                .and_then(|(_, f)| *f);
        }
        out.push((Principal::Group(*g), path));
    }
    out
}

/// Every grant that lets `p` perform `action` at `target`, nearest scope
/// first, the principal's own before its groups'.
pub(crate) fn grants(v: &impl Facts, p: Principal, target: At, action: Wanted) -> Vec<Grant> {
    let st = v.state();
    let holders = holders(st, p);
    let mut out = Vec::new();
    let mut at = Some(target);
    while let Some(scope) = at {
        for (holder, through) in &holders {
            for role in v.roles_at(*holder, scope) {
                if role_allows(st, role, action) {
                    out.push(Grant {
                        role,
                        at: scope,
                        holder: *holder,
                        through: through.clone(),
                        condition: st.conditions.get(&(scope, holder.entity(), role)).cloned(),
                    });
                }
            }
        }
        at = v.parent(scope);
    }
    out
}

/// Whether `p` may perform `action` at `target`: some unconditional grant
/// allows it.
pub(crate) fn allows(v: &impl Facts, p: Principal, target: At, action: Wanted) -> bool {
    let st = v.state();
    let groups = st.groups_of(p);
    let holders = std::iter::once(p).chain(groups.iter().map(|(g, _)| Principal::Group(*g)));
    let holders: smallvec::SmallVec<[Principal; 8]> = holders.collect();
    let mut at = Some(target);
    while let Some(scope) = at {
        for holder in &holders {
            for role in v.roles_at(*holder, scope) {
                if role_allows(st, role, action)
                    && (st.conditions.is_empty()
                        || !st.conditions.contains_key(&(scope, holder.entity(), role)))
                {
                    return true;
                }
            }
        }
        at = v.parent(scope);
    }
    false
}

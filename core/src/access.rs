//! The permission evaluator (DESIGN §6): whether an account may perform an
//! ARM action at a scope, and the grants that let it, each with how it
//! came (an assignment at the scope, one above it, an elevation). The
//! current rules decide R8 with it; `who_can_manage` lists its grants.
//!
//! A grant comes from a role assignment whose scope is the target or above
//! it (a subscription's resource group inherits from the subscription,
//! which inherits from the directory's root `/`), and whose role allows
//! the action: its `actions` match and its `not_actions` do not (see
//! [`crate::model::action_matches`]).

use crate::facts::Facts;
use crate::model::{AccId, Action, DirId, RbacRole, SubId};

/// Where an action is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A subscription's own scope (`scope_key` 0) or one of its resource
    /// groups (the folded key of its name; `None` for a resource group no
    /// assignment has named, where only inherited grants can reach).
    Subscription { sub: SubId, scope_key: Option<u32> },
}

/// How a grant reaches its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// An assignment at the target's own scope.
    Direct,
    /// An assignment at the subscription, above the resource group asked
    /// about.
    Subscription,
    /// An elevated Global Administrator's User Access Administrator at the
    /// directory's root.
    Elevated(DirId),
}

/// One grant: the role, and how it reaches the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grant {
    pub(crate) role: RbacRole,
    pub(crate) via: Via,
}

/// Every grant the account holds at the target, whatever its role allows.
pub(crate) fn grants(v: &impl Facts, acc: AccId, target: Target) -> Vec<Grant> {
    let Target::Subscription { sub, scope_key } = target;
    let below = scope_key != Some(0);
    let mut out = Vec::new();
    for role in RbacRole::ALL.iter().copied() {
        if below && scope_key.is_some_and(|k| v.holds(sub, acc, role, k)) {
            out.push(Grant {
                role,
                via: Via::Direct,
            });
        }
        if v.holds(sub, acc, role, 0) {
            let via = if !below {
                Via::Direct
            } else {
                Via::Subscription
            };
            out.push(Grant { role, via });
        }
    }
    let dir = v.sub_directory(sub);
    if v.is_elevated(dir, acc) {
        out.push(Grant {
            role: RbacRole::UserAccessAdministrator,
            via: Via::Elevated(dir),
        });
    }
    out
}

/// Whether the account may perform `action` at the target.
pub(crate) fn allows(v: &impl Facts, acc: AccId, target: Target, action: Action) -> bool {
    let Target::Subscription { sub, scope_key } = target;
    let held = |role: RbacRole| {
        v.holds(sub, acc, role, 0)
            || scope_key.is_some_and(|k| k != 0 && v.holds(sub, acc, role, k))
    };
    RbacRole::ALL
        .iter()
        .copied()
        .any(|role| role.allows(action) && held(role))
        || (RbacRole::UserAccessAdministrator.allows(action)
            && v.is_elevated(v.sub_directory(sub), acc))
}

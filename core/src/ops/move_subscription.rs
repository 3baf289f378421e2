//! R6: change the directory a subscription trusts ("Edit Directory", seeds
//! 002, 003, 004).
//!
//! Classic: only the service administrator, who must be a user of the
//! target directory. Every co-administrator and every RBAC role assignment
//! is removed (seed 003: the portal's warning names only the
//! co-administrators; the plan lists everything). The account and service
//! administrators stay.
//!
//! Current (subscription-change-directory.md, transfer-subscription.md,
//! how-subscriptions-associated-directory.md): a user with an Owner
//! assignment made to it directly at the subscription's scope, who is a
//! user of both directories; the source directory's subscription policy
//! must let it leave and the target's let it enter, unless the actor is
//! exempted in each; some offers (CSP, Microsoft Internal, Azure for
//! Students Starter) cannot change directory; a pending two-party request
//! (N4) blocks it. Every role assignment at or below the subscription is
//! deleted, and every custom role scoped only inside it, the subscription
//! goes under the target's tenant root group, and the actor is given Owner.

use super::common::{self, Checked};
use super::ChangeSubscriptionDirectory;
use crate::change::{Change, NewScope};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, At, DirId, Principal, Profile, RbacRole, RoleRef, ScopeRef, SubId};

/// Offers whose directory cannot be changed: Cloud Solution Provider
/// (MS-AZR-0145P, -0146P, and the one Microsoft prints as MS-AZR-159P),
/// Microsoft Internal (MS-AZR-0015P) and Azure for Students Starter
/// (MS-AZR-0144P).
const FIXED_DIRECTORY_OFFERS: [&str; 5] = [
    "MS-AZR-0145P",
    "MS-AZR-0146P",
    "MS-AZR-0159P",
    "MS-AZR-0015P",
    "MS-AZR-0144P",
];

pub(super) fn check(v: &impl Facts, op: &ChangeSubscriptionDirectory) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let dir = common::directory(v, &op.directory)?;
    move_to(v, actor, sub, dir)
}

/// `CROSS_CLOUD` unless the subscription's directory and `dir` share a cloud.
pub(super) fn same_cloud(v: &impl Facts, sub: SubId, dir: DirId) -> Checked<()> {
    let from = v.sub_directory(sub);
    common::same_cloud(
        || {
            format!(
                "Moving subscription {} to {}",
                common::sub_name(v, sub),
                common::dir_name(v, dir)
            )
        },
        common::dir_cloud(v, from),
        common::dir_cloud(v, dir),
    )
}

/// The move, checked against `v` (which composites stage).
pub(super) fn move_to(
    v: &impl Facts,
    actor: AccId,
    sub: SubId,
    dir: DirId,
) -> Checked<Vec<Change>> {
    common::clouds_in_service(v, [v.sub_directory(sub), dir])?;
    same_cloud(v, sub, dir)?;
    match common::profile(v) {
        Profile::Classic => classic(v, actor, sub, dir),
        Profile::Current => current(v, actor, sub, dir),
    }
}

fn classic(v: &impl Facts, actor: AccId, sub: SubId, dir: DirId) -> Checked<Vec<Change>> {
    common::service_admin_only(v, actor, sub)?;
    user_of_target(v, actor, dir)?;
    not_pending(v, sub)?;
    let from = not_already_there(v, sub, dir)?;
    let co_admins = v.co_admins(sub);
    let mut changes = Vec::with_capacity(1 + co_admins.len() + v.assignment_count(sub));
    changes.push(Change::MoveSubscription { sub, from, to: dir });
    changes.extend(
        co_admins
            .into_iter()
            .map(|acc| Change::RemoveCoAdmin { sub, acc }),
    );
    removals(v, sub, &mut changes);
    Ok(changes)
}

fn current(v: &impl Facts, actor: AccId, sub: SubId, dir: DirId) -> Checked<Vec<Change>> {
    direct_owner(v, actor, sub)?;
    user_of_target(v, actor, dir)?;
    may_leave(v, actor, sub)?;
    may_enter(v, actor, sub, dir)?;
    offer_can_move(v, sub)?;
    not_pending(v, sub)?;
    let from = not_already_there(v, sub, dir)?;
    Ok(moved(v, sub, from, dir, actor))
}

/// The effects of a move under the current rules: the subscription moves,
/// every role assignment at or below it is deleted, and every custom role
/// all of whose assignable scopes lie in it; `owner` (who completed the
/// move) is given Owner at its scope (classic-administrator-retire.md,
/// transfer-subscription.md).
pub(super) fn moved(
    v: &impl Facts,
    sub: SubId,
    from: DirId,
    to: DirId,
    owner: AccId,
) -> Vec<Change> {
    let mut changes = Vec::with_capacity(v.assignment_count(sub) + 2);
    changes.push(Change::MoveSubscription { sub, from, to });
    removals(v, sub, &mut changes);
    changes.push(Change::AddAssignment {
        scope: NewScope::sub(sub),
        principal: Principal::User(owner),
        role: RoleRef::Builtin(RbacRole::Owner),
        condition: None,
    });
    changes
}

/// `REQUIRES_OWNER` unless the actor holds Owner at the subscription's
/// scope itself, not through a group (an Office 365 subscription has no
/// Owners).
pub(super) fn direct_owner(v: &impl Facts, actor: AccId, sub: SubId) -> Checked<()> {
    let owner = RoleRef::Builtin(RbacRole::Owner);
    if v.state().sub(sub).azure().is_some()
        && v.holds(Principal::User(actor), At::Sub(sub, 0), owner)
    {
        return Ok(());
    }
    Err(ErrorKind::RequiresOwner {
        actor: common::acc_name(v, actor),
        subscription: common::sub_name(v, sub),
    })
}

/// Whether the policy exempts the account.
fn exempt(policy: &crate::model::SubscriptionPolicy, acc: AccId) -> bool {
    policy.exempted.binary_search(&acc).is_ok()
}

/// `SUBSCRIPTION_POLICY_BLOCKS_LEAVING` if the source directory keeps its
/// subscriptions and the actor is not exempted there.
pub(super) fn may_leave(v: &impl Facts, actor: AccId, sub: SubId) -> Checked<()> {
    let from = v.sub_directory(sub);
    let leaving = v.policy(from);
    if leaving.block_leaving && !exempt(&leaving, actor) {
        return Err(ErrorKind::SubscriptionPolicyBlocksLeaving {
            actor: common::acc_name(v, actor),
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, from),
        });
    }
    Ok(())
}

/// `SUBSCRIPTION_POLICY_BLOCKS_ENTERING` if the target keeps subscriptions
/// out and `acc` is not exempted there.
pub(super) fn may_enter(v: &impl Facts, acc: AccId, sub: SubId, dir: DirId) -> Checked<()> {
    let entering = v.policy(dir);
    if entering.block_entering && !exempt(&entering, acc) {
        return Err(ErrorKind::SubscriptionPolicyBlocksEntering {
            actor: common::acc_name(v, acc),
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, dir),
        });
    }
    Ok(())
}

/// `DIRECTORY_CHANGE_NOT_SUPPORTED` for the offers that cannot move.
pub(super) fn offer_can_move(v: &impl Facts, sub: SubId) -> Checked<()> {
    if let Some(offer) = v.state().sub(sub).azure().map(|a| &*a.offer) {
        if FIXED_DIRECTORY_OFFERS.contains(&offer) {
            return Err(ErrorKind::DirectoryChangeNotSupported {
                subscription: common::sub_name(v, sub),
                offer: offer.to_owned(),
            });
        }
    }
    Ok(())
}

/// `CHANGE_REQUEST_PENDING` if a two-party move is already pending.
pub(super) fn not_pending(v: &impl Facts, sub: SubId) -> Checked<()> {
    match v.change_request(sub) {
        None => Ok(()),
        Some(request) => Err(ErrorKind::ChangeRequestPending {
            subscription: common::sub_name(v, sub),
            to: common::dir_name(v, request.to),
        }),
    }
}

/// `NOT_A_USER_OF_TARGET` unless the actor is a user of the target.
fn user_of_target(v: &impl Facts, actor: AccId, dir: DirId) -> Checked<()> {
    if v.is_user(actor, dir) {
        return Ok(());
    }
    Err(ErrorKind::NotAUserOfTarget {
        account: common::acc_name(v, actor),
        directory: common::dir_name(v, dir),
    })
}

/// The directory the subscription leaves; `SAME_DIRECTORY` if it is `dir`.
pub(super) fn not_already_there(v: &impl Facts, sub: SubId, dir: DirId) -> Checked<DirId> {
    let from = v.sub_directory(sub);
    if from == dir {
        return Err(ErrorKind::SameDirectory {
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, dir),
        });
    }
    Ok(from)
}

/// Every role assignment at or below the subscription, removed, then every
/// custom role whose assignable scopes all lie inside it, deleted: added
/// to `changes`.
fn removals(v: &impl Facts, sub: SubId, changes: &mut Vec<Change>) {
    let st = v.state();
    changes.extend(v.assignments(sub).iter().map(|a| Change::RemoveAssignment {
        scope: ScopeRef::Sub(sub, a.scope),
        principal: a.principal,
        role: a.role,
    }));
    let inside = |scope: &ScopeRef| matches!(scope, ScopeRef::Sub(s, _) if *s == sub);
    changes.extend(
        st.dir(v.sub_directory(sub))
            .custom_roles
            .iter()
            .copied()
            .filter(|r| {
                let scopes = &st.custom_role(*r).assignable_scopes;
                !scopes.is_empty() && scopes.iter().all(inside)
            })
            .map(|role| Change::DeleteCustomRole { role }),
    );
}

/// What a move of a subscription to a directory would meet, whoever
/// tried it: for `move_impact`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Prospect {
    /// Refusals whoever tried: the subscription, its offer, a pending
    /// request, the clouds; and, when nobody can move it, each would-be
    /// mover's own refusal.
    pub(crate) blocking: Vec<ErrorKind>,
    /// Who R6 lets move it now.
    pub(crate) movers: Vec<AccId>,
    /// Who may ask for the two-party move (N4, current profile).
    pub(crate) requesters: Vec<AccId>,
    /// The move's changes: the first mover's plan, or (nobody can move it)
    /// the same without the Owner given to whoever completes it.
    pub(crate) changes: Vec<Change>,
}

/// The move of `sub` to `dir`, read for every account that could make it:
/// the service administrator (classic), or each user holding Owner
/// directly at the subscription's scope (current).
pub(crate) fn prospect(v: &impl Facts, sub: SubId, dir: DirId) -> Prospect {
    let mut out = Prospect::default();
    let from = v.sub_directory(sub);
    let current = common::profile(v) == Profile::Current;
    let general = [
        common::clouds_in_service(v, [from, dir]),
        same_cloud(v, sub, dir),
        if current {
            offer_can_move(v, sub)
        } else {
            Ok(())
        },
        not_pending(v, sub),
        not_already_there(v, sub, dir).map(|_| ()),
    ];
    out.blocking
        .extend(general.into_iter().filter_map(Result::err));
    let candidates: Vec<AccId> = if current {
        let owner = RoleRef::Builtin(RbacRole::Owner);
        let mut owners: Vec<AccId> = v
            .assignments(sub)
            .iter()
            .filter(|a| a.scope == crate::model::ScopeId::SUBSCRIPTION && a.role == owner)
            .filter_map(|a| match a.principal {
                Principal::User(acc) => Some(acc),
                _ => None,
            })
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    } else {
        v.service_admin(sub).into_iter().collect()
    };
    // Each would-be mover's own refusals, every one of them rather than
    // the first: the policies' first, then the rest. Whether it is a user
    // of the target is asked as a yes or no; its refusal (names
    // formatted) is written only if nobody can move it.
    let (mut policies, mut strangers, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for &acc in &candidates {
        let leave = if current {
            may_leave(v, acc, sub)
        } else {
            Ok(())
        };
        let enter = if current {
            may_enter(v, acc, sub, dir)
        } else {
            Ok(())
        };
        let user = v.is_user(acc, dir);
        if out.blocking.is_empty() && leave.is_ok() && enter.is_ok() && user {
            match move_to(v, acc, sub, dir) {
                Ok(changes) => {
                    if out.movers.is_empty() {
                        out.changes = changes;
                    }
                    out.movers.push(acc);
                }
                // Its own refusal, said if nobody can move it.
                Err(e) => refused.push(e),
            }
        }
        if current && out.blocking.is_empty() && leave.is_ok() {
            out.requesters.push(acc);
        }
        policies.extend([leave, enter].into_iter().filter_map(Result::err));
        if !user {
            strangers.push(acc);
        }
    }
    if out.movers.is_empty() {
        if candidates.is_empty() {
            let (holder, remedy) = if current {
                (
                    "Owner assigned directly to a user at its scope",
                    "Assign Owner at the subscription's scope to a user of both directories (directly, not through a group), then move it.",
                )
            } else {
                (
                    "service administrator (who alone changes its directory)",
                    "Make a user its service administrator first (change_service_administrator, R9); an Azure plan bought through a partner has none, and its partner manages it (N7).",
                )
            };
            out.blocking.push(ErrorKind::NoDirectOwner {
                subscription: common::sub_name(v, sub),
                holder,
                remedy,
            });
        }
        let others = strangers
            .into_iter()
            .filter_map(|acc| user_of_target(v, acc, dir).err());
        for e in policies.into_iter().chain(others).chain(refused) {
            if !out.blocking.contains(&e) {
                out.blocking.push(e);
            }
        }
        if from != dir {
            out.changes
                .push(Change::MoveSubscription { sub, from, to: dir });
            if !current {
                out.changes.extend(
                    v.co_admins(sub)
                        .into_iter()
                        .map(|acc| Change::RemoveCoAdmin { sub, acc }),
                );
            }
            removals(v, sub, &mut out.changes);
        }
    }
    out
}

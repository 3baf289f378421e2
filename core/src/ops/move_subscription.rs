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
//! Students Starter) cannot change directory. Every role assignment at or
//! below the subscription is deleted, and the actor is given Owner.

use super::common::{self, Checked};
use super::ChangeSubscriptionDirectory;
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{AccId, DirId, Profile, RbacRole, SubId};

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
    let from = not_already_there(v, sub, dir)?;
    let co_admins = v.co_admins(sub);
    let mut changes = vec![Change::MoveSubscription { sub, from, to: dir }];
    changes.extend(
        co_admins
            .into_iter()
            .map(|acc| Change::RemoveCoAdmin { sub, acc }),
    );
    changes.extend(removals(v, sub));
    Ok(changes)
}

fn current(v: &impl Facts, actor: AccId, sub: SubId, dir: DirId) -> Checked<Vec<Change>> {
    let azure = v.state().sub(sub).azure();
    if azure.is_none() || !v.holds(sub, actor, RbacRole::Owner, 0) {
        return Err(ErrorKind::RequiresOwner {
            actor: common::acc_name(v, actor),
            subscription: common::sub_name(v, sub),
        });
    }
    user_of_target(v, actor, dir)?;
    let from = v.sub_directory(sub);
    let leaving = v.policy(from);
    if leaving.block_leaving && leaving.exempted.binary_search(&actor).is_err() {
        return Err(ErrorKind::SubscriptionPolicyBlocksLeaving {
            actor: common::acc_name(v, actor),
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, from),
        });
    }
    let entering = v.policy(dir);
    if entering.block_entering && entering.exempted.binary_search(&actor).is_err() {
        return Err(ErrorKind::SubscriptionPolicyBlocksEntering {
            actor: common::acc_name(v, actor),
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, dir),
        });
    }
    if let Some(offer) = azure.map(|a| &*a.offer) {
        if FIXED_DIRECTORY_OFFERS.contains(&offer) {
            return Err(ErrorKind::DirectoryChangeNotSupported {
                subscription: common::sub_name(v, sub),
                offer: offer.to_owned(),
            });
        }
    }
    let from = not_already_there(v, sub, dir)?;
    let mut changes = vec![Change::MoveSubscription { sub, from, to: dir }];
    changes.extend(removals(v, sub));
    // The user who completes the move is assigned Owner
    // (classic-administrator-retire.md).
    changes.push(Change::AddAssignment {
        sub,
        principal: actor,
        role: RbacRole::Owner,
        resource_group: None,
    });
    Ok(changes)
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
fn not_already_there(v: &impl Facts, sub: SubId, dir: DirId) -> Checked<DirId> {
    let from = v.sub_directory(sub);
    if from == dir {
        return Err(ErrorKind::SameDirectory {
            subscription: common::sub_name(v, sub),
            directory: common::dir_name(v, dir),
        });
    }
    Ok(from)
}

/// Every role assignment at or below the subscription, removed.
fn removals(v: &impl Facts, sub: SubId) -> impl Iterator<Item = Change> {
    v.assignments(sub)
        .into_iter()
        .map(move |a| Change::RemoveAssignment {
            sub,
            principal: a.principal,
            role: a.role,
            scope: a.scope,
        })
}

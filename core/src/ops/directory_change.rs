//! N4: the two-party route for changing a subscription's directory
//! (subscription-change-directory.md, "transfer to a directory you are not
//! a member of"): an Owner requests the move, naming the target and
//! optionally the one account that may accept; a Global Administrator of
//! the target accepts (Microsoft's page says "an Entra admin"; the model
//! reads it as a Global Administrator), or the initiator or an Owner
//! cancels. Accepting has R6's effects, and the acceptor, not the
//! initiator, is given Owner. At most one request is pending per
//! subscription.

use super::common::{self, not_authorized, Checked};
use super::move_subscription::{self, direct_owner};
use super::{DirectoryChangeDecision, RequestDirectoryChange};
use crate::change::Change;
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{ChangeRequest, DirectoryRole, SubId};

/// `request_directory_change`: R6's checks but the initiator need not be
/// a user of the target.
pub(super) fn request(v: &impl Facts, op: &RequestDirectoryChange) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let dir = common::directory(v, &op.directory)?;
    let acceptor = op
        .acceptor
        .as_deref()
        .map(|a| common::account(v, a))
        .transpose()?;
    common::clouds_in_service(v, [v.sub_directory(sub), dir])?;
    move_subscription::same_cloud(v, sub, dir)?;
    direct_owner(v, actor, sub)?;
    move_subscription::may_leave(v, actor, sub)?;
    move_subscription::offer_can_move(v, sub)?;
    move_subscription::not_pending(v, sub)?;
    move_subscription::not_already_there(v, sub, dir)?;
    if let Some(acc) = acceptor {
        if !v.is_user(acc, dir) {
            return Err(ErrorKind::NotAUserOfDirectory {
                account: common::acc_name(v, acc),
                directory: common::dir_name(v, dir),
            });
        }
    }
    Ok(vec![Change::RequestMove {
        sub,
        request: ChangeRequest {
            initiator: actor,
            to: dir,
            acceptor,
        },
    }])
}

/// The pending request (`NO_CHANGE_REQUEST` if none).
fn pending(v: &impl Facts, sub: SubId) -> Checked<ChangeRequest> {
    v.change_request(sub)
        .ok_or_else(|| ErrorKind::NoChangeRequest {
            subscription: common::sub_name(v, sub),
        })
}

/// `accept_directory_change`: a Global Administrator of the target (the
/// named acceptor, if one was named), whose exemption is the one that
/// counts for entering.
pub(super) fn accept(v: &impl Facts, op: &DirectoryChangeDecision) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let request = pending(v, sub)?;
    let dir = request.to;
    common::clouds_in_service(v, [v.sub_directory(sub), dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    let named_other = request.acceptor.is_some_and(|a| a != actor);
    if named_other || !v.has_role(actor, dir, DirectoryRole::GlobalAdministrator) {
        return Err(ErrorKind::RequiresGlobalAdmin {
            actor: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    move_subscription::may_enter(v, actor, sub, dir)?;
    let from = v.sub_directory(sub);
    Ok(move_subscription::moved(v, sub, from, dir, actor))
}

/// `cancel_directory_change`: the initiator, or a direct Owner.
pub(super) fn cancel(v: &impl Facts, op: &DirectoryChangeDecision) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let request = pending(v, sub)?;
    common::clouds_in_service(v, [v.sub_directory(sub)])?;
    if request.initiator != actor && direct_owner(v, actor, sub).is_err() {
        return Err(not_authorized(
            v,
            actor,
            "cancel the directory change of subscription",
            common::sub_name(v, sub),
            "the one who requested it, or an Owner of the subscription",
        ));
    }
    Ok(vec![Change::CancelMove { sub }])
}

//! N6: management groups (governance/management-groups/overview.md). Every
//! directory has a tenant root group, named by its tenant id; below it at
//! most six levels (`MANAGEMENT_GROUP_DEPTH`). Creating one needs
//! `Microsoft.Management/managementGroups/write` at its parent; moving a
//! subscription under one needs Owner of the subscription (by any grant)
//! and that permission at the target.

use super::common::{self, invalid, Checked};
use super::{CreateManagementGroup, MoveSubscriptionToManagementGroup};
use crate::access::{self, Wanted};
use crate::change::{Change, NewManagementGroup};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    Action, At, DirId, MgId, Principal, RbacRole, RoleRef, MAX_MANAGEMENT_GROUP_DEPTH,
};

/// A management group of `dir` by name (`UNKNOWN_MANAGEMENT_GROUP`).
fn group(v: &impl Facts, dir: DirId, name: &str) -> Checked<MgId> {
    v.state()
        .find_mg(Some(dir), name)
        .ok_or_else(|| ErrorKind::UnknownManagementGroup {
            management_group: name.to_owned(),
        })
}

/// ARM's management group names: 1 to 90 letters, digits, `-`, `_`, `(`,
/// `)` and `.`, not ending with a period.
fn check_name(name: &str) -> Checked<()> {
    let ok = !name.is_empty()
        && name.len() <= 90
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '(' | ')' | '.'));
    if !ok {
        return Err(invalid(
            "management group name",
            name,
            "1 to 90 letters, digits, '-', '_', '(', ')' or '.', not ending with '.'".into(),
        ));
    }
    Ok(())
}

/// `NOT_AUTHORIZED` unless the actor holds managementGroups/write at `mg`.
fn may_write(v: &impl Facts, actor: Principal, mg: MgId, action: &'static str) -> Checked<()> {
    let wanted = Wanted::Known(Action::WriteManagementGroups);
    if access::allows(v, actor, At::Group(mg), wanted) {
        return Ok(());
    }
    Err(ErrorKind::NotAuthorized {
        actor: common::principal_name(v, actor),
        action,
        target: v.state().at_path(At::Group(mg)),
        needs: "Microsoft.Management/managementGroups/write there (Owner, Contributor or Management Group Contributor)",
    })
}

/// `create_management_group`.
pub(super) fn create(v: &impl Facts, op: &CreateManagementGroup) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let dir = common::directory(v, &op.directory)?;
    check_name(&op.name)?;
    let parent = match op.parent.as_deref() {
        Some(name) => group(v, dir, name)?,
        None => v.state().dir(dir).root_group,
    };
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    may_write(v, actor, parent, "create management groups under")?;
    let st = v.state();
    if st.find_mg(Some(dir), &op.name).is_some() {
        return Err(invalid(
            "management group name",
            &op.name,
            format!(
                "{} already has a management group of that name",
                common::dir_name(v, dir)
            ),
        ));
    }
    if st.mg(parent).depth >= MAX_MANAGEMENT_GROUP_DEPTH {
        return Err(ErrorKind::ManagementGroupDepth {
            management_group: op.name.as_str().into(),
            limit: MAX_MANAGEMENT_GROUP_DEPTH,
        });
    }
    Ok(vec![Change::CreateManagementGroup(Box::new(
        NewManagementGroup {
            id: MgId::at(st.mgs.len()),
            name: op.name.as_str().into(),
            directory: dir,
            parent,
        },
    ))])
}

/// `move_subscription_to_management_group`.
pub(super) fn place(
    v: &impl Facts,
    op: &MoveSubscriptionToManagementGroup,
) -> Checked<Vec<Change>> {
    let actor = common::actor(v, &op.actor)?;
    let sub = common::subscription(v, &op.subscription)?;
    let dir = v.sub_directory(sub);
    let mg = group(v, dir, &op.management_group)?;
    if v.state().sub(sub).azure().is_none() {
        return Err(invalid(
            "subscription",
            &op.subscription,
            "an Office 365 subscription sits under no management group".into(),
        ));
    }
    common::clouds_in_service(v, [dir])?;
    common::actor_in_cloud_of(v, actor, dir)?;
    let owner = access::grants(v, actor, At::Sub(sub, 0), Wanted::Named("*"))
        .iter()
        .any(|g| g.role == RoleRef::Builtin(RbacRole::Owner) && g.condition.is_none());
    if !owner {
        return Err(ErrorKind::NotAuthorized {
            actor: common::principal_name(v, actor),
            action: "move subscription",
            target: common::sub_name(v, sub),
            needs: "Owner of the subscription",
        });
    }
    may_write(v, actor, mg, "move subscriptions under")?;
    if v.management_group(sub) == Some(mg) {
        return Err(ErrorKind::AlreadyAssigned {
            what: format!(
                "Subscription {} under management group {}",
                common::sub_name(v, sub),
                v.state().mg(mg).name
            ),
        });
    }
    Ok(vec![Change::PlaceSubscription { sub, group: mg }])
}

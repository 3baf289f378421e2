//! N7: partners today (Partner Center GDAP, the Azure plan): a partner's
//! admin proposes a granular delegated admin privileges relationship to a
//! customer directory, naming directory roles and a duration of 1 to 730
//! days; a Global Administrator of the customer approves it; while it is
//! approved the members of the partner's Admin Agents group hold those
//! roles in the customer directory. The first relationship creates the
//! Admin Agents group in the partner's directory with the partner's admin
//! in it. With an approved relationship the partner creates Azure plan
//! subscriptions (offer MS-AZR-0145P) in the customer directory, whose Owner
//! is the Admin Agents group, a foreign group there; the storefront lists
//! them.

use super::common::{self, invalid, not_authorized, Checked};
use super::{ApproveGdapRelationship, CreateAzurePlanSubscription, CreateGdapRelationship};
use crate::change::{Change, NewGdap, NewGroup, NewPlan, NewScope, NewSubscription};
use crate::error::ErrorKind;
use crate::facts::Facts;
use crate::model::{
    AccId, DirId, DirectoryRole, GdapId, GroupId, PartnerId, Principal, RbacRole, RoleRef, RoleSet,
    SubId, MAX_GDAP_DAYS,
};

/// The name of a partner's Admin Agents group.
pub(crate) const ADMIN_AGENTS: &str = "Admin Agents";

/// The offer of Azure plan subscriptions.
const AZURE_PLAN: &str = "MS-AZR-0145P";

/// `NOT_AUTHORIZED` unless the actor is the partner's admin or one of its
/// admin agents.
fn partner_agent(v: &impl Facts, actor: AccId, partner: PartnerId) -> Checked<()> {
    let st = v.state();
    let p = st.partner(partner);
    let agent = p.admin == actor
        || p.admin_agents
            .is_some_and(|g| st.account(actor).member_of.contains(g));
    if agent {
        return Ok(());
    }
    Err(not_authorized(
        v,
        actor,
        "act for the partner",
        p.name.clone(),
        "the partner's admin or one of its admin agents",
    ))
}

/// `create_gdap_relationship`.
pub(super) fn create(v: &impl Facts, op: &CreateGdapRelationship) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let partner = common::partner(v, &op.partner)?;
    let dir = common::directory(v, &op.directory)?;
    let roles = op
        .roles
        .iter()
        .map(|r| common::parse::<DirectoryRole>("directory role", r))
        .collect::<Checked<Vec<_>>>()?;
    if roles.is_empty() {
        return Err(invalid(
            "roles",
            "",
            "a GDAP relationship grants at least one directory role".into(),
        ));
    }
    let duration = u16::try_from(op.duration_days)
        .ok()
        .filter(|d| (1..=MAX_GDAP_DAYS).contains(d))
        .ok_or_else(|| {
            invalid(
                "duration_days",
                &op.duration_days.to_string(),
                format!("a GDAP relationship lasts 1 to {MAX_GDAP_DAYS} days"),
            )
        })?;
    let st = v.state();
    let home = st.partner(partner).directory;
    common::clouds_in_service(v, [home, dir])?;
    common::same_cloud(
        || {
            format!(
                "A GDAP relationship of {} with {}",
                op.partner,
                common::dir_name(v, dir)
            )
        },
        common::dir_cloud(v, home),
        common::dir_cloud(v, dir),
    )?;
    partner_agent(v, actor, partner)?;
    if dir == home {
        return Err(invalid(
            "directory",
            &op.directory,
            "a partner's relationship is with a customer directory, not its own".into(),
        ));
    }
    let mut set = RoleSet::default();
    roles.into_iter().for_each(|r| set.insert(r));
    let mut changes = Vec::with_capacity(3);
    if st.partner(partner).admin_agents.is_none() {
        let group = GroupId::at(st.groups.len());
        changes.push(Change::CreateGroup(Box::new(NewGroup {
            id: group,
            name: ADMIN_AGENTS.into(),
            directory: home,
            role_assignable: false,
            admin_agents_of: Some(partner),
        })));
        changes.push(Change::AddGroupMember {
            group,
            member: Principal::User(st.partner(partner).admin),
        });
    }
    changes.push(Change::CreateGdap(Box::new(NewGdap {
        partner,
        customer: dir,
        roles: set,
        duration_days: duration,
    })));
    Ok(changes)
}

/// The partner's relationships with `dir`, most recent first.
fn relationships(
    v: &impl Facts,
    partner: PartnerId,
    dir: DirId,
) -> impl Iterator<Item = GdapId> + '_ {
    let st = v.state();
    st.partner(partner)
        .gdap
        .iter()
        .rev()
        .copied()
        .filter(move |g| st.gdap(*g).customer == dir)
}

/// `approve_gdap_relationship`: the most recent pending one.
pub(super) fn approve(v: &impl Facts, op: &ApproveGdapRelationship) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let partner = common::partner(v, &op.partner)?;
    let dir = common::directory(v, &op.directory)?;
    common::clouds_in_service(v, [dir])?;
    common::account_in_cloud_of(v, actor, dir)?;
    if !common::is_global_admin(v, actor, dir) {
        return Err(ErrorKind::RequiresGlobalAdmin {
            actor: common::acc_name(v, actor),
            directory: common::dir_name(v, dir),
        });
    }
    let pending = relationships(v, partner, dir).find(|g| !v.state().gdap(*g).approved);
    match pending {
        Some(gdap) => Ok(vec![Change::ApproveGdap { gdap }]),
        None => Err(ErrorKind::NoRelationship {
            partner: v.state().partner(partner).name.clone(),
            directory: common::dir_name(v, dir),
        }),
    }
}

/// `create_azure_plan_subscription`.
pub(super) fn azure_plan(v: &impl Facts, op: &CreateAzurePlanSubscription) -> Checked<Vec<Change>> {
    let actor = common::account(v, &op.actor)?;
    let partner = common::partner(v, &op.partner)?;
    let dir = common::directory(v, &op.directory)?;
    common::optional_display_name("subscription name", op.name.as_deref())?;
    let st = v.state();
    common::clouds_in_service(v, [st.partner(partner).directory, dir])?;
    common::same_cloud(
        || {
            format!(
                "An Azure plan of {} in {}",
                op.partner,
                common::dir_name(v, dir)
            )
        },
        common::dir_cloud(v, st.partner(partner).directory),
        common::dir_cloud(v, dir),
    )?;
    let p = st.partner(partner);
    if p.admin != actor {
        return Err(not_authorized(
            v,
            actor,
            "create Azure plan subscriptions for",
            p.name.clone(),
            "the partner's admin",
        ));
    }
    let approved = relationships(v, partner, dir).any(|g| st.gdap(g).approved);
    let (true, Some(agents)) = (approved, p.admin_agents) else {
        return Err(ErrorKind::NoRelationship {
            partner: p.name.clone(),
            directory: common::dir_name(v, dir),
        });
    };
    let sub = SubId::at(st.subs.len());
    Ok(vec![
        Change::CreateSubscription(Box::new(NewSubscription {
            id: sub,
            name: op.name.as_deref().unwrap_or("Azure plan").into(),
            directory: dir,
            plan: NewPlan::Azure {
                offer: AZURE_PLAN.into(),
                account_admin: actor,
                service_admin: None,
            },
        })),
        Change::AddAssignment {
            scope: NewScope::sub(sub),
            principal: Principal::ForeignGroup(agents),
            role: RoleRef::Builtin(RbacRole::Owner),
            condition: None,
        },
    ])
}

//! Before you move it: [`Tenancy::move_impact`], everything a directory
//! move of one subscription does — what blocks it, who can make it, the
//! model's effects (R6's plan) and every affected object of its inventory,
//! row by row as Microsoft's table gives them ([`table`]) — and
//! [`Tenancy::restore_plan`], the operations that re-create in the target
//! what the move deletes.

mod restore;
pub mod table;

use crate::change::{render, Change};
use crate::error::{Error, Result, Rule};
use crate::model::{ServicePrincipalKind, SpId, SubId};
use crate::record::{Decision, ImpactItem, MoveImpact};
use crate::state::State;
use crate::tenancy::Tenancy;
use crate::Effect;
use table::{Row, When, BY_TYPE};

impl Tenancy {
    /// What moving `subscription` to `directory` would do, for both
    /// profiles: the refusals that stand whoever tries (blocking facts
    /// first), who can make the move (R6) or ask for it (N4), its effects,
    /// and each affected object — role assignments and custom roles
    /// deleted, managed identities broken, key vaults, Entra-authenticated
    /// servers, AKS, policy, ACLs, credentials that survive, billing
    /// ownership — with what Microsoft says of it and what to do.
    pub fn move_impact(&self, subscription: &str, directory: &str) -> Result<MoveImpact> {
        let sub = self.sub_id(subscription)?;
        let dir = self.dir_id(directory)?;
        let st = &self.state;
        if st.sub(sub).azure().is_none() {
            return Err(Error::new(crate::ErrorKind::InvalidName {
                field: "subscription",
                value: subscription.to_owned(),
                reason: "an Office 365 subscription belongs to its directory and does not change directory".into(),
            })
            .with_rule(Some(Rule::R6)));
        }
        let prospect = crate::ops::prospect(st, sub, dir);
        let effects = render(st, &prospect.changes);
        let name = |acc| st.account(acc).reference.to_string();
        Ok(MoveImpact {
            subscription: st.sub(sub).key.to_string(),
            from: st.dir(st.sub(sub).directory).initial_domain.to_string(),
            to: st.dir(dir).initial_domain.to_string(),
            profile: st.profile.to_string(),
            blocking: prospect
                .blocking
                .into_iter()
                .map(|kind| {
                    Decision::from(crate::Decision::from(
                        Error::new(kind).with_rule(Some(Rule::R6)),
                    ))
                })
                .collect(),
            movers: prospect.movers.into_iter().map(name).collect(),
            requesters: prospect.requesters.into_iter().map(name).collect(),
            items: items(st, sub, &prospect.changes, &effects),
            effects: effects
                .into_iter()
                .map(crate::record::Effect::from)
                .collect(),
            sources: table::SOURCES.iter().map(|s| (*s).to_owned()).collect(),
        })
    }
}

/// An item of `row` about `object`.
fn item(row: &Row, object: String, detail: Option<String>) -> ImpactItem {
    ImpactItem {
        row: row.key.to_owned(),
        service: row.service.to_owned(),
        object,
        impact: row.impact.to_owned(),
        recoverable: row.recoverable,
        remedy: row.remedy.to_owned(),
        detail,
    }
}

/// Every affected object: what the model's effects delete, then the
/// inventory row by row in the table's order, then billing ownership;
/// objects sorted within a row.
fn items(st: &State, sub: SubId, changes: &[Change], effects: &[Effect]) -> Vec<ImpactItem> {
    let mut groups: Vec<Vec<ImpactItem>> = Vec::new();
    let (mut assignments, mut roles, mut co_admins) = (Vec::new(), Vec::new(), Vec::new());
    for effect in effects {
        match effect {
            Effect::RoleAssignmentRemoved {
                principal,
                role,
                scope,
                condition,
                ..
            } => assignments.push(item(
                &table::ROLE_ASSIGNMENTS,
                format!("{principal} {role} at {scope}"),
                condition.as_ref().map(|c| format!("condition: {c}")),
            )),
            Effect::CustomRoleDeleted { role } => {
                roles.push(item(&table::CUSTOM_ROLES, role.to_string(), None))
            }
            Effect::CoAdministratorRemoved { account, .. } => {
                co_admins.push(item(&table::CO_ADMINISTRATORS, account.to_string(), None))
            }
            _ => {}
        }
    }
    groups.extend([assignments, roles, co_admins]);
    let moves = changes
        .iter()
        .any(|c| matches!(c, Change::MoveSubscription { .. }));
    if !moves {
        return Vec::new();
    }
    let (resources, identities) = st.inventory(sub);
    let resources: Vec<_> = resources.collect();
    // Managed identities: the subscription's own, and any an imported
    // resource names.
    let mut seen: Vec<SpId> = identities.to_vec();
    for r in &resources {
        seen.extend(r.system_identity);
        seen.extend(r.user_identities.iter().copied());
    }
    seen.sort_unstable();
    seen.dedup();
    let (mut system, mut user) = (Vec::new(), Vec::new());
    for sp in seen.iter().filter_map(|s| st.sps.get(s.idx())) {
        let object = sp.resource.as_deref().unwrap_or(&sp.name).to_owned();
        let detail = Some(format!("{} (object id {})", sp.name, sp.id));
        match sp.kind {
            ServicePrincipalKind::ManagedIdentitySystem => {
                system.push(item(&table::SYSTEM_IDENTITIES, object, detail))
            }
            ServicePrincipalKind::ManagedIdentityUser => {
                user.push(item(&table::USER_IDENTITIES, object, detail))
            }
            ServicePrincipalKind::Application => {}
        }
    }
    groups.extend([system, user]);
    for (row, types, when) in BY_TYPE {
        let mut of_row = Vec::new();
        for r in &resources {
            let applies = types.iter().any(|t| t.eq_ignore_ascii_case(&r.kind))
                && match when {
                    When::Always => true,
                    When::EntraAuthentication => r.entra_authentication,
                    When::Acls => r.acls,
                };
            if !applies {
                continue;
            }
            let detail = (row.key == "key_vaults").then(|| key_vault_detail(st, r));
            of_row.push(item(row, r.id.to_string(), detail));
        }
        groups.push(of_row);
    }
    let billing = st
        .sub(sub)
        .azure()
        .and_then(|a| a.account_admin)
        .map(|acc| st.account(acc).reference.to_string())
        .unwrap_or_else(|| "the billing owner (not read by the import)".to_owned());
    groups.push(vec![item(
        &table::BILLING,
        billing,
        Some("the account administrator stays the billing owner".into()),
    )]);
    groups
        .into_iter()
        .flat_map(|mut g| {
            g.sort_by(|a, b| a.object.cmp(&b.object));
            g
        })
        .collect()
}

/// A key vault's tenant id and the objects its access policies name.
fn key_vault_detail(st: &State, r: &crate::model::Resource) -> String {
    let tenant = r
        .key_vault_tenant
        .map_or_else(|| "unknown".to_owned(), |t| t.to_string());
    let named: Vec<String> = r
        .access_policies
        .iter()
        .map(
            |id| match st.find_object(*id).and_then(|p| st.principal_name(p)) {
                Some(name) => name.to_string(),
                None => format!("id:{id}"),
            },
        )
        .collect();
    if named.is_empty() {
        format!("tenant id {tenant}; no access policies")
    } else {
        format!(
            "tenant id {tenant}; access policies for {}",
            named.join(", ")
        )
    }
}

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
use crate::record::{Decision, ImpactObject, ImpactRow, MoveImpact};
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
            return Err(office365_does_not_move(subscription));
        }
        let prospect = crate::ops::prospect(st, sub, dir);
        // The removed assignments are the role_assignments row's objects;
        // the effects list the rest of the move.
        let rest: Vec<Change> = prospect
            .changes
            .iter()
            .filter(|c| !matches!(c, Change::RemoveAssignment { .. }))
            .cloned()
            .collect();
        let effects = render(st, &rest);
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
            rows: rows(st, sub, &prospect.changes, &effects),
            effects: effects
                .into_iter()
                .map(crate::record::Effect::from)
                .collect(),
            sources: table::SOURCES.iter().map(|s| (*s).to_owned()).collect(),
        })
    }
}

impl Tenancy {
    /// What moving `subscription` to any other directory does to what it
    /// holds, whoever makes the move and whether anyone may now: the rows
    /// of [`Tenancy::move_impact`] that depend on neither the target nor
    /// the mover — managed identities, resources by type (key vaults,
    /// Entra-authenticated servers, AKS, policy, ACLs, credentials) and
    /// billing ownership — each with its objects. A report flags a
    /// subscription whose move would break what cannot be recovered from
    /// these, even when every move is blocked or the snapshot holds one
    /// directory.
    pub fn move_inventory(&self, subscription: &str) -> Result<Vec<ImpactRow>> {
        let sub = self.sub_id(subscription)?;
        let st = &self.state;
        if st.sub(sub).azure().is_none() {
            return Err(office365_does_not_move(subscription));
        }
        let mut rows = Vec::new();
        inventory_rows(st, sub, &mut rows);
        Ok(finish(rows))
    }
}

/// An Office 365 subscription asked about as if it could move (R6).
pub(super) fn office365_does_not_move(subscription: &str) -> Error {
    Error::new(crate::ErrorKind::InvalidName {
        field: "subscription",
        value: subscription.to_owned(),
        reason: "an Office 365 subscription belongs to its directory and does not change directory"
            .into(),
    })
    .with_rule(Some(Rule::R6))
}

/// An affected object, with its particulars.
fn object(object: String, detail: Option<String>) -> ImpactObject {
    ImpactObject { object, detail }
}

/// Every affected object, by row: what the model's effects delete, then
/// the inventory row by row in the table's order, then billing ownership;
/// objects sorted within a row, rows without objects left out.
fn rows(st: &State, sub: SubId, changes: &[Change], effects: &[Effect]) -> Vec<ImpactRow> {
    let moves = changes
        .iter()
        .any(|c| matches!(c, Change::MoveSubscription { .. }));
    if !moves {
        return Vec::new();
    }
    let mut rows: Vec<(&Row, Vec<ImpactObject>)> = Vec::new();
    let (mut roles, mut co_admins) = (Vec::new(), Vec::new());
    for effect in effects {
        match effect {
            Effect::CustomRoleDeleted { role } => {
                roles.push(object(role.as_str().to_owned(), None))
            }
            Effect::CoAdministratorRemoved { account, .. } => {
                co_admins.push(object(account.to_string(), None))
            }
            _ => {}
        }
    }
    let assignments = removed_assignments(st, changes);
    rows.extend([
        (&table::ROLE_ASSIGNMENTS, assignments),
        (&table::CUSTOM_ROLES, roles),
        (&table::CO_ADMINISTRATORS, co_admins),
    ]);
    inventory_rows(st, sub, &mut rows);
    finish(rows)
}

/// The rows of what the subscription itself holds — its managed
/// identities, resources by type, billing ownership — which a move to any
/// directory affects alike, whoever makes it.
fn inventory_rows(st: &State, sub: SubId, rows: &mut Vec<(&Row, Vec<ImpactObject>)>) {
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
        let o = object(
            sp.resource.as_deref().unwrap_or(&sp.name).to_owned(),
            Some(format!("{} (object id {})", sp.name, sp.id)),
        );
        match sp.kind {
            ServicePrincipalKind::ManagedIdentitySystem => system.push(o),
            ServicePrincipalKind::ManagedIdentityUser => user.push(o),
            ServicePrincipalKind::Application => {}
        }
    }
    rows.extend([
        (&table::SYSTEM_IDENTITIES, system),
        (&table::USER_IDENTITIES, user),
    ]);
    // Resources by type (a subscription holds few types), each type
    // matched against the table once.
    let mut by_kind: Vec<(&str, Vec<&crate::model::Resource>)> = Vec::new();
    for r in &resources {
        match by_kind
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(&r.kind))
        {
            Some((_, list)) => list.push(r),
            None => by_kind.push((&r.kind, vec![r])),
        }
    }
    for (row, types, when) in BY_TYPE {
        let of_row = by_kind
            .iter()
            .filter(|(kind, _)| types.iter().any(|t| t.eq_ignore_ascii_case(kind)))
            .flat_map(|(_, list)| list.iter())
            .filter(|r| match when {
                When::Always => true,
                When::EntraAuthentication => r.entra_authentication,
                When::Acls => r.acls,
            })
            .map(|r| {
                let detail = (row.key == "key_vaults").then(|| key_vault_detail(st, r));
                object(r.id.to_string(), detail)
            })
            .collect();
        rows.push((row, of_row));
    }
    let billing = st
        .sub(sub)
        .azure()
        .and_then(|a| a.account_admin)
        .map(|acc| st.account(acc).reference.to_string())
        .unwrap_or_else(|| "the billing owner (not read by the import)".to_owned());
    rows.push((
        &table::BILLING,
        vec![object(
            billing,
            Some("the account administrator stays the billing owner".into()),
        )],
    ));
}

/// The rows with objects, each's objects sorted.
fn finish(rows: Vec<(&Row, Vec<ImpactObject>)>) -> Vec<ImpactRow> {
    rows.into_iter()
        .filter(|(_, objects)| !objects.is_empty())
        .map(|(row, mut objects)| {
            if !objects.windows(2).all(|w| w[0].object <= w[1].object) {
                objects.sort_unstable_by(|a, b| a.object.cmp(&b.object));
            }
            ImpactRow {
                row: row.key.to_owned(),
                service: row.service.to_owned(),
                impact: row.impact.to_owned(),
                recoverable: row.recoverable,
                remedy: row.remedy.to_owned(),
                objects,
            }
        })
        .collect()
}

/// A role as FORMAT.md writes it: a built-in role's spelling (`owner`), a
/// custom role's name.
fn role_as_written(st: &State, role: crate::model::RoleRef) -> &str {
    match role {
        crate::model::RoleRef::Builtin(r) => r.as_str(),
        crate::model::RoleRef::Custom(id) => &st.custom_role(id).name,
    }
}

/// The assignments the move removes, as `<principal> <role> at <scope>`
/// (each scope written once for the run of removals that share it).
fn removed_assignments(st: &State, changes: &[Change]) -> Vec<ImpactObject> {
    let mut last: Option<(crate::model::ScopeRef, String)> = None;
    let mut out = Vec::new();
    for c in changes {
        let Change::RemoveAssignment {
            scope,
            principal,
            role,
        } = c
        else {
            continue;
        };
        let path = match &last {
            Some((at, path)) if at == scope => path,
            _ => {
                let path = st.scope(*scope).to_string();
                &last.insert((*scope, path)).1
            }
        };
        let name = st.principal_name(*principal).unwrap_or_default();
        let role_name = role_as_written(st, *role);
        let mut text = String::with_capacity(name.len() + role_name.len() + path.len() + 5);
        text.push_str(&name);
        text.push(' ');
        text.push_str(role_name);
        text.push_str(" at ");
        text.push_str(path);
        let condition = (!st.conditions.is_empty())
            .then(|| {
                st.conditions
                    .get(&(st.at(*scope), principal.entity(), *role))
            })
            .flatten()
            .map(|c| format!("condition: {c}"));
        out.push(object(text, condition));
    }
    out
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

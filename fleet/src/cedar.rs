//! The "who may" rules of R6, R7, R8 and R9 written as Cedar policies, over
//! entities exported from a fleet, for a side-by-side with tenantry's `can`.
//!
//! Cedar answers only who may; tenantry's `can` also checks everything else
//! the operation needs (the target is a user, the directory differs…). The
//! two agree when Cedar allows exactly the requests that tenantry does not
//! refuse for authorization (`NOT_AUTHORIZED`, `REQUIRES_SERVICE_ADMIN`).
//! Requests are drawn with valid references in one cloud, so no earlier
//! check (an unknown reference, a cloud crossing) hides the authorization
//! answer.

use crate::{Fleet, Rng};
use cedar_policy::{
    Authorizer, Context, Decision, Entities, Entity, EntityId, EntityTypeName, EntityUid,
    PolicySet, RestrictedExpression,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::str::FromStr;
use tenantry::ops::*;
use tenantry::{Operation, RbacRole, Scope, Tenancy};

/// The policies: one `permit` per way of being allowed.
pub const POLICIES: &str = r#"
// R6: only the service administrator changes the directory a subscription trusts.
permit(principal, action == Action::"change_subscription_directory", resource)
when { resource has service_admin && resource.service_admin == principal };

// R7: the service administrator or a co-administrator adds co-administrators.
permit(principal, action == Action::"add_co_administrator", resource)
when { resource has service_admin &&
       (resource.service_admin == principal || resource.co_admins.contains(principal)) };

// R8: the service administrator, a co-administrator, or an Owner or User
// Access Administrator at the subscription assigns roles...
permit(principal, action == Action::"assign_role", resource)
when { resource has service_admin &&
       (resource.service_admin == principal || resource.co_admins.contains(principal) ||
        resource.access_admins.contains(principal)) };
// ...and an Owner or User Access Administrator of the resource group, there.
permit(principal, action == Action::"assign_role", resource)
when { context has resource_group && context.resource_group.access_admins.contains(principal) };

// R9: only the account administrator changes the service administrator.
permit(principal, action == Action::"change_service_administrator", resource)
when { resource has account_admin && resource.account_admin == principal };
"#;

/// The refusal codes that mean "this actor may not".
pub const AUTHORIZATION_CODES: [&str; 2] = ["NOT_AUTHORIZED", "REQUIRES_SERVICE_ADMIN"];

/// One question asked of both engines.
pub struct Request {
    /// For tenantry.
    pub operation: Operation,
    /// For Cedar.
    pub cedar: cedar_policy::Request,
}

/// Everything Cedar needs: the policies and the entities.
pub struct CedarSide {
    /// The parsed policies.
    pub policies: PolicySet,
    /// Subscriptions and resource groups, exported from the fleet.
    pub entities: Entities,
    /// The authorizer.
    pub authorizer: Authorizer,
}

fn uid(kind: &str, id: &str) -> Result<EntityUid, String> {
    let kind = EntityTypeName::from_str(kind).map_err(|e| e.to_string())?;
    Ok(EntityUid::from_type_name_and_id(kind, EntityId::new(id)))
}

fn set(users: impl IntoIterator<Item = String>) -> Result<RestrictedExpression, String> {
    let members: Result<Vec<_>, String> = users
        .into_iter()
        .map(|u| uid("User", &u).map(RestrictedExpression::new_entity_uid))
        .collect();
    Ok(RestrictedExpression::new_set(members?))
}

fn rg_id(sub: &str, rg: &str) -> String {
    format!("{sub}/{}", rg.to_ascii_lowercase())
}

/// Exports every Azure subscription of the fleet (and its resource groups
/// with access administrators) as Cedar entities.
pub fn export(t: &Tenancy) -> Result<CedarSide, String> {
    let mut entities = Vec::new();
    for sub in t
        .subscriptions()
        .filter(|s| s.kind == tenantry::SubscriptionKind::Azure)
    {
        let id = sub.id.to_string();
        let assignments = t.role_assignments(&id).map_err(|e| e.to_string())?;
        let mut at_subscription = BTreeSet::new();
        let mut by_group: HashMap<String, BTreeSet<String>> = HashMap::new();
        for a in assignments
            .iter()
            .filter(|a| a.role.builtin().is_some_and(|r| r.grants_access()))
        {
            match &a.scope {
                Scope::Subscription => {
                    at_subscription.insert(a.principal.to_string());
                }
                Scope::ResourceGroup(rg) => {
                    by_group
                        .entry(rg.to_ascii_lowercase())
                        .or_default()
                        .insert(a.principal.to_string());
                }
                Scope::Path(path) => {
                    return Err(format!(
                    "the classic export takes subscription and resource-group scopes, not {path}"
                ))
                }
            }
        }
        let mut attrs = HashMap::new();
        if let (Some(sa), Some(aa)) = (sub.service_administrator, sub.account_administrator) {
            attrs.insert(
                "service_admin".to_owned(),
                RestrictedExpression::new_entity_uid(uid("User", sa)?),
            );
            attrs.insert(
                "account_admin".to_owned(),
                RestrictedExpression::new_entity_uid(uid("User", aa)?),
            );
        }
        let co = sub
            .co_administrators
            .unwrap_or_default()
            .into_iter()
            .map(str::to_owned);
        attrs.insert("co_admins".to_owned(), set(co)?);
        attrs.insert("access_admins".to_owned(), set(at_subscription)?);
        let sub_uid = uid("Subscription", &id)?;
        entities
            .push(Entity::new(sub_uid.clone(), attrs, HashSet::new()).map_err(|e| e.to_string())?);
        for (rg, admins) in by_group {
            let attrs = HashMap::from([("access_admins".to_owned(), set(admins)?)]);
            let parents = HashSet::from([sub_uid.clone()]);
            entities.push(
                Entity::new(uid("ResourceGroup", &rg_id(&id, &rg))?, attrs, parents)
                    .map_err(|e| e.to_string())?,
            );
        }
    }
    Ok(CedarSide {
        policies: PolicySet::from_str(POLICIES).map_err(|e| e.to_string())?,
        entities: Entities::from_entities(entities, None).map_err(|e| e.to_string())?,
        authorizer: Authorizer::new(),
    })
}

/// `count` requests over R6–R9, with actors drawn so that both answers are
/// common: the service or account administrator, a co-administrator, an
/// access administrator, or any user of the subscription's directory.
pub fn requests(fleet: &Fleet, count: usize, seed: u64) -> Result<Vec<Request>, String> {
    let t = &fleet.tenancy;
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    let action = |name: &str| uid("Action", name);
    for _ in 0..count {
        let sub = &fleet.azure[rng.below(fleet.azure.len())];
        let view = t.subscription(&sub.id).map_err(|e| e.to_string())?;
        let users = &fleet.users[sub.directory];
        let assignments = t.role_assignments(&sub.id).map_err(|e| e.to_string())?;
        let actor = match rng.below(5) {
            0 => view.service_administrator.unwrap_or_default().to_owned(),
            1 => view.account_administrator.unwrap_or_default().to_owned(),
            2 => match view.co_administrators.as_deref() {
                Some([first, ..]) => first.to_string(),
                _ => users[rng.below(users.len())].clone(),
            },
            3 => match assignments.get(rng.below(assignments.len().max(1))) {
                Some(a) => a.principal.to_string(),
                None => users[rng.below(users.len())].clone(),
            },
            _ => users[rng.below(users.len())].clone(),
        };
        let target = users[rng.below(users.len())].clone();
        let mut context: Vec<(String, RestrictedExpression)> = Vec::new();
        let (name, operation) = match rng.below(4) {
            0 => {
                let other = &fleet.directories[(sub.directory + 1) % fleet.directories.len()];
                let op = ChangeSubscriptionDirectory {
                    actor: actor.clone(),
                    subscription: sub.id.clone(),
                    directory: other.clone(),
                };
                ("change_subscription_directory", op.into())
            }
            1 => {
                let op = CoAdministratorChange {
                    actor: actor.clone(),
                    subscription: sub.id.clone(),
                    account: target,
                };
                ("add_co_administrator", Operation::AddCoAdministrator(op))
            }
            2 => {
                let resource_group = match rng.below(3) {
                    0 => None,
                    x => Some(format!("rg{x}")),
                };
                if let Some(rg) = &resource_group {
                    let has_entity = assignments.iter().any(|a| {
                        a.role.builtin().is_some_and(|r| r.grants_access())
                            && matches!(&a.scope, Scope::ResourceGroup(g) if g.eq_ignore_ascii_case(rg))
                    });
                    if has_entity {
                        let group = RestrictedExpression::new_entity_uid(uid(
                            "ResourceGroup",
                            &rg_id(&sub.id, rg),
                        )?);
                        context.push(("resource_group".to_owned(), group));
                    }
                }
                let role = [RbacRole::Reader, RbacRole::Contributor][rng.below(2)]
                    .as_str()
                    .to_owned();
                let op = RoleAssignmentChange {
                    actor: actor.clone(),
                    subscription: Some(sub.id.clone()),
                    principal: target,
                    role,
                    resource_group,
                    ..Default::default()
                };
                ("assign_role", Operation::AssignRole(op))
            }
            _ => {
                let op = ChangeServiceAdministrator {
                    actor: actor.clone(),
                    subscription: sub.id.clone(),
                    account: target,
                };
                ("change_service_administrator", op.into())
            }
        };
        let cedar = cedar_policy::Request::new(
            uid("User", &actor)?,
            action(name)?,
            uid("Subscription", &sub.id)?,
            Context::from_pairs(context).map_err(|e| e.to_string())?,
            None,
        )
        .map_err(|e| e.to_string())?;
        out.push(Request { operation, cedar });
    }
    Ok(out)
}

impl CedarSide {
    /// Cedar's answer.
    pub fn allows(&self, request: &Request) -> bool {
        self.allows_cedar(&request.cedar)
    }

    /// Whether Cedar allows this Cedar request.
    pub fn allows_cedar(&self, request: &cedar_policy::Request) -> bool {
        self.authorizer
            .is_authorized(request, &self.policies, &self.entities)
            .decision()
            == Decision::Allow
    }
}

/// tenantry's answer to the same question: not refused for authorization.
pub fn tenantry_allows(t: &Tenancy, request: &Request) -> bool {
    authorized(&t.can(&request.operation))
}

/// Not refused for authorization: what a Cedar `Allow` means.
pub fn authorized(decision: &tenantry::Decision) -> bool {
    authorized_codes(decision, &AUTHORIZATION_CODES)
}

/// Not refused with one of `codes`.
pub fn authorized_codes(decision: &tenantry::Decision, codes: &[&str]) -> bool {
    !decision.code.is_some_and(|c| codes.contains(&c))
}

/// [`tenantry_allows`] for every operation, through [`Tenancy::can_each`].
pub fn tenantry_allows_each<'a>(
    t: &'a Tenancy,
    operations: impl IntoIterator<Item = &'a Operation> + 'a,
) -> Vec<bool> {
    t.can_each(operations)
        .map(|decision| authorized(&decision))
        .collect()
}

/// The requests on which the two engines disagree, with both answers.
pub fn disagreements<'r>(
    t: &Tenancy,
    cedar: &CedarSide,
    requests: &'r [Request],
) -> Vec<(&'r Request, bool, bool)> {
    requests
        .iter()
        .map(|r| (r, tenantry_allows(t, r), cedar.allows(r)))
        .filter(|(_, ours, theirs)| ours != theirs)
        .collect()
}

//! [`Tenancy::restore_plan`]: for every role assignment, custom role and
//! (classic) co-administrator a directory move deletes, the operations
//! that re-create it in the target directory, each principal mapped to an
//! object of the target: the same account if it is a user there, else the
//! user with the same name on one of the target's domains; a group by
//! display name; an application by display name. What cannot be mapped
//! is listed with the reason. The steps are tenantry operations (check
//! them with `plan` or `can`, apply them after the move) and the same as
//! `az` commands.

use crate::change::Change;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    AccId, DirId, Principal, RoleDefId, RoleRef, ScopeId, ScopeRef, ServicePrincipalKind, SubId,
};
use crate::ops::Operation;
use crate::record::{RestorePlan, RestoreStep, Unmapped};
use crate::state::State;
use crate::tenancy::Tenancy;
use serde_json::{Map, Value};

impl Tenancy {
    /// The operations that re-create in `directory` what moving
    /// `subscription` there deletes, in the order to apply them (custom
    /// roles, then assignments, then co-administrators), and what cannot
    /// be mapped and why. The assignment the move itself gives its mover
    /// (Owner at the subscription) is left out.
    pub fn restore_plan(&self, subscription: &str, directory: &str) -> Result<RestorePlan> {
        let sub = self.sub_id(subscription)?;
        let dir = self.dir_id(directory)?;
        let st = &self.state;
        if st.sub(sub).azure().is_none() {
            return Err(super::office365_does_not_move(subscription));
        }
        let prospect = crate::ops::prospect(st, sub, dir);
        let mover = prospect.movers.first().copied();
        let mut plan = Planner {
            st,
            sub,
            to: dir,
            current: st.profile == crate::Profile::Current,
            steps: Vec::new(),
            roles: Vec::new(),
            unmapped: Vec::new(),
        };
        for change in &prospect.changes {
            match change {
                Change::RemoveAssignment {
                    scope,
                    principal,
                    role,
                } => {
                    let given_by_move = plan.current
                        && mover.is_some_and(|m| *principal == Principal::User(m))
                        && *role == RoleRef::Builtin(crate::RbacRole::Owner)
                        && matches!(scope, ScopeRef::Sub(_, id) if *id == ScopeId::SUBSCRIPTION);
                    if !given_by_move {
                        plan.assignment(*scope, *principal, *role);
                    }
                }
                Change::DeleteCustomRole { role } => plan.custom_role(*role),
                Change::RemoveCoAdmin { acc, .. } => plan.co_admin(*acc),
                _ => {}
            }
        }
        let Planner {
            mut steps,
            roles,
            unmapped,
            ..
        } = plan;
        // Custom roles first: the assignments name them.
        let mut ordered = roles;
        ordered.append(&mut steps);
        Ok(RestorePlan {
            subscription: st.sub(sub).key.to_string(),
            directory: st.dir(dir).initial_domain.to_string(),
            steps: ordered,
            unmapped,
        })
    }
}

impl RestoreStep {
    /// The step as the operation `actor` would apply.
    pub fn operation(&self, actor: &str) -> Result<Operation> {
        let mut args = match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        for key in ["operation", "restores", "az"] {
            args.remove(key);
        }
        args.insert("actor".into(), Value::String(actor.to_owned()));
        crate::scenario::build_operation(&self.operation, args).map_err(|reason| {
            Error::new(ErrorKind::InvalidName {
                field: "operation",
                value: self.operation.clone(),
                reason,
            })
        })
    }
}

impl RestorePlan {
    /// Every step as the operation `actor` would apply, in order.
    pub fn operations(&self, actor: &str) -> Result<Vec<Operation>> {
        self.steps.iter().map(|s| s.operation(actor)).collect()
    }
}

/// A step with no arguments yet.
fn step(operation: &str, restores: String, az: Option<String>) -> RestoreStep {
    RestoreStep {
        operation: operation.to_owned(),
        restores,
        subscription: None,
        principal: None,
        role: None,
        scope: None,
        resource_group: None,
        condition: None,
        directory: None,
        name: None,
        account: None,
        actions: None,
        not_actions: None,
        assignable_scopes: None,
        az,
    }
}

/// A value quoted for a POSIX shell.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

struct Planner<'a> {
    st: &'a State,
    sub: SubId,
    to: DirId,
    current: bool,
    steps: Vec<RestoreStep>,
    /// `create_custom_role` steps, by the role re-created.
    roles: Vec<RestoreStep>,
    unmapped: Vec<Unmapped>,
}

impl Planner<'_> {
    fn domain(&self) -> &str {
        &self.st.dir(self.to).initial_domain
    }

    /// What a removed assignment was, as the impact report names it.
    fn described(&self, scope: ScopeRef, principal: Principal, role: RoleRef) -> String {
        let name = self
            .st
            .principal_name(principal)
            .map_or_else(|| "?".to_owned(), |n| n.to_string());
        format!(
            "{name} {} at {}",
            self.role_name(role),
            self.st.scope(scope)
        )
    }

    fn role_name(&self, role: RoleRef) -> String {
        super::role_as_written(self.st, role).to_owned()
    }

    fn assignment(&mut self, scope: ScopeRef, principal: Principal, role: RoleRef) {
        let restores = self.described(scope, principal, role);
        let mapped = match self.map(principal) {
            Ok(m) => m,
            Err(reason) => {
                self.unmapped.push(Unmapped {
                    principal: self
                        .st
                        .principal_name(principal)
                        .map_or_else(|| "?".to_owned(), |n| n.to_string()),
                    restores,
                    reason,
                });
                return;
            }
        };
        if let RoleRef::Custom(id) = role {
            self.custom_role(id);
        }
        let path = self.st.scope_path(scope).to_string();
        let role_name = self.role_name(role);
        // az takes ARM's roleName.
        let arm_role = self.st.role_name(role).to_owned();
        let condition = self
            .st
            .conditions
            .get(&(self.st.at(scope), principal.entity(), role))
            .map(|c| c.to_string());
        let assignee = match &mapped.object_id {
            Some(id) => format!(
                "--assignee-object-id {} --assignee-principal-type {}",
                quoted(id),
                mapped.principal_type
            ),
            None => format!("--assignee {}", quoted(&mapped.reference)),
        };
        let mut az = format!(
            "az role assignment create {assignee} --role {} --scope {}",
            quoted(&arm_role),
            quoted(&path)
        );
        if let Some(c) = &condition {
            az.push_str(&format!(
                " --condition {} --condition-version 2.0",
                quoted(c)
            ));
        }
        let mut s = step("assign_role", restores, Some(az));
        s.principal = Some(mapped.reference);
        s.role = Some(role_name);
        s.condition = condition;
        let key = self.st.sub(self.sub).key.to_string();
        if self.current {
            s.scope = Some(path);
        } else {
            s.subscription = Some(key);
            if let crate::Scope::ResourceGroup(rg) = self.st.scope(scope) {
                s.resource_group = Some(rg.to_string());
            }
        }
        self.steps.push(s);
    }

    /// A custom role re-created in the target under its name, assignable
    /// where it was inside the subscription (once, however many
    /// assignments use it).
    fn custom_role(&mut self, id: RoleDefId) {
        let role = self.st.custom_role(id);
        let restores = role.name.to_string();
        // Once; and not at all if the target has a role of that name,
        // which the assignments then name.
        if self.roles.iter().any(|s| s.restores == restores)
            || self.st.find_custom_role(self.to, &role.name).is_some()
        {
            return;
        }
        let inside = |scope: &&ScopeRef| matches!(scope, ScopeRef::Sub(s, _) if *s == self.sub);
        let mut scopes: Vec<String> = role
            .assignable_scopes
            .iter()
            .filter(inside)
            .map(|s| self.st.scope_path(*s).to_string())
            .collect();
        if scopes.is_empty() {
            scopes.push(format!("/subscriptions/{}", self.st.sub(self.sub).key));
        }
        let strings =
            |v: &[crate::model::Name]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        let definition = serde_json::json!({
            "Name": &*role.name,
            "Actions": strings(&role.actions),
            "NotActions": strings(&role.not_actions),
            "AssignableScopes": scopes,
        });
        let az = format!(
            "az role definition create --role-definition {}",
            quoted(&definition.to_string())
        );
        let mut s = step("create_custom_role", restores, Some(az));
        s.directory = Some(self.domain().to_owned());
        s.name = Some(role.name.to_string());
        s.actions = Some(strings(&role.actions));
        s.not_actions = Some(strings(&role.not_actions));
        s.assignable_scopes = Some(scopes);
        self.roles.push(s);
    }

    /// A classic co-administrator added again (no `az` command: classic
    /// administrators are managed in the portal only).
    fn co_admin(&mut self, acc: AccId) {
        // The service administrator stays one through the move, and as
        // such is not added again as a co-administrator.
        if crate::facts::Facts::service_admin(self.st, self.sub) == Some(acc) {
            return;
        }
        let name = self.st.account(acc).reference.to_string();
        match self.map(Principal::User(acc)) {
            Ok(m) => {
                let mut s = step("add_co_administrator", name, None);
                s.subscription = Some(self.st.sub(self.sub).key.to_string());
                s.account = Some(m.reference);
                self.steps.push(s);
            }
            Err(reason) => self.unmapped.push(Unmapped {
                principal: name.clone(),
                restores: format!("{name} co_administrator"),
                reason,
            }),
        }
    }

    /// The object of the target directory a principal maps to.
    fn map(&self, p: Principal) -> std::result::Result<Mapped, String> {
        let st = self.st;
        let to = self.to;
        let domain = self.domain().to_owned();
        match p {
            Principal::User(acc) => {
                let a = st.account(acc);
                if a.membership(to).is_some() {
                    return Ok(Mapped::user(st, acc, to));
                }
                let name = a.sign_in_name();
                let local = name.rsplit_once('@').map_or(name, |(l, _)| l);
                let d = st.dir(to);
                let found: Vec<AccId> = std::iter::once(&d.initial_domain)
                    .chain(&d.verified_domains)
                    .filter_map(|dom| st.find_work(&format!("{local}@{dom}")))
                    .filter(|other| st.account(*other).membership(to).is_some())
                    .collect();
                match found.as_slice() {
                    [one] => Ok(Mapped::user(st, *one, to)),
                    [] => Err(format!(
                        "{} is not a user of {domain}, and no user there is named {local}@<one of its domains>: invite it as a guest (invite_guest) or add the user, then assign the role",
                        a.reference
                    )),
                    many => Err(format!(
                        "{} users of {domain} are named {local}@<domain>: assign the role to the right one by hand",
                        many.len()
                    )),
                }
            }
            Principal::Group(g) | Principal::ForeignGroup(g) => {
                let group = st.group(g);
                if group.directory != st.sub(self.sub).directory && group.directory != to {
                    // A partner's group (Admin Agents): it lives in neither
                    // directory and is named as it was.
                    let reference = st
                        .principal_name(p)
                        .map_or_else(|| format!("id:{}", group.id), |n| n.to_string());
                    return Ok(Mapped {
                        reference,
                        object_id: Some(group.id.to_string()),
                        principal_type: "ForeignGroup",
                    });
                }
                let found = st.group(only_one(
                    &st.groups_named(to, &group.name),
                    "group",
                    &domain,
                    &group.name,
                    "create it (create_group), add its members, then assign the role",
                )?);
                Ok(Mapped {
                    reference: format!("group:{}@{domain}", found.name),
                    object_id: Some(found.id.to_string()),
                    principal_type: "Group",
                })
            }
            Principal::App(s) => {
                let sp = &st.sps[s.idx()];
                if sp.kind != ServicePrincipalKind::Application {
                    return Err(format!(
                        "managed identity '{}' is broken by the move: {} it, then assign its roles again to its new object id",
                        sp.name,
                        if sp.kind == ServicePrincipalKind::ManagedIdentitySystem {
                            "disable and re-enable"
                        } else {
                            "delete, re-create and attach"
                        }
                    ));
                }
                let apps: Vec<_> = st
                    .sps_named(to, &sp.name)
                    .into_iter()
                    .filter(|o| st.sps[o.idx()].kind == ServicePrincipalKind::Application)
                    .collect();
                let found = &st.sps[only_one(
                    &apps,
                    "application",
                    &domain,
                    &sp.name,
                    "register it there (or consent to it as a multitenant app), then assign the role",
                )?
                .idx()];
                Ok(Mapped {
                    reference: format!("sp:{}@{domain}", found.name),
                    object_id: Some(found.id.to_string()),
                    principal_type: "ServicePrincipal",
                })
            }
        }
    }
}

/// The one object of the target with that display name, or why not.
fn only_one<T: Copy>(
    found: &[T],
    kind: &str,
    domain: &str,
    name: &str,
    remedy: &str,
) -> std::result::Result<T, String> {
    match found {
        [one] => Ok(*one),
        [] => Err(format!("no {kind} of {domain} is named '{name}': {remedy}")),
        many => Err(format!(
            "{} {kind}s of {domain} are named '{name}': assign the role to the right one by its object id",
            many.len()
        )),
    }
}

/// A principal of the target, as an operation and `az` name it.
struct Mapped {
    /// As FORMAT.md writes it (for `az` too when the object id is unknown:
    /// it resolves a user by sign-in name).
    reference: String,
    object_id: Option<String>,
    principal_type: &'static str,
}

impl Mapped {
    fn user(st: &State, acc: AccId, dir: DirId) -> Mapped {
        let a = st.account(acc);
        Mapped {
            reference: a.reference.to_string(),
            object_id: st.user_ids.get(&(acc, dir)).map(|id| id.to_string()),
            principal_type: "User",
        }
    }
}

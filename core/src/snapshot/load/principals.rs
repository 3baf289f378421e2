//! Building what version 2 adds: groups and their members, service
//! principals, custom roles, role assignments at any scope, GDAP
//! relationships and the resource inventory, each validated as it is added
//! (the invariants of DESIGN §5 and §6: members of the group's directory,
//! no cycles, principals that belong where they are assigned, roles
//! assignable where they are used, the limits).

use super::bad;
use super::build::{builtin_or_id, dir_ref, sub_ref, Builder};
use super::documents::{
    AssignmentDoc, CustomRoleDoc, GdapDoc, GroupDoc, ResourceDoc, ServicePrincipalDoc,
};
use crate::error::Result;
use crate::model::{
    CustomRole, DirId, Gdap, Group, Name, Principal, Resource, RoleRef, RoleSet, ScopeId, ScopeRef,
    ServicePrincipal, ServicePrincipalKind, SpId, SubId, MAX_GDAP_DAYS,
};
use crate::names;
use crate::state::{ScopePath, State};

impl<'de> Builder<'de> {
    /// A group; its members are resolved once every group and service
    /// principal is known.
    pub(super) fn group(&mut self, i: usize, g: GroupDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("groups[{i}].{field}");
        let st = &mut self.st;
        names::check_display_name("the name", &g.name).map_err(|r| bad(at("name"), r))?;
        let dir = dir_ref(st, &g.directory, || at("directory"))?;
        if !self.object_ids.insert(g.id) {
            return Err(bad(at("id"), format!("object id {} is used twice", g.id)));
        }
        if !g.roles.is_empty() && !g.role_assignable {
            return Err(bad(
                at("roles"),
                "only a role-assignable group holds directory roles",
            ));
        }
        let id = st.insert_group(Group::new(
            g.id,
            g.name.as_ref().into(),
            dir,
            g.role_assignable,
        ));
        let mut seen = RoleSet::default();
        for role in g.roles {
            if seen.contains(role) {
                return Err(bad(at("roles"), format!("{role} is listed twice")));
            }
            seen.insert(role);
            st.set_role(dir, Principal::Group(id), role, true);
        }
        self.pending_members.push((i, id, g.members));
        Ok(())
    }

    /// Every group's members, once groups and service principals are
    /// known: each a user, group or service principal of the group's
    /// directory, listed once, no group inside itself.
    pub(super) fn finish_members(&mut self) -> Result<()> {
        if std::mem::replace(&mut self.members_done, true) {
            return Ok(());
        }
        let st = &mut self.st;
        for (i, group, members) in std::mem::take(&mut self.pending_members) {
            let dir = st.group(group).directory;
            for (j, m) in members.iter().enumerate() {
                let at = || format!("groups[{i}].members[{j}]");
                let member = st
                    .find_principal(m)
                    .map_err(|_| bad(at(), format!("no principal {m}")))?
                    .entity();
                let belongs = match member {
                    Principal::User(acc) => st.account(acc).membership(dir).is_some(),
                    other => st.principal_directory(other) == Some(dir),
                };
                if !belongs {
                    return Err(bad(at(), format!("{m} is not of the group's directory")));
                }
                if st.group(group).members.iter().any(|x| x.entity() == member) {
                    return Err(bad(at(), format!("{m} is listed twice")));
                }
                if let Principal::Group(inner) = member {
                    if st.group(group).role_assignable {
                        return Err(bad(
                            at(),
                            "a role-assignable group cannot have groups as members",
                        ));
                    }
                    if st.is_within(group, inner) {
                        return Err(bad(at(), format!("{m} contains the group: a cycle")));
                    }
                }
                st.add_member(group, member);
            }
        }
        Ok(())
    }

    pub(super) fn service_principal(
        &mut self,
        i: usize,
        x: ServicePrincipalDoc<'de>,
    ) -> Result<()> {
        let at = |field: &str| format!("service_principals[{i}].{field}");
        let st = &mut self.st;
        names::check_display_name("the name", &x.name).map_err(|r| bad(at("name"), r))?;
        let dir = dir_ref(st, &x.directory, || at("directory"))?;
        if !self.object_ids.insert(x.id) {
            return Err(bad(at("id"), format!("object id {} is used twice", x.id)));
        }
        let subscription = match x.subscription.as_deref() {
            None => None,
            Some(s) => {
                // A managed identity is created in its subscription's
                // directory; a move leaves it behind in the old one (broken,
                // as Microsoft's transfer page says), so either may differ.
                Some(sub_ref(st, s, || at("subscription"))?)
            }
        };
        let managed = x.kind != ServicePrincipalKind::Application;
        if managed != x.resource.is_some() {
            return Err(bad(
                at("resource"),
                "a managed identity has its resource; an application has none",
            ));
        }
        if let Some(r) = &x.resource {
            ScopePath::parse(r).map_err(|e| bad(at("resource"), e))?;
        }
        st.insert_sp(ServicePrincipal {
            id: x.id,
            app_id: x.app_id,
            name: x.name.as_ref().into(),
            directory: dir,
            kind: x.kind,
            resource: x.resource.as_deref().map(Name::from),
            subscription,
            member_of: Default::default(),
            held: Vec::new(),
        });
        Ok(())
    }

    pub(super) fn custom_role(&mut self, i: usize, x: CustomRoleDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("custom_roles[{i}].{field}");
        let st = &mut self.st;
        names::check_display_name("the name", &x.name).map_err(|r| bad(at("name"), r))?;
        let dir = dir_ref(st, &x.directory, || at("directory"))?;
        if st.role_ids_contains(x.id) {
            return Err(bad(
                at("id"),
                format!("role definition id {} is used twice", x.id),
            ));
        }
        if !x.deleted && st.find_custom_role(dir, &x.name).is_some() {
            return Err(bad(at("name"), format!("{} is listed twice", x.name)));
        }
        if x.actions.is_empty() || x.assignable_scopes.is_empty() {
            return Err(bad(
                at("actions"),
                "a custom role has actions and assignable scopes",
            ));
        }
        for (j, a) in x.actions.iter().chain(&x.not_actions).enumerate() {
            if a.is_empty() || !a.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad(
                    format_args!("{}[{j}]", at("actions")),
                    "not an action pattern",
                ));
            }
        }
        let mut scopes = Vec::with_capacity(x.assignable_scopes.len());
        for (j, s) in x.assignable_scopes.iter().enumerate() {
            let at = || format!("custom_roles[{i}].assignable_scopes[{j}]");
            let scope = scope_ref(st, s, None, Some(dir), at)?;
            // A subscription may since have moved to another directory: a
            // role with scopes elsewhere keeps them (DESIGN §6), and under
            // `classic` a move deletes no custom role.
            let elsewhere = match scope {
                ScopeRef::Root(_) => true,
                ScopeRef::Group(_) => st.scope_directory(st.at(scope)) != dir,
                ScopeRef::Sub(..) => false,
            };
            if elsewhere {
                return Err(bad(
                    at(),
                    "not a management group or subscription scope of the role's directory",
                ));
            }
            scopes.push(scope);
        }
        let names =
            |list: &[std::borrow::Cow<str>]| list.iter().map(|a| Name::from(&**a)).collect();
        let mut role = CustomRole::new(
            x.id,
            x.name.as_ref().into(),
            dir,
            names(&x.actions),
            names(&x.not_actions),
            scopes,
        );
        role.deleted = x.deleted;
        let id = st.insert_custom_role(role);
        if x.deleted {
            st.delete_custom_role(id);
        }
        Ok(())
    }

    pub(super) fn role_assignment(&mut self, i: usize, x: AssignmentDoc<'de>) -> Result<()> {
        self.assignment(&format!("role_assignments[{i}]"), x, None)
    }

    /// One role assignment, at `at` in the document: in a version-1
    /// subscription (`sub`), or at the top level (an ARM path scope).
    pub(super) fn assignment(
        &mut self,
        at: &str,
        x: AssignmentDoc<'de>,
        sub: Option<SubId>,
    ) -> Result<()> {
        let field = |f: &str| format!("{at}.{f}");
        let st = &mut self.st;
        let principal = match st.find_principal(&x.principal) {
            Ok(p) => p,
            Err(_) => {
                return Err(bad(
                    field("principal"),
                    format!("no principal {}", x.principal),
                ))
            }
        };
        let named_dir = match x.directory.as_deref() {
            None => None,
            Some(d) => Some(dir_ref(st, d, || field("directory"))?),
        };
        let scope = scope_ref(st, &x.scope, sub, named_dir, || field("scope"))?;
        let at_key = st.at(scope);
        let dir = st.scope_directory(at_key);
        let role = match builtin_or_id(st, &x.role) {
            Some(r) => r,
            None => st
                .find_custom_role(dir, &x.role)
                .map(RoleRef::Custom)
                .ok_or_else(|| bad(field("role"), format!("no role definition {}", x.role)))?,
        };
        if let RoleRef::Custom(id) = role {
            let assignable = st
                .custom_role(id)
                .assignable_scopes
                .iter()
                .any(|s| crate::state::within(st, at_key, st.at(*s)));
            if !assignable {
                return Err(bad(
                    field("role"),
                    format!("{} is not assignable here", x.role),
                ));
            }
        }
        crate::invariants::principal_belongs(st, principal, dir)
            .map_err(|r| bad(field("principal"), r))?;
        if st
            .held(principal)
            .binary_search(&crate::model::Held { at: at_key, role })
            .is_ok()
        {
            return Err(bad(at, "the same assignment is listed twice"));
        }
        if let Some(c) = &x.condition {
            if c.trim().is_empty() {
                return Err(bad(field("condition"), "a condition is not empty"));
            }
        }
        st.add_assignment(
            scope,
            principal,
            role,
            x.condition.as_deref().map(Name::from),
        );
        Ok(())
    }

    pub(super) fn gdap(&mut self, i: usize, x: GdapDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("gdap_relationships[{i}].{field}");
        let st = &mut self.st;
        let partner = st
            .find_partner(&x.partner)
            .ok_or_else(|| bad(at("partner"), format!("no partner '{}'", x.partner)))?;
        let customer = dir_ref(st, &x.directory, || at("directory"))?;
        if customer == st.partner(partner).directory {
            return Err(bad(
                at("directory"),
                "a relationship is with a customer directory",
            ));
        }
        if !(1..=MAX_GDAP_DAYS).contains(&x.duration_days) {
            return Err(bad(
                at("duration_days"),
                format!("a relationship lasts 1 to {MAX_GDAP_DAYS} days"),
            ));
        }
        if x.roles.is_empty() {
            return Err(bad(at("roles"), "a relationship grants at least one role"));
        }
        if st.gdaps.iter().any(|g| g.id == x.id) {
            return Err(bad(
                at("id"),
                format!("relationship id {} is used twice", x.id),
            ));
        }
        let mut roles = RoleSet::default();
        x.roles.into_iter().for_each(|r| roles.insert(r));
        st.insert_gdap(Gdap {
            id: x.id,
            partner,
            customer,
            roles,
            approved: x.approved,
            duration_days: x.duration_days,
        });
        Ok(())
    }

    pub(super) fn resource(&mut self, i: usize, x: ResourceDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("resources[{i}].{field}");
        let st = &mut self.st;
        let sub = match ScopePath::parse(&x.id) {
            Ok(ScopePath::Sub(id, Some(path))) if path.contains('/') => {
                sub_ref(st, id, || at("id"))?
            }
            _ => return Err(bad(at("id"), format!("'{}' is not a resource id", x.id))),
        };
        if x.kind.is_empty() || !x.kind.contains('/') {
            return Err(bad(at("type"), "a resource type is <namespace>/<type>"));
        }
        let sp = |st: &State, r: &str, at: String| -> Result<SpId> {
            match st.find_principal(r) {
                Ok(Principal::App(s)) => Ok(s),
                _ => Err(bad(at, format!("no managed identity {r}"))),
            }
        };
        let system_identity = match x.system_identity.as_deref() {
            None => None,
            Some(r) => Some(sp(st, r, at("system_identity"))?),
        };
        let mut user_identities = Vec::with_capacity(x.user_identities.len());
        for (j, r) in x.user_identities.iter().enumerate() {
            user_identities.push(sp(st, r, format!("resources[{i}].user_identities[{j}]"))?);
        }
        let id = x.id.as_ref();
        let added = st.insert_resource(Resource {
            id: id.into(),
            kind: x.kind.as_ref().into(),
            subscription: sub,
            system_identity,
            user_identities,
            key_vault_tenant: x.key_vault_tenant,
            access_policies: x.access_policies,
            entra_authentication: x.entra_authentication,
            acls: x.acls,
        });
        match added {
            Some(_) => Ok(()),
            None => Err(bad(at("id"), format!("resource {id} is listed twice"))),
        }
    }
}

/// A scope as a snapshot writes it: `subscription` or
/// `resource_group:<name>` inside `sub` (version 1), or an ARM path (`/`
/// being `dir`'s root); resource groups and resources interned.
pub(super) fn scope_ref(
    st: &mut State,
    scope: &str,
    sub: Option<SubId>,
    dir: Option<DirId>,
    at: impl Fn() -> String,
) -> Result<ScopeRef> {
    if let Some(sub) = sub {
        if scope == "subscription" {
            return Ok(ScopeRef::Sub(sub, ScopeId::SUBSCRIPTION));
        }
        if let Some(rg) = scope.strip_prefix("resource_group:") {
            names::check_resource_group(rg).map_err(|r| bad(at(), r))?;
            return Ok(ScopeRef::Sub(sub, st.rgs.intern(rg)));
        }
    }
    let parsed = ScopePath::parse(scope).map_err(|r| bad(at(), r))?;
    let found = match parsed {
        ScopePath::Root => ScopeRef::Root(
            dir.or_else(|| sub.map(|s| st.sub(s).directory))
                .ok_or_else(|| bad(at(), "/ needs its directory"))?,
        ),
        ScopePath::Group(name) => {
            let dir = dir.or_else(|| sub.map(|s| st.sub(s).directory));
            ScopeRef::Group(
                st.find_mg(dir, name)
                    .ok_or_else(|| bad(at(), format!("no management group {name}")))?,
            )
        }
        ScopePath::Sub(id, below) => {
            let found = sub_ref(st, id, &at)?;
            if sub.is_some_and(|s| s != found) {
                return Err(bad(at(), "not a scope of this subscription"));
            }
            if st.sub(found).azure().is_none() {
                return Err(bad(at(), "an Office 365 subscription has no Azure scope"));
            }
            match below {
                None => ScopeRef::Sub(found, ScopeId::SUBSCRIPTION),
                Some(path) => ScopeRef::Sub(found, st.rgs.intern(path)),
            }
        }
    };
    Ok(found)
}

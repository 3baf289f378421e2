//! The served view: a tenancy's items as Graph and ARM show them, indexed
//! for the requests the surface answers (objects by id and by name,
//! subscriptions by id, role assignments by scope), built from the
//! snapshot's items ([`tenantry::image::Image`]) after every write.
//!
//! Object ids the model does not hold (users made by a scenario's steps
//! have none) are derived from the tenant id and the account, so they are
//! the same in every run; role assignment names likewise from the
//! principal, role and scope, unless a client chose the name on `PUT`.

use std::collections::HashMap;
use tenantry::image::Image;
use tenantry::model::BUILTIN_ROLES;
use tenantry::{
    DirectoryRole, Profile, RbacRole, ServicePrincipalKind, SubscriptionKind, UserKind,
};
use uuid::Uuid;

/// A stable id from some text: the first 16 bytes of its SHA-256, as a
/// version-4 UUID.
pub(crate) fn derived_id(parts: &[&str]) -> Uuid {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for p in parts {
        ctx.update(p.as_bytes());
        ctx.update(&[0]);
    }
    let digest = ctx.finish();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest.as_ref()[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// What an object id names in a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Object {
    User(usize),
    Group(usize),
    App(usize),
}

/// A user of a directory, as Graph shows it.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: Uuid,
    /// The account reference the model knows it by (`msa:` for Microsoft
    /// accounts): the actor of the operations it signs in to.
    pub account: String,
    pub user_principal_name: String,
    pub display_name: String,
    pub mail: Option<String>,
    pub guest: bool,
    /// Signs in with a Microsoft account.
    pub microsoft_account: bool,
    pub roles: Vec<DirectoryRole>,
    /// The groups it is a direct member of.
    pub member_of: Vec<usize>,
}

/// A group of a directory.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub id: Uuid,
    pub name: String,
    pub role_assignable: bool,
    pub roles: Vec<DirectoryRole>,
    /// Direct members, by object id (of this directory).
    pub members: Vec<Uuid>,
    /// The groups it is a direct member of.
    pub member_of: Vec<usize>,
}

/// A service principal or managed identity.
#[derive(Debug, Clone)]
pub(crate) struct App {
    pub id: Uuid,
    pub app_id: Uuid,
    pub name: String,
    pub kind: ServicePrincipalKind,
    pub resource: Option<String>,
}

/// A directory and what lives in it.
#[derive(Debug, Clone)]
pub(crate) struct Directory {
    pub id: Uuid,
    pub name: String,
    pub initial_domain: String,
    pub verified_domains: Vec<String>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub apps: Vec<App>,
    /// Objects by id.
    pub objects: HashMap<Uuid, Object>,
    /// Users by lowercase user principal name and account reference.
    pub user_names: HashMap<String, usize>,
    /// Service principals by application id.
    pub app_ids: HashMap<Uuid, usize>,
    /// Its subscriptions (Azure and Office 365), by index into the view's.
    pub subscriptions: Vec<usize>,
    /// Its management groups: (name, display name, parent's name).
    pub management_groups: Vec<(String, String, Option<String>)>,
    pub block_leaving: bool,
    pub block_entering: bool,
    pub exempted: Vec<Uuid>,
}

impl Directory {
    /// A user by user principal name, account reference or object id.
    pub fn user(&self, key: &str) -> Option<&User> {
        if let Ok(id) = Uuid::parse_str(key) {
            return match self.objects.get(&id) {
                Some(Object::User(i)) => self.users.get(*i),
                _ => None,
            };
        }
        let i = self.user_names.get(&key.to_ascii_lowercase())?;
        self.users.get(*i)
    }

    /// A service principal (or managed identity) by its object id.
    pub fn app(&self, id: Uuid) -> Option<&App> {
        match self.objects.get(&id) {
            Some(Object::App(i)) => self.apps.get(*i),
            _ => None,
        }
    }

    /// A service principal by its application id (what it signs in with).
    pub fn application(&self, app_id: &str) -> Option<&App> {
        let id = Uuid::parse_str(app_id).ok()?;
        self.apps.get(*self.app_ids.get(&id)?)
    }

    /// The holders of a directory role: users, then groups.
    pub fn holders(&self, role: DirectoryRole) -> impl Iterator<Item = Object> + '_ {
        let users = (0..self.users.len())
            .filter(move |i| self.users[*i].roles.contains(&role))
            .map(Object::User);
        let groups = (0..self.groups.len())
            .filter(move |i| self.groups[*i].roles.contains(&role))
            .map(Object::Group);
        users.chain(groups)
    }
}

/// An Azure or Office 365 subscription.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub id: Uuid,
    pub name: String,
    pub kind: SubscriptionKind,
    pub directory: usize,
    pub offer: Option<String>,
    pub plan: Option<String>,
    pub seats: Option<u32>,
    pub account_administrator: Option<String>,
    pub service_administrator: Option<String>,
    pub co_administrators: Vec<String>,
    /// Tenants it is delegated to (Lighthouse).
    pub managed_by: Vec<Uuid>,
    /// The management group it sits under; the root when none.
    pub management_group: Option<String>,
    /// A pending directory change: the destination and the acceptor named.
    pub change_request: Option<(String, Option<String>)>,
}

/// A role definition: built-in or custom.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub id: Uuid,
    pub name: String,
    pub custom: bool,
    pub description: String,
    pub actions: Vec<String>,
    pub not_actions: Vec<String>,
    /// Custom roles: where they may be assigned; built-in: `/`.
    pub assignable_scopes: Vec<String>,
    /// Custom roles: their directory.
    pub directory: Option<usize>,
}

/// A role assignment.
#[derive(Debug, Clone)]
pub(crate) struct Assignment {
    /// Its name: a GUID.
    pub name: String,
    /// Its scope, an ARM path as the model writes it.
    pub scope: String,
    pub directory: usize,
    /// Index into the view's roles.
    pub role: usize,
    pub principal_id: Uuid,
    pub principal_type: &'static str,
    /// The principal as core names it, for a removal.
    pub principal: String,
    pub condition: Option<String>,
}

/// The served view of a whole tenancy.
#[derive(Debug, Clone, Default)]
pub(crate) struct View {
    pub profile: Profile,
    pub directories: Vec<Directory>,
    /// Directories by lowercase domain (initial or verified) and tenant id.
    directory_names: HashMap<String, usize>,
    pub subscriptions: Vec<Subscription>,
    subscription_ids: HashMap<Uuid, usize>,
    pub roles: Vec<Role>,
    pub assignments: Vec<Assignment>,
}

/// The key a role assignment is known by, whatever its name.
pub(crate) fn assignment_key(principal: Uuid, role: Uuid, scope: &str) -> String {
    format!("{principal}|{role}|{}", scope.to_ascii_lowercase())
}

impl View {
    /// The view of a snapshot's items; `names` holds the assignment names
    /// clients chose, by [`assignment_key`].
    pub fn build(image: &Image<'_>, names: &HashMap<String, String>) -> View {
        let mut v = View {
            profile: image.profile,
            ..View::default()
        };
        let display: HashMap<String, String> = image
            .accounts
            .iter()
            .filter_map(|a| {
                Some((
                    a.account.to_ascii_lowercase(),
                    a.name.as_deref()?.to_owned(),
                ))
            })
            .collect();
        for (i, d) in image.directories.iter().enumerate() {
            let initial = d.initial_domain.to_string();
            let mut dir = Directory {
                id: d.id,
                name: d.name.to_string(),
                initial_domain: initial.clone(),
                verified_domains: d.verified_domains.iter().map(|x| x.to_string()).collect(),
                users: Vec::new(),
                groups: Vec::new(),
                apps: Vec::new(),
                objects: HashMap::new(),
                user_names: HashMap::new(),
                app_ids: HashMap::new(),
                subscriptions: Vec::new(),
                management_groups: d
                    .management_groups
                    .iter()
                    .map(|m| {
                        let name = m.name.to_string();
                        let shown = m.display_name.as_deref().unwrap_or(&name).to_owned();
                        (name, shown, m.parent.as_deref().map(str::to_owned))
                    })
                    .collect(),
                block_leaving: false,
                block_entering: false,
                exempted: Vec::new(),
            };
            for u in &d.users {
                let account = u.account.to_string();
                let id =
                    u.id.unwrap_or_else(|| derived_id(&[&d.id.to_string(), &account]));
                let guest = u.kind == UserKind::External;
                let (address, microsoft_account) = match account.strip_prefix("msa:") {
                    Some(a) => (a.to_owned(), true),
                    None => (account.clone(), false),
                };
                let user_principal_name = if guest || microsoft_account {
                    format!("{}#EXT#@{initial}", address.replacen('@', "_", 1))
                } else {
                    account.clone()
                };
                let display_name = display
                    .get(&account.to_ascii_lowercase())
                    .cloned()
                    .unwrap_or_else(|| address.split('@').next().unwrap_or(&address).to_owned());
                let at = dir.users.len();
                dir.user_names
                    .insert(user_principal_name.to_ascii_lowercase(), at);
                dir.user_names.insert(account.to_ascii_lowercase(), at);
                dir.objects.insert(id, Object::User(at));
                dir.users.push(User {
                    id,
                    account,
                    user_principal_name,
                    display_name,
                    mail: (guest || microsoft_account).then_some(address),
                    guest: guest || microsoft_account,
                    microsoft_account,
                    roles: u.roles.clone(),
                    member_of: Vec::new(),
                });
            }
            v.directory_names.insert(initial.to_ascii_lowercase(), i);
            v.directory_names.insert(d.id.to_string(), i);
            for x in &d.verified_domains {
                v.directory_names.insert(x.to_ascii_lowercase(), i);
            }
            v.directories.push(dir);
        }
        for d in &image.directories {
            if let (Some(p), Some(&i)) = (&d.policy, v.directory_names.get(&d.id.to_string())) {
                let exempted: Vec<Uuid> = p
                    .exempted
                    .iter()
                    .filter_map(|e| v.directories[i].user(e).map(|u| u.id))
                    .collect();
                let dir = &mut v.directories[i];
                dir.block_leaving = p.block_leaving;
                dir.block_entering = p.block_entering;
                dir.exempted = exempted;
            }
        }
        for g in &image.groups {
            let Some(d) = v.directory(&g.directory) else {
                continue;
            };
            let dir = &mut v.directories[d];
            let at = dir.groups.len();
            dir.objects.insert(g.id, Object::Group(at));
            dir.groups.push(Group {
                id: g.id,
                name: g.name.to_string(),
                role_assignable: g.role_assignable,
                roles: g.roles.clone(),
                members: Vec::new(),
                member_of: Vec::new(),
            });
        }
        for sp in &image.service_principals {
            let Some(d) = v.directory(&sp.directory) else {
                continue;
            };
            let dir = &mut v.directories[d];
            let at = dir.apps.len();
            dir.objects.insert(sp.id, Object::App(at));
            dir.app_ids.entry(sp.app_id).or_insert(at);
            dir.apps.push(App {
                id: sp.id,
                app_id: sp.app_id,
                name: sp.name.to_string(),
                kind: sp.kind,
                resource: sp.resource.as_deref().map(str::to_owned),
            });
        }
        // Members, once every group and principal has its id.
        for g in &image.groups {
            let Some(d) = v.directory(&g.directory) else {
                continue;
            };
            let members: Vec<Uuid> = g
                .members
                .iter()
                .filter_map(|m| v.principal(d, m).map(|(id, _)| id))
                .collect();
            let dir = &mut v.directories[d];
            let Some(Object::Group(at)) = dir.objects.get(&g.id).copied() else {
                continue;
            };
            for m in &members {
                match dir.objects.get(m).copied() {
                    Some(Object::User(u)) => dir.users[u].member_of.push(at),
                    Some(Object::Group(x)) => dir.groups[x].member_of.push(at),
                    _ => {}
                }
            }
            dir.groups[at].members = members;
        }
        for s in &image.subscriptions {
            let Some(d) = v.directory(&s.directory) else {
                continue;
            };
            let at = v.subscriptions.len();
            v.subscription_ids.insert(s.id, at);
            v.directories[d].subscriptions.push(at);
            v.subscriptions.push(Subscription {
                id: s.id,
                name: s.name.to_string(),
                kind: s.kind,
                directory: d,
                offer: s.offer.as_deref().map(str::to_owned),
                plan: s.plan.as_deref().map(str::to_owned),
                seats: s.seats,
                account_administrator: s.account_administrator.as_deref().map(str::to_owned),
                service_administrator: s.service_administrator.as_deref().map(str::to_owned),
                co_administrators: s
                    .co_administrators
                    .iter()
                    .flatten()
                    .map(|c| c.to_string())
                    .collect(),
                managed_by: s.managed_by.iter().map(|m| m.tenant).collect(),
                management_group: s.management_group.as_deref().map(str::to_owned),
                change_request: s
                    .change_request
                    .as_ref()
                    .map(|c| (c.to.to_string(), c.acceptor.as_deref().map(str::to_owned))),
            });
        }
        for r in BUILTIN_ROLES.iter() {
            v.roles.push(Role {
                id: Uuid::parse_str(r.id).unwrap_or_default(),
                name: r.name.to_owned(),
                custom: false,
                description: r.description.to_owned(),
                actions: r.actions.iter().map(|a| (*a).to_owned()).collect(),
                not_actions: r.not_actions.iter().map(|a| (*a).to_owned()).collect(),
                assignable_scopes: vec!["/".to_owned()],
                directory: None,
            });
        }
        for r in image.custom_roles.iter().filter(|r| !r.deleted) {
            v.roles.push(Role {
                id: r.id,
                name: r.name.to_string(),
                custom: true,
                description: String::new(),
                actions: r.actions.iter().map(|a| a.to_string()).collect(),
                not_actions: r.not_actions.iter().map(|a| a.to_string()).collect(),
                assignable_scopes: r.assignable_scopes.iter().map(|a| a.to_string()).collect(),
                directory: v.directory(&r.directory),
            });
        }
        let mut listed: Vec<(String, &tenantry::image::Assignment<'_>)> = image
            .role_assignments
            .iter()
            .map(|a| (a.scope.to_string(), a))
            .collect();
        for s in &image.subscriptions {
            for a in s.role_assignments.iter().flatten() {
                let scope = match a.scope.strip_prefix("resource_group:") {
                    Some(rg) => format!("/subscriptions/{}/resourceGroups/{rg}", s.id),
                    None => format!("/subscriptions/{}", s.id),
                };
                listed.push((scope, a));
            }
        }
        for (scope, a) in listed {
            let directory = match &a.directory {
                Some(d) => v.directory(d),
                None => v.scope_directory(&scope),
            };
            let Some(directory) = directory else {
                continue;
            };
            let Some(role) = v.role(&a.role, Some(directory)) else {
                continue;
            };
            let Some((principal_id, principal_type)) = v.principal(directory, &a.principal) else {
                continue;
            };
            let key = assignment_key(principal_id, v.roles[role].id, &scope);
            let name = names
                .get(&key)
                .cloned()
                .unwrap_or_else(|| derived_id(&[&key]).to_string());
            v.assignments.push(Assignment {
                name,
                scope,
                directory,
                role,
                principal_id,
                principal_type,
                principal: a.principal.to_string(),
                condition: a.condition.as_deref().map(str::to_owned),
            });
        }
        v
    }

    /// A directory by domain or tenant id.
    pub fn directory(&self, key: &str) -> Option<usize> {
        self.directory_names.get(&key.to_ascii_lowercase()).copied()
    }

    /// A subscription by id.
    pub fn subscription(&self, id: Uuid) -> Option<&Subscription> {
        self.subscriptions.get(*self.subscription_ids.get(&id)?)
    }

    /// The directory of an ARM scope inside a subscription.
    pub fn scope_directory(&self, scope: &str) -> Option<usize> {
        let rest = strip_prefix_ci(scope, "/subscriptions/")?;
        let id = rest.split('/').next()?;
        Some(self.subscription(Uuid::parse_str(id).ok()?)?.directory)
    }

    /// A role definition by name (FORMAT.md's, or ARM's `roleName`) or id,
    /// custom roles of `directory` included.
    pub fn role(&self, key: &str, directory: Option<usize>) -> Option<usize> {
        if let Some(r) = RbacRole::named(key) {
            return self
                .roles
                .iter()
                .position(|x| !x.custom && x.name == r.role_name());
        }
        self.roles.iter().position(|r| {
            r.custom
                && (directory.is_none() || r.directory == directory)
                && (r.name.eq_ignore_ascii_case(key) || r.id.to_string().eq_ignore_ascii_case(key))
        })
    }

    /// A principal as the model names it (an account, `group:`,
    /// `foreign-group:`, `sp:`, `id:`): its object id and ARM type.
    pub fn principal(&self, directory: usize, name: &str) -> Option<(Uuid, &'static str)> {
        let dir = &self.directories[directory];
        let kind = |id: Uuid| match dir.objects.get(&id) {
            Some(Object::User(_)) => Some((id, "User")),
            Some(Object::Group(_)) => Some((id, "Group")),
            Some(Object::App(_)) => Some((id, "ServicePrincipal")),
            None => None,
        };
        if let Some(id) = name.strip_prefix("id:") {
            return kind(Uuid::parse_str(id).ok()?);
        }
        let named = |prefix: &str| {
            let rest = name.strip_prefix(prefix)?;
            let (n, domain) = rest.rsplit_once('@')?;
            let d = self.directory(domain)?;
            Some((d, n.to_owned()))
        };
        if let Some((d, n)) = named("group:").or_else(|| named("foreign-group:")) {
            let g = self.directories[d].groups.iter().find(|g| g.name == n)?;
            return Some((g.id, "Group"));
        }
        if let Some((d, n)) = named("sp:") {
            let a = self.directories[d].apps.iter().find(|a| a.name == n)?;
            return Some((a.id, "ServicePrincipal"));
        }
        dir.user(name).map(|u| (u.id, "User"))
    }

    /// The groups `id` is in, directly or through other groups.
    pub fn groups_of(&self, directory: usize, id: Uuid) -> Vec<usize> {
        let dir = &self.directories[directory];
        let mut out: Vec<usize> = match dir.objects.get(&id) {
            Some(Object::User(u)) => dir.users[*u].member_of.clone(),
            Some(Object::Group(g)) => dir.groups[*g].member_of.clone(),
            _ => Vec::new(),
        };
        let mut i = 0;
        while i < out.len() {
            for g in dir.groups[out[i]].member_of.clone() {
                if !out.contains(&g) {
                    out.push(g);
                }
            }
            i += 1;
        }
        out
    }
}

/// `s` without `prefix`, compared case-insensitively.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

//! From what the services wrote to the model's items: principals joined
//! by object id (`id:<uuid>` references, so display names need not be
//! unique), scopes kept as ARM paths, built-in roles by their ids. What
//! cannot be joined or held goes to the report with its reason; nothing
//! is dropped silently.

use crate::read::Read;
use crate::report::Report;
use crate::wire::{arm, graph};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use tenantry::image::{
    Account, Assignment, CustomRole, Directory, Group, ManagementGroup, OtherRole, Policy,
    ServicePrincipal, Subscription, User,
};
use tenantry::{
    Cloud, DirectoryRole, Origin, Profile, ServicePrincipalKind, SubscriptionKind, UserKind, Uuid,
};

mod inventory;

use inventory::{delegations, resources};

/// The principals the model will hold, by object id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    User,
    Group,
    ServicePrincipal,
}

fn reference(id: Uuid) -> Cow<'static, str> {
    Cow::Owned(format!("id:{id}"))
}

/// The longest display name the model keeps.
const MAX_NAME: usize = 256;

/// The display name, or the object id when Graph gives none; control
/// characters become spaces and a name past the model's length is cut.
fn display(name: &Option<String>, id: Uuid) -> Cow<'static, str> {
    match name.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => Cow::Owned(
            n.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(MAX_NAME)
                .collect(),
        ),
        _ => Cow::Owned(id.to_string()),
    }
}

/// The offer an ARM quota id names, where one does.
pub(crate) fn offer_of(quota_id: &str) -> Option<&'static str> {
    crate::wire::arm::offer_of_quota(quota_id)
}

/// A guest's own address: its `mail`, else the first of `otherMails`, else
/// what its `#EXT#` user principal name encodes.
fn guest_address(u: &graph::User) -> Option<String> {
    if let Some(m) = u.mail.as_deref().filter(|m| m.contains('@')) {
        return Some(m.to_owned());
    }
    if let Some(m) = u.other_mails.iter().find(|m| m.contains('@')) {
        return Some(m.clone());
    }
    let (local, _) = u.user_principal_name.split_once("#EXT#")?;
    let at = local.rfind('_')?;
    Some(format!("{}@{}", &local[..at], &local[at + 1..]))
}

/// The members of every tenant an import reads, by lowercase address
/// (user principal name and mail): where a guest of one of them is at
/// home.
#[derive(Debug, Default)]
pub(crate) struct Homes(HashMap<String, (Uuid, String)>);

impl Homes {
    /// The members of these reads.
    pub(crate) fn of<'a>(reads: impl IntoIterator<Item = &'a Read>) -> Homes {
        let mut homes = HashMap::new();
        for read in reads {
            let Some(org) = &read.organization else {
                continue;
            };
            for u in &read.objects.users {
                let guest = u
                    .user_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case("guest"));
                if guest || tenantry::image::check_address(&u.user_principal_name).is_err() {
                    continue;
                }
                let home = (org.id, u.user_principal_name.clone());
                for address in [Some(&u.user_principal_name), u.mail.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    homes
                        .entry(address.to_ascii_lowercase())
                        .or_insert_with(|| home.clone());
                }
            }
        }
        Homes(homes)
    }

    /// The home account of a guest of `tenant` with this address, in
    /// another tenant read.
    fn of_guest(&self, tenant: Uuid, address: &str) -> Option<&str> {
        self.0
            .get(&address.to_ascii_lowercase())
            .filter(|(home, _)| *home != tenant)
            .map(|(_, account)| account.as_str())
    }
}

/// The tenant read, as the model's items, and the report's findings;
/// guests joined to their home accounts where `homes` has them.
pub(crate) fn map(
    read: &Read,
    cloud: Cloud,
    homes: &Homes,
    report: &mut Report,
) -> tenantry::image::Image<'static> {
    let mut image = tenantry::image::Image {
        profile: Profile::Current,
        ..Default::default()
    };
    let Some(org) = &read.organization else {
        return image;
    };
    let tenant = org.id;
    let initial = read
        .domains
        .iter()
        .find(|d| d.is_initial)
        .map(|d| d.id.clone())
        .or_else(|| {
            org.verified_domains
                .iter()
                .find(|d| d.is_initial)
                .map(|d| d.name.clone())
        })
        .unwrap_or_else(|| format!("{tenant}.onmicrosoft.com"));
    let dir: Cow<'static, str> = Cow::Owned(initial.clone());
    let mut verified: Vec<String> = Vec::new();
    let mut seen_domains: HashSet<String> = HashSet::from([initial.to_ascii_lowercase()]);
    for d in read
        .domains
        .iter()
        .filter(|d| d.is_verified && !d.is_initial)
    {
        if seen_domains.insert(d.id.to_ascii_lowercase()) {
            verified.push(d.id.clone());
        }
    }
    for d in org.verified_domains.iter().filter(|d| !d.is_initial) {
        if seen_domains.insert(d.name.to_ascii_lowercase()) {
            verified.push(d.name.clone());
        }
    }
    report.tenant = tenant;
    report.directory = initial.clone();
    report.directories = vec![initial.clone()];

    // Users: members are work accounts at home; guests with a Microsoft
    // account are that account; other guests the model cannot hold yet.
    let mut held: HashMap<Uuid, Held> = HashMap::new();
    let mut users: Vec<User<'static>> = Vec::with_capacity(read.objects.users.len());
    let mut user_at: HashMap<Uuid, usize> = HashMap::new();
    let mut accounts: HashSet<String> = HashSet::new();
    let (mut members, mut guests) = (0, 0);
    for u in &read.objects.users {
        let guest = u
            .user_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("guest"));
        let account = if !guest {
            let domain = u.user_principal_name.rsplit('@').next().unwrap_or("");
            if let Err(reason) = tenantry::image::check_address(&u.user_principal_name) {
                report.unresolved(
                    "user",
                    u.id.to_string(),
                    "users",
                    format!("{}: {reason}", u.user_principal_name),
                );
                continue;
            }
            if !seen_domains.contains(&domain.to_ascii_lowercase()) {
                report.unresolved(
                    "user",
                    u.id.to_string(),
                    "users",
                    format!(
                        "{} is a member whose domain is not a verified domain of the directory",
                        u.user_principal_name
                    ),
                );
                continue;
            }
            image.accounts.push(Account {
                account: Cow::Owned(u.user_principal_name.clone()),
                name: u
                    .display_name
                    .as_ref()
                    .map(|_| display(&u.display_name, u.id)),
                home: Some(dir.clone()),
                default_directory: None,
            });
            members += 1;
            (u.user_principal_name.clone(), UserKind::Member)
        } else {
            let msa = u.identities.iter().any(|i| {
                i.issuer
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case("MicrosoftAccount"))
            });
            let address = guest_address(u);
            let home = match (msa, &address) {
                (false, Some(a)) => homes.of_guest(tenant, a),
                _ => None,
            };
            match (msa, address) {
                (true, Some(address)) if tenantry::image::check_address(&address).is_ok() => {
                    let reference = format!("msa:{address}");
                    if accounts.insert(reference.to_ascii_lowercase()) {
                        image.accounts.push(Account {
                            account: Cow::Owned(reference.clone()),
                            name: u
                                .display_name
                                .as_ref()
                                .map(|_| display(&u.display_name, u.id)),
                            home: None,
                            default_directory: None,
                        });
                    }
                    guests += 1;
                    (reference, UserKind::External)
                }
                (false, Some(_)) if home.is_some() => {
                    guests += 1;
                    (home.unwrap_or_default().to_owned(), UserKind::External)
                }
                _ => {
                    let how = u
                        .identities
                        .iter()
                        .filter_map(|i| i.issuer.as_deref())
                        .find(|i| !i.eq_ignore_ascii_case(&initial))
                        .unwrap_or("another directory");
                    report.unresolved(
                        "guest",
                        u.id.to_string(),
                        "users",
                        format!(
                            "{} signs in through {how}; the model holds guests with a Microsoft account or from an imported directory",
                            u.user_principal_name
                        ),
                    );
                    continue;
                }
            }
        };
        held.insert(u.id, Held::User);
        user_at.insert(u.id, users.len());
        users.push(User {
            account: Cow::Owned(account.0),
            kind: account.1,
            roles: Vec::new(),
            id: Some(u.id),
            other_roles: Vec::new(),
        });
    }
    report.count("users", members);
    report.count("guests", guests);

    for g in &read.objects.groups {
        held.insert(g.id, Held::Group);
    }
    let managed = |sp: &graph::ServicePrincipal| {
        sp.service_principal_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("ManagedIdentity"))
    };
    let subscription_ids: HashSet<Uuid> = read
        .subscriptions
        .iter()
        .filter(|s| s.tenant_id == tenant)
        .map(|s| s.subscription_id)
        .collect();
    let mut identities = 0;
    for sp in &read.service_principals {
        let kind;
        let mut resource = None;
        let mut subscription = None;
        if managed(sp) {
            let Some(path) = sp
                .alternative_names
                .iter()
                .find(|n| n.to_ascii_lowercase().starts_with("/subscriptions/"))
            else {
                report.unresolved(
                    "managed_identity",
                    sp.id.to_string(),
                    "servicePrincipals",
                    "a managed identity whose resource id Graph does not give (alternativeNames)",
                );
                continue;
            };
            let explicit = sp
                .alternative_names
                .iter()
                .any(|n| n.eq_ignore_ascii_case("isExplicit=True"));
            kind = if explicit {
                ServicePrincipalKind::ManagedIdentityUser
            } else {
                ServicePrincipalKind::ManagedIdentitySystem
            };
            resource = Some(Cow::Owned(path.clone()));
            subscription = path
                .split('/')
                .nth(2)
                .and_then(|s| Uuid::try_parse(s).ok())
                .filter(|s| subscription_ids.contains(s))
                .map(|s| Cow::Owned(s.to_string()));
            identities += 1;
        } else {
            kind = ServicePrincipalKind::Application;
        }
        held.insert(sp.id, Held::ServicePrincipal);
        image.service_principals.push(ServicePrincipal {
            id: sp.id,
            app_id: sp.app_id,
            name: display(&sp.display_name, sp.id),
            directory: dir.clone(),
            kind,
            resource,
            subscription,
        });
    }
    report.count(
        "service_principals",
        image.service_principals.len() - identities,
    );
    report.count("managed_identities", identities);

    // Directory roles: the model's by template id; users keep the others
    // by template id too.
    let mut group_roles: HashMap<Uuid, Vec<DirectoryRole>> = HashMap::new();
    let mut holders = 0;
    for (role, list) in &read.roles {
        let known = DirectoryRole::ALL
            .iter()
            .copied()
            .find(|r| r.template_id().eq_ignore_ascii_case(&role.role_template_id));
        for h in list {
            match (held.get(&h.id), known) {
                (Some(Held::User), Some(r)) => {
                    if let Some(u) = user_at.get(&h.id).and_then(|i| users.get_mut(*i)) {
                        if !u.roles.contains(&r) {
                            u.roles.push(r);
                            holders += 1;
                        }
                    }
                }
                (Some(Held::User), None) => {
                    if let Some(u) = user_at.get(&h.id).and_then(|i| users.get_mut(*i)) {
                        u.other_roles.push(OtherRole {
                            template_id: Cow::Owned(role.role_template_id.clone()),
                            name: display(&role.display_name, role.id),
                        });
                        holders += 1;
                    }
                }
                (Some(Held::Group), Some(r)) => {
                    group_roles.entry(h.id).or_default().push(r);
                    holders += 1;
                }
                (Some(Held::Group), None) => {
                    report.not_held("group holders of other directory roles")
                }
                (Some(Held::ServicePrincipal), _) => {
                    report.not_held("service principals holding directory roles")
                }
                (None, _) => report.unresolved(
                    "principal",
                    h.id.to_string(),
                    format!("directory role {}", role.role_template_id),
                    "a holder no list returned",
                ),
            }
        }
    }
    report.count("directory_role_holders", holders);

    // Groups and their direct members.
    let mut memberships = 0;
    for g in &read.objects.groups {
        let role_assignable = g.is_assignable_to_role.unwrap_or(false);
        let mut list = Vec::new();
        for m in read.objects.members.get(&g.id).into_iter().flatten() {
            let kind = m.odata_type.as_deref().unwrap_or("");
            let directory_object = kind.ends_with(".user")
                || kind.ends_with(".group")
                || kind.ends_with(".servicePrincipal");
            match held.get(&m.id) {
                Some(Held::Group) if role_assignable => {
                    report.unresolved(
                        "member",
                        m.id.to_string(),
                        format!("group {}", g.id),
                        "a group inside a role-assignable group, which Entra ID does not allow",
                    );
                }
                Some(_) => {
                    list.push(reference(m.id));
                    memberships += 1;
                }
                None if directory_object || kind.is_empty() => report.unresolved(
                    "member",
                    m.id.to_string(),
                    format!("group {}", g.id),
                    "a member no list returned (or a guest the model does not hold)",
                ),
                None => report.not_held(&format!(
                    "group members of type {}",
                    kind.trim_start_matches("#microsoft.graph.")
                )),
            }
        }
        let roles = group_roles.remove(&g.id).unwrap_or_default();
        image.groups.push(Group {
            id: g.id,
            name: display(&g.display_name, g.id),
            directory: dir.clone(),
            role_assignable,
            roles,
            members: list,
        });
    }
    report.count("groups", image.groups.len());
    report.count("memberships", memberships);

    // Management groups, parents before children.
    let mut management_groups = Vec::new();
    let mut subscription_group: HashMap<Uuid, String> = HashMap::new();
    if let Some(root) = &read.management_groups {
        let mut stack: Vec<(&arm::ManagementGroupChild, Option<String>)> = root
            .properties
            .children
            .iter()
            .flatten()
            .map(|c| (c, None))
            .collect();
        stack.reverse();
        while let Some((child, parent)) = stack.pop() {
            if child.is_subscription() {
                if let (Ok(id), Some(parent)) = (Uuid::try_parse(&child.name), &parent) {
                    subscription_group.insert(id, parent.clone());
                }
                continue;
            }
            management_groups.push(ManagementGroup {
                name: Cow::Owned(child.name.clone()),
                display_name: child
                    .display_name
                    .as_ref()
                    .map(|_| display(&child.display_name, tenant)),
                parent: parent.clone().map(Cow::Owned),
            });
            let mut below: Vec<_> = child
                .children
                .iter()
                .flatten()
                .map(|c| (c, Some(child.name.clone())))
                .collect();
            below.reverse();
            stack.extend(below);
        }
    }
    report.count("management_groups", management_groups.len());
    let mg_names: HashSet<String> = management_groups
        .iter()
        .map(|m| m.name.to_ascii_lowercase())
        .chain(std::iter::once(tenant.to_string()))
        .collect();

    let policy = read.policy.as_ref().map(|p| {
        let mut exempted = Vec::new();
        for id in &p.properties.exempted_principals {
            match user_at.get(id).and_then(|i| users.get(*i)) {
                Some(u) => exempted.push(u.account.clone()),
                None => report.unresolved(
                    "policy_exemption",
                    id.to_string(),
                    "the subscription policy",
                    "an exempted principal that is not a user the import holds",
                ),
            }
        }
        Policy {
            block_leaving: p.properties.block_subscriptions_leaving_tenant,
            block_entering: p.properties.block_subscriptions_into_tenant,
            exempted,
        }
    });

    image.directories.push(Directory {
        id: tenant,
        name: match org.display_name.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => display(&org.display_name, tenant),
            _ => Cow::Owned(initial.clone()),
        },
        initial_domain: dir.clone(),
        verified_domains: verified.into_iter().map(Cow::Owned).collect(),
        cloud,
        origin: Origin::Imported,
        users,
        policy,
        guest_invites: None,
        management_groups,
    });

    // Office 365 subscriptions: one per commercial subscription where
    // Graph lists them, else one per subscribed SKU.
    let office365 = |id: Uuid, part: &str| {
        Subscription::new(
            id,
            Cow::Owned(part.to_owned()),
            SubscriptionKind::Office365,
            dir.clone(),
        )
    };
    let mut office = 0;
    match &read.company_subscriptions {
        Some(list) => {
            for s in list {
                image.subscriptions.push(Subscription {
                    plan: Some(Cow::Owned(s.sku_part_number.clone())),
                    seats: Some(s.total_licenses.unwrap_or(0)),
                    ..office365(s.id, &s.sku_part_number)
                });
                office += 1;
            }
        }
        None => {
            for s in &read.skus {
                image.subscriptions.push(Subscription {
                    plan: Some(Cow::Owned(s.sku_part_number.clone())),
                    seats: Some(s.prepaid_units.as_ref().map_or(0, |u| u.enabled)),
                    ..office365(s.sku_id, &s.sku_part_number)
                });
                office += 1;
            }
        }
    }
    report.count("office365_subscriptions", office);

    // Azure subscriptions of this directory.
    let mut azure = 0;
    for s in &read.subscriptions {
        if s.tenant_id != tenant {
            report.unresolved(
                "subscription",
                s.subscription_id.to_string(),
                "subscriptions",
                format!(
                    "trusts directory {}, which this import did not read",
                    s.tenant_id
                ),
            );
            continue;
        }
        let quota = s
            .subscription_policies
            .as_ref()
            .and_then(|p| p.quota_id.as_deref());
        let offer = quota.and_then(offer_of);
        if offer.is_none() {
            report.not_held("subscriptions whose offer the quota id does not name");
        }
        let managed_by = delegations(read, s, report);
        image.subscriptions.push(Subscription {
            offer: offer.map(Cow::Borrowed),
            management_group: subscription_group
                .get(&s.subscription_id)
                .filter(|g| !g.eq_ignore_ascii_case(&tenant.to_string()))
                .cloned()
                .map(Cow::Owned),
            managed_by,
            ..Subscription::new(
                s.subscription_id,
                display(&s.display_name, s.subscription_id),
                SubscriptionKind::Azure,
                dir.clone(),
            )
        });
        azure += 1;
    }
    report.count("azure_subscriptions", azure);
    for _ in read.classic.iter().flat_map(|(_, list)| list) {
        report.not_held("classic administrators (retired; each became an Owner assignment)");
    }

    // Custom roles, with the assignable scopes the import holds.
    let in_import = |scope: &str| scope_held(scope, &subscription_ids, &mg_names);
    let mut custom: HashSet<String> = HashSet::new();
    for d in &read.role_definitions {
        let p = &d.properties;
        if !p
            .kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("CustomRole"))
        {
            continue;
        }
        let Ok(id) = Uuid::try_parse(&d.name) else {
            report.unresolved(
                "role_definition",
                d.name.clone(),
                "roleDefinitions",
                "its name is not a GUID",
            );
            continue;
        };
        let mut scopes = Vec::new();
        for s in &p.assignable_scopes {
            if in_import(s) && s != "/" && tenantry::image::check_scope(s).is_ok() {
                scopes.push(Cow::Owned(s.clone()));
            } else {
                report.unresolved(
                    "assignable_scope",
                    s.clone(),
                    format!("role definition {id}"),
                    "a scope outside what the import read",
                );
            }
        }
        let actions: Vec<Cow<'static, str>> = p
            .permissions
            .iter()
            .flat_map(|x| &x.actions)
            .map(|a| Cow::Owned(a.clone()))
            .collect();
        if p.permissions.iter().any(|x| !x.data_actions.is_empty()) {
            report.not_held("data actions of custom roles");
        }
        if scopes.is_empty() || actions.is_empty() {
            report.unresolved(
                "role_definition",
                id.to_string(),
                "roleDefinitions",
                "a custom role with no control-plane action or no assignable scope the import holds",
            );
            continue;
        }
        custom.insert(id.to_string());
        image.custom_roles.push(CustomRole {
            id,
            name: display(&p.role_name, id),
            directory: dir.clone(),
            actions,
            not_actions: p
                .permissions
                .iter()
                .flat_map(|x| &x.not_actions)
                .map(|a| Cow::Owned(a.clone()))
                .collect(),
            assignable_scopes: scopes,
            deleted: false,
        });
    }
    report.count("custom_roles", image.custom_roles.len());

    // Role assignments, joined to principals and roles by id.
    for a in &read.role_assignments {
        let p = &a.properties;
        let role = p
            .role_definition_id
            .rsplit('/')
            .next()
            .unwrap_or(&p.role_definition_id)
            .to_ascii_lowercase();
        let builtin = tenantry::RbacRole::named(&role).is_some();
        if !builtin && !custom.contains(&role) {
            report.unresolved(
                "role_definition",
                role,
                a.id.clone(),
                "a built-in role the model does not hold, or a role definition outside the tenant",
            );
            continue;
        }
        if !held.contains_key(&p.principal_id) {
            report.unresolved(
                "principal",
                p.principal_id.to_string(),
                a.id.clone(),
                format!(
                    "a {} no list returned (deleted, of another directory, or a guest the model does not hold)",
                    p.principal_type.as_deref().unwrap_or("principal")
                ),
            );
            continue;
        }
        if !in_import(&p.scope) {
            report.unresolved(
                "scope",
                p.scope.clone(),
                a.id.clone(),
                "a scope outside what the import read",
            );
            continue;
        }
        if let Err(reason) = tenantry::image::check_scope(&p.scope) {
            report.unresolved("scope", p.scope.clone(), a.id.clone(), reason);
            continue;
        }
        image.role_assignments.push(Assignment {
            principal: reference(p.principal_id),
            role: Cow::Owned(role),
            scope: Cow::Owned(p.scope.clone()),
            directory: (p.scope == "/").then(|| dir.clone()),
            condition: p.condition.clone().map(Cow::Owned),
        });
    }
    report.count("role_assignments", image.role_assignments.len());
    resources(read, &held, &in_import, &mut image, report);
    image
}

/// Whether a scope names something the import holds: `/`, one of its
/// management groups, or one of its subscriptions (or inside one).
fn scope_held(scope: &str, subscriptions: &HashSet<Uuid>, groups: &HashSet<String>) -> bool {
    if scope == "/" {
        return true;
    }
    let lower = scope.to_ascii_lowercase();
    if let Some(name) = lower.strip_prefix("/providers/microsoft.management/managementgroups/") {
        return groups.contains(name);
    }
    lower
        .strip_prefix("/subscriptions/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| Uuid::try_parse(id).ok())
        .is_some_and(|id| subscriptions.contains(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_ids_name_the_common_offers() {
        assert_eq!(offer_of("PayAsYouGo_2014-09-01"), Some("MS-AZR-0003P"));
        assert_eq!(
            offer_of("EnterpriseAgreement_2014-09-01"),
            Some("MS-AZR-0017P")
        );
        assert_eq!(offer_of("Internal_2014-09-01"), None);
    }

    #[test]
    fn a_guests_address_comes_from_mail_or_its_ext_name() {
        let mut u = graph::User {
            id: Uuid::nil(),
            display_name: None,
            user_principal_name: "jo_outlook.com#EXT#@contoso.onmicrosoft.com".into(),
            user_type: Some("Guest".into()),
            creation_type: Some("Invitation".into()),
            mail: None,
            other_mails: vec![],
            identities: vec![],
        };
        assert_eq!(guest_address(&u).as_deref(), Some("jo@outlook.com"));
        u.mail = Some("Jo@Outlook.com".into());
        assert_eq!(guest_address(&u).as_deref(), Some("Jo@Outlook.com"));
    }

    #[test]
    fn scopes_are_held_when_the_import_read_them() {
        let sub = Uuid::from_u128(5);
        let subs = HashSet::from([sub]);
        let groups = HashSet::from(["prod".to_owned()]);
        assert!(scope_held("/", &subs, &groups));
        assert!(scope_held(
            &format!("/subscriptions/{sub}/resourceGroups/web"),
            &subs,
            &groups
        ));
        assert!(scope_held(
            "/providers/Microsoft.Management/managementGroups/Prod",
            &subs,
            &groups
        ));
        assert!(!scope_held(
            "/providers/Microsoft.Management/managementGroups/dev",
            &subs,
            &groups
        ));
        assert!(!scope_held(
            &format!("/subscriptions/{}", Uuid::from_u128(6)),
            &subs,
            &groups
        ));
    }
}

//! Property tests: random sequences of operations by random actors.
//!
//! - every invariant holds after every operation (the snapshot, which
//!   validates I1–I9 and every reference on load, reloads; and the reloaded
//!   model answers every query as the live one does, so the incrementally
//!   kept indexes equal freshly built ones);
//! - a refused operation leaves the snapshot byte-identical;
//! - a plan's effects equal the effects the operation then applies, and
//!   `can` agrees with both;
//! - snapshots round-trip losslessly;
//!
//! each case under one profile, `classic` or `current` (drawn per case),
//! with today's operations (elevation, policies, guests, groups, service
//! principals, custom roles, management groups, the two-party move, GDAP)
//! mixed in; and switching a classic state to `current` converts exactly
//! the classic administrators `retirement_report` names.
//!
//! Operations are drawn abstractly (indexes into small name pools and into
//! whatever exists at the time), so they collide often: existing domains,
//! e-mail addresses that are also UPNs, the wrong actor, a removed role.

use proptest::prelude::*;
use serde_json::{json, Value};
use tenantry::ops::*;
use tenantry::{Effect, Operation, Profile, Tenancy};

const CASES: u32 = 1_000;
const PREFIXES: [&str; 5] = [
    "contoso",
    "fabrikam",
    "litware",
    "msmithhotmail",
    "jooutlook",
];
const EMAILS: [&str; 5] = [
    "msmith@hotmail.com",
    "jo@outlook.com",
    "kelley@contoso.com",
    "jane@contoso.com",
    "x@fabrikam.com",
];
const LOCALS: [&str; 4] = ["admin", "jane", "kelley", "x"];
const DOMAINS: [&str; 3] = ["contoso.com", "fabrikam.com", "Contoso.COM"];
const CLOUDS: [&str; 3] = ["public", "public", "germany"];
const DIR_ROLES: [&str; 5] = [
    "global_administrator",
    "billing_administrator",
    "user_administrator",
    "password_administrator",
    "service_support_administrator",
];
const RBAC_ROLES: [&str; 4] = [
    "owner",
    "contributor",
    "reader",
    "user_access_administrator",
];
const OFFERS: [&str; 4] = [
    "MS-AZR-0003P",
    "MS-AZR-0044P",
    "MS-AZR-0003P",
    "MS-AZR-0017P",
];
const RGS: [&str; 3] = ["rg-web", "RG-WEB", "rg-db"];
const PARTNERS: [&str; 2] = ["Litware Partners", "Fabrikam CSP"];
const GROUPS: [&str; 3] = ["Ops", "Devs", "ops"];
const APPS: [&str; 2] = ["Deployer", "Backup"];
const CUSTOM_ROLES: [&str; 2] = ["Operator", "Access Auditor"];
const MGS: [&str; 3] = ["platform", "apps", "Platform"];
const ACTIONS: [&str; 3] = [
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Compute/*/read",
    "*/read",
];

/// An operation with its references left as indexes.
#[derive(Debug, Clone)]
enum Abstract {
    CreateMsa(usize),
    SignUpOffice365 {
        prefix: usize,
        admin: usize,
        cloud: usize,
        seats: i64,
    },
    CreateDirectory {
        prefix: usize,
        admin: usize,
        cloud: usize,
    },
    CreatePartner {
        name: usize,
        prefix: usize,
        cloud: usize,
    },
    AddDomain {
        actor: usize,
        dir: usize,
        domain: usize,
    },
    AddUser {
        actor: usize,
        dir: usize,
        user: usize,
        role: Option<usize>,
        on_domain: Option<usize>,
    },
    DirectoryRole {
        assign: bool,
        actor: usize,
        dir: usize,
        account: usize,
        role: usize,
    },
    SignUpAzure {
        actor: usize,
        offer: usize,
        dir: Option<usize>,
    },
    BuyOffice365 {
        actor: usize,
        dir: Option<usize>,
    },
    UseExisting {
        actor: usize,
        dir: usize,
        ga: usize,
    },
    Move {
        actor: usize,
        sub: usize,
        dir: usize,
    },
    CoAdmin {
        add: bool,
        actor: usize,
        sub: usize,
        account: usize,
    },
    Rbac {
        assign: bool,
        actor: usize,
        sub: usize,
        principal: usize,
        role: usize,
        rg: Option<usize>,
    },
    ChangeServiceAdmin {
        actor: usize,
        sub: usize,
        account: usize,
    },
    Link {
        actor: usize,
        sub: usize,
        dir: usize,
        ga: usize,
        admins: Vec<usize>,
    },
    Associate {
        actor: usize,
        sub: usize,
        partner: usize,
    },
    SignIn {
        actor: usize,
    },
    Elevate {
        on: bool,
        actor: usize,
        dir: usize,
    },
    SetPolicy {
        actor: usize,
        dir: usize,
        leave: bool,
        enter: bool,
        exempt: Option<usize>,
    },
    Invite {
        actor: usize,
        dir: usize,
        account: usize,
    },
    CreateGroup {
        actor: usize,
        dir: usize,
        name: usize,
        role_assignable: bool,
    },
    Member {
        add: bool,
        actor: usize,
        dir: usize,
        group: usize,
        member: usize,
        nested: Option<usize>,
    },
    CreateApp {
        actor: usize,
        dir: usize,
        name: usize,
    },
    Identity {
        actor: usize,
        sub: usize,
        name: usize,
        rg: Option<usize>,
    },
    /// `assign_role` / `remove_role` at `/`, a management group, or to a
    /// group or service principal, with built-in or custom roles.
    ScopedRbac {
        assign: bool,
        actor: usize,
        sub: usize,
        scope: usize,
        principal: usize,
        role: usize,
    },
    CustomRole {
        create: bool,
        actor: usize,
        sub: usize,
        name: usize,
        action: usize,
    },
    ManagementGroup {
        actor: usize,
        dir: usize,
        name: usize,
        parent: Option<usize>,
    },
    Place {
        actor: usize,
        sub: usize,
        mg: usize,
    },
    RequestChange {
        actor: usize,
        sub: usize,
        dir: usize,
    },
    DecideChange {
        accept: bool,
        actor: usize,
        sub: usize,
    },
    Gdap {
        actor: usize,
        partner: usize,
        dir: usize,
        days: i64,
        role: usize,
    },
    ApproveGdap {
        actor: usize,
        partner: usize,
        dir: usize,
    },
    AzurePlan {
        actor: usize,
        partner: usize,
        dir: usize,
    },
}

/// Some organisations, accounts and subscriptions to start from, then a
/// random mix of every operation.
fn scenario() -> impl Strategy<Value = Vec<Abstract>> {
    let i = || 0usize..64;
    let creation = prop_oneof![
        (0..EMAILS.len()).prop_map(Abstract::CreateMsa),
        (0..PREFIXES.len(), 0..LOCALS.len(), 0..CLOUDS.len(), 1i64..3).prop_map(
            |(prefix, admin, cloud, seats)| Abstract::SignUpOffice365 {
                prefix,
                admin,
                cloud,
                seats
            }
        ),
        (0..PARTNERS.len(), 0..PREFIXES.len(), 0..CLOUDS.len()).prop_map(
            |(name, prefix, cloud)| Abstract::CreatePartner {
                name,
                prefix,
                cloud
            }
        ),
        (i(), 0..2usize).prop_map(|(actor, offer)| Abstract::SignUpAzure {
            actor,
            offer,
            dir: None
        }),
    ];
    (
        proptest::collection::vec(creation, 2..10),
        proptest::collection::vec(abstract_op(), 1..40),
    )
        .prop_map(|(mut setup, ops)| {
            setup.extend(ops);
            setup
        })
}

fn abstract_op() -> impl Strategy<Value = Abstract> {
    let i = || 0usize..64;
    prop_oneof![
        2 => (0..EMAILS.len()).prop_map(Abstract::CreateMsa),
        2 => (0..PREFIXES.len(), 0..LOCALS.len(), 0..CLOUDS.len(), -1i64..3)
            .prop_map(|(prefix, admin, cloud, seats)| Abstract::SignUpOffice365 { prefix, admin, cloud, seats }),
        1 => (0..PREFIXES.len(), 0..LOCALS.len(), 0..CLOUDS.len())
            .prop_map(|(prefix, admin, cloud)| Abstract::CreateDirectory { prefix, admin, cloud }),
        1 => (0..PARTNERS.len(), 0..PREFIXES.len(), 0..CLOUDS.len())
            .prop_map(|(name, prefix, cloud)| Abstract::CreatePartner { name, prefix, cloud }),
        1 => (i(), i(), 0..DOMAINS.len()).prop_map(|(actor, dir, domain)| Abstract::AddDomain { actor, dir, domain }),
        3 => (i(), i(), 0..LOCALS.len(), proptest::option::of(0..DIR_ROLES.len()), proptest::option::of(0..DOMAINS.len()))
            .prop_map(|(actor, dir, user, role, on_domain)| Abstract::AddUser { actor, dir, user, role, on_domain }),
        2 => (any::<bool>(), i(), i(), i(), 0..DIR_ROLES.len())
            .prop_map(|(assign, actor, dir, account, role)| Abstract::DirectoryRole { assign, actor, dir, account, role }),
        3 => (i(), 0..OFFERS.len(), proptest::option::of(i()))
            .prop_map(|(actor, offer, dir)| Abstract::SignUpAzure { actor, offer, dir }),
        1 => (i(), proptest::option::of(i())).prop_map(|(actor, dir)| Abstract::BuyOffice365 { actor, dir }),
        2 => (i(), i(), i()).prop_map(|(actor, dir, ga)| Abstract::UseExisting { actor, dir, ga }),
        2 => (i(), i(), i()).prop_map(|(actor, sub, dir)| Abstract::Move { actor, sub, dir }),
        3 => (any::<bool>(), i(), i(), i()).prop_map(|(add, actor, sub, account)| Abstract::CoAdmin { add, actor, sub, account }),
        3 => (any::<bool>(), i(), i(), i(), 0..RBAC_ROLES.len(), proptest::option::of(0..RGS.len()))
            .prop_map(|(assign, actor, sub, principal, role, rg)| Abstract::Rbac { assign, actor, sub, principal, role, rg }),
        1 => (i(), i(), i()).prop_map(|(actor, sub, account)| Abstract::ChangeServiceAdmin { actor, sub, account }),
        1 => (i(), i(), i(), i(), proptest::collection::vec(i(), 0..3))
            .prop_map(|(actor, sub, dir, ga, admins)| Abstract::Link { actor, sub, dir, ga, admins }),
        1 => (i(), i(), i()).prop_map(|(actor, sub, partner)| Abstract::Associate { actor, sub, partner }),
        1 => i().prop_map(|actor| Abstract::SignIn { actor }),
        8 => today_op(),
    ]
}

/// Today's operations (N1–N7 and R8's wider scopes and principals).
fn today_op() -> impl Strategy<Value = Abstract> {
    let i = || 0usize..64;
    prop_oneof![
        2 => (any::<bool>(), i(), i()).prop_map(|(on, actor, dir)| Abstract::Elevate { on, actor, dir }),
        1 => (i(), i(), any::<bool>(), any::<bool>(), proptest::option::of(i()))
            .prop_map(|(actor, dir, leave, enter, exempt)| Abstract::SetPolicy { actor, dir, leave, enter, exempt }),
        1 => (i(), i(), i()).prop_map(|(actor, dir, account)| Abstract::Invite { actor, dir, account }),
        2 => (i(), i(), 0..GROUPS.len(), any::<bool>())
            .prop_map(|(actor, dir, name, role_assignable)| Abstract::CreateGroup { actor, dir, name, role_assignable }),
        2 => (any::<bool>(), i(), i(), 0..GROUPS.len(), i(), proptest::option::of(0..GROUPS.len()))
            .prop_map(|(add, actor, dir, group, member, nested)| Abstract::Member { add, actor, dir, group, member, nested }),
        1 => (i(), i(), 0..APPS.len()).prop_map(|(actor, dir, name)| Abstract::CreateApp { actor, dir, name }),
        1 => (i(), i(), 0..APPS.len(), proptest::option::of(0..RGS.len()))
            .prop_map(|(actor, sub, name, rg)| Abstract::Identity { actor, sub, name, rg }),
        3 => (any::<bool>(), i(), i(), 0..4usize, i(), 0..(RBAC_ROLES.len() + CUSTOM_ROLES.len() + 1))
            .prop_map(|(assign, actor, sub, scope, principal, role)| Abstract::ScopedRbac { assign, actor, sub, scope, principal, role }),
        1 => (any::<bool>(), i(), i(), 0..CUSTOM_ROLES.len(), 0..ACTIONS.len())
            .prop_map(|(create, actor, sub, name, action)| Abstract::CustomRole { create, actor, sub, name, action }),
        1 => (i(), i(), 0..MGS.len(), proptest::option::of(0..MGS.len()))
            .prop_map(|(actor, dir, name, parent)| Abstract::ManagementGroup { actor, dir, name, parent }),
        1 => (i(), i(), 0..MGS.len()).prop_map(|(actor, sub, mg)| Abstract::Place { actor, sub, mg }),
        1 => (i(), i(), i()).prop_map(|(actor, sub, dir)| Abstract::RequestChange { actor, sub, dir }),
        1 => (any::<bool>(), i(), i()).prop_map(|(accept, actor, sub)| Abstract::DecideChange { accept, actor, sub }),
        1 => (i(), i(), i(), -1i64..800, 0..DIR_ROLES.len())
            .prop_map(|(actor, partner, dir, days, role)| Abstract::Gdap { actor, partner, dir, days, role }),
        1 => (i(), i(), i()).prop_map(|(actor, partner, dir)| Abstract::ApproveGdap { actor, partner, dir }),
        1 => (i(), i(), i()).prop_map(|(actor, partner, dir)| Abstract::AzurePlan { actor, partner, dir }),
    ]
}

/// Picks the `i`th of what exists, or (one slot in sixteen) a reference to
/// nothing, so unknown references are exercised too.
fn pick(list: &[String], i: usize, missing: &str) -> String {
    if list.is_empty() || i % 16 == 15 {
        return missing.to_owned();
    }
    list.get(i % list.len())
        .cloned()
        .unwrap_or_else(|| missing.to_owned())
}

/// Two times in three, one of the `likely` candidates (the right actor, an
/// existing assignment…); else anything at all, so refusals stay common.
fn likely(likely: &[String], all: &[String], i: usize, missing: &str) -> String {
    match likely.get((i / 3) % likely.len().max(1)) {
        Some(x) if i % 3 != 0 => x.clone(),
        _ => pick(all, i, missing),
    }
}

const NO_ACCOUNT: &str = "ghost@nowhere.com";
const NO_DIRECTORY: &str = "nowhere.onmicrosoft.com";
const NO_SUBSCRIPTION: &str = "00000000-0000-4000-8000-000000000000";

/// What exists now, for drawing references.
struct World<'t> {
    t: &'t Tenancy,
    accounts: Vec<String>,
    msas: Vec<String>,
    dirs: Vec<String>,
    subs: Vec<String>,
    partners: Vec<String>,
}

impl<'t> World<'t> {
    fn new(t: &'t Tenancy) -> Self {
        let accounts: Vec<String> = t.accounts().map(|a| a.account.to_owned()).collect();
        World {
            t,
            msas: accounts
                .iter()
                .filter(|a| a.starts_with("msa:"))
                .cloned()
                .collect(),
            accounts,
            dirs: t
                .directories()
                .map(|d| d.initial_domain.to_owned())
                .collect(),
            subs: t.subscriptions().map(|s| s.id.to_string()).collect(),
            partners: t.partners().map(str::to_owned).collect(),
        }
    }

    fn acc(&self, i: usize) -> String {
        pick(&self.accounts, i, NO_ACCOUNT)
    }

    fn acc_from(&self, candidates: &[String], i: usize) -> String {
        likely(candidates, &self.accounts, i, NO_ACCOUNT)
    }

    fn dir(&self, i: usize) -> String {
        pick(&self.dirs, i, NO_DIRECTORY)
    }

    fn dir_from(&self, candidates: &[String], i: usize) -> String {
        likely(candidates, &self.dirs, i, NO_DIRECTORY)
    }

    fn sub(&self, i: usize) -> String {
        pick(&self.subs, i, NO_SUBSCRIPTION)
    }

    fn users(&self, dir: &str) -> Vec<String> {
        self.t
            .users_of(dir)
            .map(|u| u.into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Users of `dir` holding any of `roles`.
    fn holders(&self, dir: &str, roles: &[&str]) -> Vec<String> {
        self.users(dir)
            .into_iter()
            .filter(|a| {
                self.t
                    .user(dir, a)
                    .ok()
                    .flatten()
                    .is_some_and(|u| u.roles.iter().any(|r| roles.contains(&r.as_str())))
            })
            .collect()
    }

    /// The principals holding Owner at a subscription's scope.
    fn owners(&self, sub: &str) -> Vec<String> {
        self.t
            .role_assignments(sub)
            .unwrap_or_default()
            .iter()
            .filter(|a| a.role == tenantry::RoleName::Builtin(tenantry::RbacRole::Owner))
            .map(|a| a.principal.to_string())
            .collect()
    }

    /// A partner's admin, as its storefront's directory's first user.
    fn partner_admins(&self) -> Vec<String> {
        self.dirs
            .iter()
            .filter(|d| self.t.directory(d).is_ok_and(|v| v.partner.is_some()))
            .flat_map(|d| self.users(d).into_iter().take(1))
            .collect()
    }

    fn directories_of(&self, acc: &str) -> Vec<String> {
        self.t
            .directories_of(acc)
            .map(|d| d.into_iter().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// (directory, account admin, service admin, co-admins) of a subscription.
    fn admins(&self, sub: &str) -> (String, Vec<String>, Vec<String>, Vec<String>) {
        match self.t.subscription(sub) {
            Ok(v) => (
                v.directory.to_owned(),
                v.account_administrator
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
                v.service_administrator
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
                v.co_administrators
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            ),
            Err(_) => (NO_DIRECTORY.to_owned(), vec![], vec![], vec![]),
        }
    }
}

fn materialize(t: &Tenancy, op: &Abstract) -> Operation {
    let w = World::new(t);
    let s = |x: &str| x.to_owned();
    const ADMINS: [&str; 2] = ["global_administrator", "user_administrator"];
    const GA: [&str; 1] = ["global_administrator"];
    match op {
        Abstract::CreateMsa(e) => CreateMicrosoftAccount {
            email: s(EMAILS[*e]),
        }
        .into(),
        Abstract::SignUpOffice365 {
            prefix,
            admin,
            cloud,
            seats,
        } => SignUpOffice365 {
            organization: s(PREFIXES[*prefix]),
            domain_prefix: s(PREFIXES[*prefix]),
            admin: s(LOCALS[*admin]),
            admin_name: None,
            plan: s("Office 365 E3"),
            seats: Some(*seats),
            cloud: Some(s(CLOUDS[*cloud])),
        }
        .into(),
        Abstract::CreateDirectory {
            prefix,
            admin,
            cloud,
        } => CreateDirectory {
            organization: s(PREFIXES[*prefix]),
            domain_prefix: s(PREFIXES[*prefix]),
            admin: s(LOCALS[*admin]),
            admin_name: Some(s("Admin")),
            cloud: Some(s(CLOUDS[*cloud])),
        }
        .into(),
        Abstract::CreatePartner {
            name,
            prefix,
            cloud,
        } => CreatePartnerCenterAccount {
            name: s(PARTNERS[*name]),
            domain_prefix: s(PREFIXES[*prefix]),
            admin: s("admin"),
            cloud: Some(s(CLOUDS[*cloud])),
        }
        .into(),
        Abstract::AddDomain { actor, dir, domain } => {
            let dir = w.dir(*dir);
            AddVerifiedDomain {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                directory: dir,
                domain: s(DOMAINS[*domain]),
            }
            .into()
        }
        Abstract::AddUser {
            actor,
            dir,
            user,
            role,
            on_domain,
        } => {
            let dir = w.dir(*dir);
            AddUser {
                actor: w.acc_from(&w.holders(&dir, &ADMINS), *actor),
                directory: dir,
                user: match on_domain {
                    Some(x) => format!("{}@{}", LOCALS[*user], DOMAINS[*x]),
                    None => s(LOCALS[*user]),
                },
                name: None,
                role: role.map(|r| s(DIR_ROLES[r])),
            }
            .into()
        }
        Abstract::DirectoryRole {
            assign,
            actor,
            dir,
            account,
            role,
        } => {
            let dir = w.dir(*dir);
            let account = w.acc_from(&w.users(&dir), *account);
            let role = match (assign, w.t.user(&dir, &account).ok().flatten()) {
                (false, Some(u)) if !u.roles.is_empty() && role % 3 != 0 => u
                    .roles
                    .get(role % u.roles.len())
                    .map_or(s(DIR_ROLES[*role]), |r| s(r.as_str())),
                _ => s(DIR_ROLES[*role]),
            };
            let change = DirectoryRoleChange {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                directory: dir,
                account,
                role,
            };
            if *assign {
                Operation::AssignDirectoryRole(change)
            } else {
                Operation::RemoveDirectoryRole(change)
            }
        }
        Abstract::SignUpAzure { actor, offer, dir } => {
            let actor = w.acc(*actor);
            SignUpAzure {
                directory: dir.map(|d| w.dir_from(&w.directories_of(&actor), d)),
                actor,
                offer: s(OFFERS[*offer]),
                name: None,
            }
            .into()
        }
        Abstract::BuyOffice365 { actor, dir } => {
            let dir = dir.map(|d| w.dir(d));
            let admins = dir
                .as_deref()
                .map(|d| w.holders(d, &["global_administrator", "billing_administrator"]))
                .unwrap_or_default();
            BuyOffice365 {
                actor: w.acc_from(&admins, *actor),
                plan: s("Office 365 E1"),
                seats: None,
                directory: dir,
            }
            .into()
        }
        Abstract::UseExisting { actor, dir, ga } => {
            let dir = w.dir(*dir);
            UseExistingDirectory {
                actor: w.acc_from(&w.msas, *actor),
                global_admin: w.acc_from(&w.holders(&dir, &GA), *ga),
                directory: dir,
            }
            .into()
        }
        Abstract::Move { actor, sub, dir } => {
            let sub = w.sub(*sub);
            let (current, _, sa, _) = w.admins(&sub);
            let actor = w.acc_from(&[sa, w.owners(&sub)].concat(), *actor);
            let targets: Vec<String> = w
                .directories_of(&actor)
                .into_iter()
                .filter(|d| *d != current)
                .collect();
            ChangeSubscriptionDirectory {
                directory: w.dir_from(&targets, *dir),
                actor,
                subscription: sub,
            }
            .into()
        }
        Abstract::CoAdmin {
            add,
            actor,
            sub,
            account,
        } => {
            let sub = w.sub(*sub);
            let (dir, _, sa, co) = w.admins(&sub);
            let actors: Vec<String> = sa.iter().chain(&co).cloned().collect();
            let candidates = if *add {
                [w.users(&dir), w.msas.clone()].concat()
            } else {
                co.clone()
            };
            let change = CoAdministratorChange {
                actor: w.acc_from(&actors, *actor),
                subscription: sub,
                account: w.acc_from(&candidates, *account),
            };
            if *add {
                Operation::AddCoAdministrator(change)
            } else {
                Operation::RemoveCoAdministrator(change)
            }
        }
        Abstract::Rbac {
            assign,
            actor,
            sub,
            principal,
            role,
            rg,
        } => {
            let sub = w.sub(*sub);
            let (dir, _, sa, co) = w.admins(&sub);
            let existing = w.t.role_assignments(&sub).unwrap_or_default();
            let owners: Vec<String> = existing
                .iter()
                .filter(|a| a.role.builtin().is_some_and(|r| r.grants_access()))
                .map(|a| a.principal.to_string())
                .collect();
            let actors: Vec<String> = sa.iter().chain(&co).chain(&owners).cloned().collect();
            let actor = w.acc_from(&actors, *actor);
            let chosen = existing
                .get(principal % existing.len().max(1))
                .filter(|_| !assign && principal % 3 != 0);
            let change = match chosen {
                Some(a) => RoleAssignmentChange {
                    actor,
                    subscription: Some(sub.clone()),
                    principal: a.principal.to_string(),
                    role: s(a.role.as_str()),
                    resource_group: match &a.scope {
                        tenantry::Scope::ResourceGroup(rg) => Some(rg.to_uppercase()),
                        _ => None,
                    },
                    scope: match &a.scope {
                        tenantry::Scope::Path(path) => Some(path.to_string()),
                        _ => None,
                    },
                    ..Default::default()
                },
                None => RoleAssignmentChange {
                    actor,
                    subscription: Some(sub.clone()),
                    principal: w.acc_from(&w.users(&dir), *principal),
                    role: s(RBAC_ROLES[*role]),
                    resource_group: rg.map(|r| s(RGS[r])),
                    ..Default::default()
                },
            };
            if *assign {
                Operation::AssignRole(change)
            } else {
                Operation::RemoveRole(change)
            }
        }
        Abstract::ChangeServiceAdmin {
            actor,
            sub,
            account,
        } => {
            let sub = w.sub(*sub);
            let (dir, aa, _, _) = w.admins(&sub);
            ChangeServiceAdministrator {
                actor: w.acc_from(&aa, *actor),
                subscription: sub,
                account: w.acc_from(&[w.users(&dir), w.msas.clone()].concat(), *account),
            }
            .into()
        }
        Abstract::Link {
            actor,
            sub,
            dir,
            ga,
            admins,
        } => {
            let sub = w.sub(*sub);
            let (current, _, sa, _) = w.admins(&sub);
            let others: Vec<String> = w.dirs.iter().filter(|d| **d != current).cloned().collect();
            let dir = w.dir_from(&others, *dir);
            let users = w.users(&dir);
            LinkOffice365Tenant {
                actor: w.acc_from(&sa, *actor),
                subscription: sub,
                global_admin: w.acc_from(&w.holders(&dir, &GA), *ga),
                admins: admins.iter().map(|a| w.acc_from(&users, *a)).collect(),
                directory: dir,
            }
            .into()
        }
        Abstract::Associate {
            actor,
            sub,
            partner,
        } => {
            let sub = w.sub(*sub);
            let (_, _, sa, _) = w.admins(&sub);
            AssociatePartnerCenter {
                actor: w.acc_from(&sa, *actor),
                subscription: sub,
                partner: pick(&w.partners, *partner, "No Such Partner"),
            }
            .into()
        }
        Abstract::SignIn { actor } => SignInManagementPortal {
            actor: w.acc(*actor),
        }
        .into(),
        today => materialize_today(&w, today),
    }
}

/// A group of `dir` from the pool, by reference.
fn group_ref(name: usize, dir: &str) -> String {
    format!("group:{}@{dir}", GROUPS[name % GROUPS.len()])
}

fn materialize_today(w: &World<'_>, op: &Abstract) -> Operation {
    let s = |x: &str| x.to_owned();
    const GA: [&str; 1] = ["global_administrator"];
    const GROUP_ADMINS: [&str; 3] = [
        "global_administrator",
        "user_administrator",
        "groups_administrator",
    ];
    match op {
        Abstract::Elevate { on, actor, dir } => {
            let dir = w.dir(*dir);
            let e = Elevation {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                directory: dir,
            };
            if *on {
                Operation::ElevateAccess(e)
            } else {
                Operation::RemoveElevatedAccess(e)
            }
        }
        Abstract::SetPolicy {
            actor,
            dir,
            leave,
            enter,
            exempt,
        } => {
            let dir = w.dir(*dir);
            let users = w.users(&dir);
            SetSubscriptionPolicy {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                block_leaving: *leave,
                block_entering: *enter,
                exempted: exempt.map(|e| w.acc_from(&users, e)).into_iter().collect(),
                directory: dir,
            }
            .into()
        }
        Abstract::Invite {
            actor,
            dir,
            account,
        } => {
            let dir = w.dir(*dir);
            InviteGuest {
                actor: w.acc_from(&w.users(&dir), *actor),
                account: w.acc(*account),
                directory: dir,
            }
            .into()
        }
        Abstract::CreateGroup {
            actor,
            dir,
            name,
            role_assignable,
        } => {
            let dir = w.dir(*dir);
            CreateGroup {
                actor: w.acc_from(&w.holders(&dir, &GROUP_ADMINS), *actor),
                name: s(GROUPS[*name]),
                role_assignable: Some(*role_assignable),
                directory: dir,
            }
            .into()
        }
        Abstract::Member {
            add,
            actor,
            dir,
            group,
            member,
            nested,
        } => {
            let dir = w.dir(*dir);
            let member = match nested {
                Some(g) => group_ref(*g, &dir),
                None if member % 5 == 4 => format!("sp:{}@{dir}", APPS[member % APPS.len()]),
                None => w.acc_from(&w.users(&dir), *member),
            };
            let change = GroupMemberChange {
                actor: w.acc_from(&w.holders(&dir, &GROUP_ADMINS), *actor),
                group: group_ref(*group, &dir),
                member,
            };
            if *add {
                Operation::AddGroupMember(change)
            } else {
                Operation::RemoveGroupMember(change)
            }
        }
        Abstract::CreateApp { actor, dir, name } => {
            let dir = w.dir(*dir);
            CreateServicePrincipal {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                name: s(APPS[*name]),
                directory: dir,
            }
            .into()
        }
        Abstract::Identity {
            actor,
            sub,
            name,
            rg,
        } => {
            let sub = w.sub(*sub);
            CreateManagedIdentity {
                actor: w.acc_from(&w.owners(&sub), *actor),
                name: format!("{}-identity", APPS[*name]),
                resource: None,
                resource_group: rg.map(|r| s(RGS[r])),
                subscription: sub,
            }
            .into()
        }
        Abstract::ScopedRbac {
            assign,
            actor,
            sub,
            scope,
            principal,
            role,
        } => {
            let sub = w.sub(*sub);
            let (dir, _, _, _) = w.admins(&sub);
            let (scope, directory, subscription) = match scope {
                0 => (Some(s("/")), Some(dir.clone()), None),
                1 => (
                    Some(format!(
                        "/providers/Microsoft.Management/managementGroups/{}",
                        MGS[principal % MGS.len()]
                    )),
                    None,
                    None,
                ),
                2 => (
                    Some(format!(
                        "/subscriptions/{sub}/resourceGroups/{}",
                        RGS[principal % RGS.len()]
                    )),
                    None,
                    None,
                ),
                _ => (None, None, Some(sub.clone())),
            };
            let principal = match principal % 4 {
                0 => group_ref(*principal / 4, &dir),
                1 => format!("sp:{}@{dir}", APPS[principal % APPS.len()]),
                _ => w.acc_from(&w.users(&dir), *principal),
            };
            let role = match RBAC_ROLES.get(*role) {
                Some(r) => s(r),
                None if *role == RBAC_ROLES.len() + CUSTOM_ROLES.len() => {
                    s("role_based_access_control_administrator")
                }
                None => s(CUSTOM_ROLES[(role - RBAC_ROLES.len()) % CUSTOM_ROLES.len()]),
            };
            let change = RoleAssignmentChange {
                actor: w.acc_from(&[w.owners(&sub), w.holders(&dir, &GA)].concat(), *actor),
                principal,
                role,
                subscription,
                scope,
                directory,
                ..Default::default()
            };
            if *assign {
                Operation::AssignRole(change)
            } else {
                Operation::RemoveRole(change)
            }
        }
        Abstract::CustomRole {
            create,
            actor,
            sub,
            name,
            action,
        } => {
            let sub = w.sub(*sub);
            let (dir, _, _, _) = w.admins(&sub);
            let actor = w.acc_from(&w.owners(&sub), *actor);
            if *create {
                CreateCustomRole {
                    actor,
                    directory: dir,
                    name: s(CUSTOM_ROLES[*name]),
                    actions: vec![s(ACTIONS[*action])],
                    not_actions: Vec::new(),
                    assignable_scopes: vec![format!("/subscriptions/{sub}")],
                }
                .into()
            } else {
                DeleteCustomRole {
                    actor,
                    directory: dir,
                    name: s(CUSTOM_ROLES[*name]),
                }
                .into()
            }
        }
        Abstract::ManagementGroup {
            actor,
            dir,
            name,
            parent,
        } => {
            let dir = w.dir(*dir);
            CreateManagementGroup {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                name: s(MGS[*name]),
                parent: parent.map(|p| s(MGS[p])),
                directory: dir,
            }
            .into()
        }
        Abstract::Place { actor, sub, mg } => {
            let sub = w.sub(*sub);
            MoveSubscriptionToManagementGroup {
                actor: w.acc_from(&w.owners(&sub), *actor),
                management_group: s(MGS[*mg]),
                subscription: sub,
            }
            .into()
        }
        Abstract::RequestChange { actor, sub, dir } => {
            let sub = w.sub(*sub);
            RequestDirectoryChange {
                actor: w.acc_from(&w.owners(&sub), *actor),
                directory: w.dir(*dir),
                subscription: sub,
                acceptor: None,
            }
            .into()
        }
        Abstract::DecideChange { accept, actor, sub } => {
            let sub = w.sub(*sub);
            let decision = DirectoryChangeDecision {
                actor: w.acc(*actor),
                subscription: sub,
            };
            if *accept {
                Operation::AcceptDirectoryChange(decision)
            } else {
                Operation::CancelDirectoryChange(decision)
            }
        }
        Abstract::Gdap {
            actor,
            partner,
            dir,
            days,
            role,
        } => CreateGdapRelationship {
            actor: w.acc_from(&w.partner_admins(), *actor),
            partner: pick(&w.partners, *partner, "No Such Partner"),
            directory: w.dir(*dir),
            duration_days: *days,
            roles: vec![s(DIR_ROLES[*role])],
        }
        .into(),
        Abstract::ApproveGdap {
            actor,
            partner,
            dir,
        } => {
            let dir = w.dir(*dir);
            ApproveGdapRelationship {
                actor: w.acc_from(&w.holders(&dir, &GA), *actor),
                partner: pick(&w.partners, *partner, "No Such Partner"),
                directory: dir,
            }
            .into()
        }
        Abstract::AzurePlan {
            actor,
            partner,
            dir,
        } => CreateAzurePlanSubscription {
            actor: w.acc_from(&w.partner_admins(), *actor),
            partner: pick(&w.partners, *partner, "No Such Partner"),
            directory: w.dir(*dir),
            name: None,
        }
        .into(),
        other => unreachable!("{other:?} is materialized by materialize()"),
    }
}

/// Every query's answer about everything, as one JSON value.
fn fingerprint(t: &Tenancy) -> Value {
    let accounts: Vec<String> = t.accounts().map(|a| a.account.to_owned()).collect();
    let dirs: Vec<String> = t
        .directories()
        .map(|d| d.initial_domain.to_owned())
        .collect();
    let subs: Vec<String> = t.subscriptions().map(|s| s.id.to_string()).collect();
    let partners: Vec<String> = t.partners().map(str::to_owned).collect();
    let v = |x: Result<Value, serde_json::Error>| x.unwrap_or(Value::Null);
    json!({
        "accounts": accounts.iter().map(|a| json!({
            "account": v(serde_json::to_value(t.account(a).ok())),
            "directories_of": v(serde_json::to_value(t.directories_of(a).ok())),
            "administered_by": v(serde_json::to_value(t.administered_by(a).ok())),
            "users": dirs.iter().map(|d| json!([
                v(serde_json::to_value(t.user(d, a).ok())),
                v(serde_json::to_value(t.organizational_role(d, a).ok())),
            ])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "directories": dirs.iter().map(|d| json!({
            "directory": v(serde_json::to_value(t.directory(d).ok())),
            "users_of": v(serde_json::to_value(t.users_of(d).ok())),
            "subscriptions_of": v(serde_json::to_value(t.subscriptions_of(d).ok())),
        })).collect::<Vec<_>>(),
        "subscriptions": subs.iter().map(|s| json!({
            "subscription": v(serde_json::to_value(t.subscription(s).ok())),
            "role_assignments": v(serde_json::to_value(t.role_assignments(s).ok())),
            "who_can_manage": v(serde_json::to_value(t.who_can_manage(s).ok())),
        })).collect::<Vec<_>>(),
        "storefronts": partners.iter().map(|p| v(serde_json::to_value(t.storefront(p).ok()))).collect::<Vec<_>>(),
        "today": dirs.iter().map(|d| json!({
            "policy": v(serde_json::to_value(t.subscription_policy(d).ok())),
            "orphaned": v(serde_json::to_value(t.orphaned_subscriptions(d).ok())),
            "groups": GROUPS.iter().map(|g| {
                let group = format!("group:{g}@{d}");
                json!([
                    v(serde_json::to_value(t.group_members(&group, false).ok())),
                    v(serde_json::to_value(t.group_members(&group, true).ok())),
                ])
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "permissions": subs.iter().take(3).map(|s| accounts.iter().take(6).map(|a| {
            let scope = format!("/subscriptions/{s}/resourceGroups/rg-web");
            v(serde_json::to_value(t.can_perform(a, "Microsoft.Authorization/roleAssignments/write", &scope).ok()))
        }).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "events": t.events().collect::<Vec<Effect>>().len(),
    })
}

/// Replaces the `*` a plan writes for a new subscription with its id.
fn fill_new_subscription(effects: &[Effect], id: Option<String>) -> Vec<Effect> {
    effects
        .iter()
        .cloned()
        .map(|e| match (e, &id) {
            (
                Effect::SubscriptionCreated {
                    subscription,
                    kind,
                    directory,
                },
                Some(id),
            ) if &*subscription == "*" => Effect::SubscriptionCreated {
                subscription: id.as_str().into(),
                kind,
                directory,
            },
            (
                Effect::RoleAssignmentAdded {
                    principal,
                    role,
                    scope: tenantry::Scope::Path(path),
                    subscription: Some(subscription),
                    directory,
                    condition,
                },
                Some(id),
            ) if &*subscription == "*" => Effect::RoleAssignmentAdded {
                principal,
                role,
                scope: tenantry::Scope::Path(
                    path.replacen("/subscriptions/*", &format!("/subscriptions/{id}"), 1)
                        .into(),
                ),
                subscription: Some(id.as_str().into()),
                directory,
                condition,
            },
            (e, _) => e,
        })
        .collect()
}

/// Gives a planned `id:*` (a new group or service principal whose name
/// another one has) the object id it was applied with.
fn fill_new_ids(planned: Vec<Effect>, applied: &[Effect]) -> Vec<Effect> {
    planned
        .into_iter()
        .zip(applied)
        .map(|(p, a)| match (p, a) {
            (Effect::GroupCreated { group, directory }, Effect::GroupCreated { group: id, .. })
                if &*group == "id:*" && id.starts_with("id:") =>
            {
                Effect::GroupCreated {
                    group: id.clone(),
                    directory,
                }
            }
            (
                Effect::ServicePrincipalCreated {
                    principal,
                    directory,
                    kind,
                },
                Effect::ServicePrincipalCreated { principal: id, .. },
            ) if &*principal == "id:*" && id.starts_with("id:") => {
                Effect::ServicePrincipalCreated {
                    principal: id.clone(),
                    directory,
                    kind,
                }
            }
            (p, _) => p,
        })
        .collect()
}

/// An empty model under the profile drawn for the case.
fn start(seed: u64, current: bool) -> Tenancy {
    let t = Tenancy::with_seed(seed);
    if current {
        t.with_profile(Profile::Current)
    } else {
        t
    }
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every invariant holds after every operation: the live state passes
    /// the invariant checks, the snapshot reloads (its loader runs the same
    /// checks, item by item, and resolves every reference) and the reloaded
    /// model answers every query exactly as the live one.
    #[test]
    fn invariants_hold_after_every_operation(ops in scenario(), current in any::<bool>()) {
        let mut t = start(1, current);
        for op in &ops {
            let op = materialize(&t, op);
            let _ = t.apply(&op);
            let checked = t.check_invariants();
            prop_assert!(checked.is_ok(), "after {op:?}: {:?}", checked.err());
            let json = t.to_json();
            let reloaded = Tenancy::from_json(&json);
            prop_assert!(reloaded.is_ok(), "after {op:?}: {:?}", reloaded.err());
            if let Ok(reloaded) = reloaded {
                prop_assert_eq!(fingerprint(&t), fingerprint(&reloaded), "after {:?}", op);
            }
        }
    }

    /// A refused operation leaves the snapshot byte-identical.
    #[test]
    fn refusals_change_nothing(ops in scenario(), current in any::<bool>()) {
        let mut t = start(2, current);
        for op in &ops {
            let op = materialize(&t, op);
            let before = t.to_json();
            if let Err(e) = t.apply(&op) {
                prop_assert_eq!(&before, &t.to_json(), "{} left changes behind", e.code());
            }
        }
    }

    /// A plan's effects are exactly what applying then does; `can` agrees,
    /// and so does `can_each` over every operation at the end.
    #[test]
    fn plans_equal_applied_effects(ops in scenario(), current in any::<bool>()) {
        let mut t = start(3, current);
        let mut seen = Vec::with_capacity(ops.len());
        for op in &ops {
            let op = materialize(&t, op);
            seen.push(op.clone());
            let plan = t.plan(&op);
            let decision = t.can(&op);
            prop_assert_eq!(decision.allowed, plan.is_ok());
            prop_assert_eq!(decision.rule, op.rule());
            let applied = t.apply(&op);
            match (plan, applied) {
                (Ok(plan), Ok(applied)) => {
                    let expected = fill_new_subscription(&plan.effects, applied.subscription.map(|s| s.to_string()));
                    let expected = fill_new_ids(expected, &applied.effects);
                    prop_assert_eq!(expected, applied.effects);
                }
                (Err(p), Err(a)) => {
                    prop_assert_eq!(p.code(), a.code());
                    prop_assert_eq!(decision.code, Some(a.code()));
                    prop_assert_eq!(p.rule(), op.rule());
                }
                (p, a) => prop_assert!(false, "plan {:?} but apply {:?}", p, a),
            }
        }
        let one_by_one: Vec<_> = seen.iter().map(|op| t.can(op)).collect();
        let batched: Vec<_> = t.can_each(&seen).collect();
        prop_assert_eq!(one_by_one, batched);
    }

    /// Snapshots round-trip losslessly: save → load → save is
    /// byte-identical, and the event log survives.
    #[test]
    fn snapshots_round_trip(ops in scenario(), current in any::<bool>()) {
        let mut t = start(4, current);
        for op in &ops {
            let op = materialize(&t, op);
            let _ = t.apply(&op);
        }
        let json = t.to_json();
        let reloaded = Tenancy::from_json(&json);
        prop_assert!(reloaded.is_ok(), "{:?}", reloaded.as_ref().err());
        if let Ok(reloaded) = reloaded {
            prop_assert_eq!(&json, &reloaded.to_json());
            prop_assert_eq!(t.events().collect::<Vec<_>>(), reloaded.events().collect::<Vec<_>>());
            let pretty = Tenancy::from_json(&t.to_json_pretty()).map(|x| x.to_json());
            prop_assert_eq!(Ok(json), pretty);
        }
    }

    /// Switching a classic state to `current` makes exactly the classic
    /// administrators `retirement_report` names Owners at their
    /// subscriptions, leaves no classic administrator behind, keeps every
    /// invariant and round-trips; switching back changes only the rules.
    /// Every difference it reports is one the two profiles decide apart.
    #[test]
    fn the_conversion_is_what_the_report_says(ops in scenario()) {
        let mut t = Tenancy::with_seed(5);
        for op in &ops {
            let op = materialize(&t, op);
            let _ = t.apply(&op);
        }
        let report = t.retirement_report();
        let current = t.with_profile(Profile::Current);
        prop_assert!(current.check_invariants().is_ok(), "{:?}", current.check_invariants().err());
        for c in &report.converted {
            let id = c.subscription.to_string();
            let owners: Vec<String> = current
                .role_assignments(&id)
                .unwrap_or_default()
                .iter()
                .filter(|a| a.role == tenantry::RoleName::Builtin(tenantry::RbacRole::Owner))
                .map(|a| a.principal.to_string())
                .collect();
            prop_assert!(owners.iter().any(|o| o.eq_ignore_ascii_case(&c.account)), "{} is not an Owner of {id}: {owners:?}", c.account);
        }
        let added = current.event_count() - t.event_count();
        let granted = report.converted.iter().filter(|c| !c.already_owner).count();
        let removed: usize = t
            .subscriptions()
            .map(|s| s.co_administrators.map_or(0, |c| c.len()) + usize::from(s.service_administrator.is_some()))
            .sum();
        prop_assert_eq!(added, granted + removed);
        prop_assert!(current.retirement_report().converted.is_empty());
        for s in current.with_profile(Profile::Classic).subscriptions() {
            prop_assert!(s.service_administrator.is_none() && s.co_administrators.unwrap_or_default().is_empty());
        }
        for d in &report.differences {
            prop_assert_ne!(d.classic.allowed, d.current.allowed);
        }
        let json = current.to_json();
        let reloaded = Tenancy::from_json(&json);
        prop_assert!(reloaded.is_ok(), "{:?}", reloaded.as_ref().err());
        if let Ok(reloaded) = reloaded {
            prop_assert_eq!((reloaded.profile(), reloaded.to_json()), (Profile::Current, json));
        }
    }
}

proptest! {
    #![proptest_config(config())]

    /// `move_impact` agrees with R6: nothing blocks a move exactly when
    /// someone can make it, the accounts it names are those `can` allows,
    /// and its effects are the first mover's plan. Applied after the move
    /// by that mover, every step of the restore plan succeeds, and each
    /// re-creates one assignment.
    #[test]
    fn move_impact_agrees_with_r6_and_the_restore_plan_applies(ops in scenario(), current in any::<bool>()) {
        let mut t = start(6, current);
        for op in &ops {
            let op = materialize(&t, op);
            let _ = t.apply(&op);
        }
        let subs: Vec<String> = t
            .subscriptions()
            .filter(|s| s.kind == tenantry::SubscriptionKind::Azure)
            .map(|s| s.id.to_string())
            .collect();
        let dirs: Vec<String> = t.directories().map(|d| d.initial_domain.to_string()).collect();
        let accounts: Vec<String> = t.accounts().map(|a| a.account.to_string()).collect();
        for sub in &subs {
            for dir in &dirs {
                let impact = t.move_impact(sub, dir);
                prop_assert!(impact.is_ok(), "{:?}", impact.err());
                let Ok(impact) = impact else { continue };
                prop_assert_eq!(impact.blocking.is_empty(), !impact.movers.is_empty(), "{:?}", impact);
                let move_as = |actor: &str| -> Operation {
                    tenantry::ops::ChangeSubscriptionDirectory {
                        actor: actor.to_owned(),
                        subscription: sub.clone(),
                        directory: dir.clone(),
                    }
                    .into()
                };
                let allowed: Vec<&String> = accounts.iter().filter(|a| t.can(&move_as(a)).allowed).collect();
                let mut movers: Vec<&String> = impact.movers.iter().collect();
                movers.sort();
                let mut allowed = allowed;
                allowed.sort();
                prop_assert_eq!(&movers, &allowed);
                let Some(mover) = impact.movers.first() else { continue };
                let plan = t.plan(&move_as(mover));
                prop_assert!(plan.is_ok());
                let planned: Vec<tenantry::Effect> = plan.map(|p| p.effects).unwrap_or_default();
                let (removed, rest): (Vec<_>, Vec<_>) = planned
                    .into_iter()
                    .partition(|e| matches!(e, Effect::RoleAssignmentRemoved { .. }));
                let rest: Vec<tenantry::record::Effect> = rest.into_iter().map(Into::into).collect();
                prop_assert_eq!(&rest, &impact.effects);
                let objects = impact
                    .rows
                    .iter()
                    .find(|r| r.row == "role_assignments")
                    .map_or(0, |r| r.objects.len());
                prop_assert_eq!(removed.len(), objects);
                // What the subscription holds is affected alike whoever
                // moves it: move_inventory is the impact's rows past the
                // plan's own (assignments, custom roles, co-administrators).
                let plan_rows = ["role_assignments", "custom_roles", "co_administrators"];
                let held: Vec<&tenantry::record::ImpactRow> =
                    impact.rows.iter().filter(|r| !plan_rows.contains(&r.row.as_str())).collect();
                let inventory = t.move_inventory(sub);
                prop_assert!(inventory.is_ok(), "{:?}", inventory.err());
                let inventory = inventory.unwrap_or_default();
                prop_assert_eq!(held, inventory.iter().collect::<Vec<_>>());

                let restore = t.restore_plan(sub, dir);
                prop_assert!(restore.is_ok(), "{:?}", restore.err());
                let Ok(restore) = restore else { continue };
                let mut moved = t.clone();
                prop_assert!(moved.apply(&move_as(mover)).is_ok());
                let ops = restore.operations(mover);
                prop_assert!(ops.is_ok(), "{:?}", ops.err());
                for op in ops.unwrap_or_default() {
                    let applied = moved.apply(&op);
                    prop_assert!(applied.is_ok(), "{op:?}: {:?}", applied.err());
                }
                let assigns = restore.steps.iter().filter(|s| s.operation == "assign_role").count();
                let after = moved.role_assignments(sub).map(|l| l.len()).unwrap_or(0);
                let owner = usize::from(current);
                prop_assert_eq!(after, assigns + owner, "{:?}", restore);
            }
        }
    }
}

/// Every assignment of a tenancy as the diff names it.
fn assignment_names(t: &Tenancy) -> std::collections::BTreeSet<String> {
    t.subscriptions()
        .flat_map(|s| {
            let sub = format!("/subscriptions/{}", s.id);
            t.role_assignments(&s.id.to_string())
                .unwrap_or_default()
                .into_iter()
                .map(move |a| {
                    let scope = match &a.scope {
                        tenantry::Scope::Subscription => sub.clone(),
                        tenantry::Scope::ResourceGroup(rg) => format!("{sub}/resourceGroups/{rg}"),
                        tenantry::Scope::Path(p) => p.to_string(),
                    };
                    format!("{} {} at {scope}", a.principal, a.role.as_str())
                })
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// `diff(a, a)` is empty, also against a's reloaded snapshot; `diff(a,
    /// b)` is `diff(b, a)` mirrored; every assignment it says was added is
    /// in `b`, every one removed in `a`, and those of both sides it leaves
    /// out are unchanged.
    #[test]
    fn diff_reads_consistently(ops in scenario(), cut in 0usize..40, current in any::<bool>()) {
        let mut t = start(7, current);
        let mut before = None;
        for (i, op) in ops.iter().enumerate() {
            if i == cut.min(ops.len()) {
                before = Some(t.clone());
            }
            let op = materialize(&t, op);
            let _ = t.apply(&op);
        }
        let a = before.unwrap_or_else(|| t.clone());
        let b = t;
        let same = a.diff(&a);
        prop_assert!(same.access.is_empty() && same.changes.is_empty(), "{:?}", same);
        if let Ok(reloaded) = Tenancy::from_json(&a.to_json()) {
            let d = a.diff(&reloaded);
            prop_assert!(d.access.is_empty() && d.changes.is_empty(), "{:?}", d);
        }
        let forward = a.diff(&b);
        let backward = b.diff(&a);
        let flip = |c: &str| match c { "added" => "removed", "removed" => "added", other => other }.to_owned();
        let mirrored: Vec<(String, String, String)> = backward.changes.iter()
            .map(|c| (c.kind.clone(), flip(&c.change), c.object.clone()))
            .collect();
        let mut forward_keys: Vec<(String, String, String)> = forward.changes.iter()
            .map(|c| (c.kind.clone(), c.change.clone(), c.object.clone()))
            .collect();
        let mut mirrored = mirrored;
        forward_keys.sort();
        mirrored.sort();
        prop_assert_eq!(forward_keys, mirrored);
        prop_assert_eq!(forward.access.len(), backward.access.len());
        let (in_a, in_b) = (assignment_names(&a), assignment_names(&b));
        let mut expected_added: Vec<&String> = in_b.difference(&in_a).collect();
        let mut expected_removed: Vec<&String> = in_a.difference(&in_b).collect();
        let pick = |change: &str| -> Vec<&String> {
            forward.changes.iter()
                .filter(|c| (c.kind == "role_assignment" || c.kind == "owner") && c.change == change)
                .map(|c| &c.object)
                .collect()
        };
        let (mut added, mut removed) = (pick("added"), pick("removed"));
        for l in [&mut expected_added, &mut expected_removed, &mut added, &mut removed] {
            l.sort();
        }
        prop_assert_eq!(added, expected_added);
        prop_assert_eq!(removed, expected_removed);
    }
}

/// Found by the move_impact property: a classic Azure plan subscription
/// (bought through a partner) has no service administrator, so nobody may
/// move it, and the impact says why.
#[test]
fn a_classic_subscription_without_a_service_administrator_is_blocked() {
    let op = |v: serde_json::Value| -> Operation {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut t = Tenancy::with_seed(2);
    for step in [
        serde_json::json!({"op": "create_partner_center_account", "args": {"name": "Litware", "domain_prefix": "litware", "admin": "admin"}}),
        serde_json::json!({"op": "sign_up_office365", "args": {"organization": "Contoso", "domain_prefix": "contoso", "admin": "admin", "plan": "Office 365 E3"}}),
        serde_json::json!({"op": "sign_up_office365", "args": {"organization": "Fabrikam", "domain_prefix": "fabrikam", "admin": "admin", "plan": "Office 365 E3"}}),
        serde_json::json!({"op": "create_gdap_relationship", "args": {"actor": "admin@litware.onmicrosoft.com", "partner": "Litware", "directory": "contoso.onmicrosoft.com", "duration_days": 30, "roles": ["global_administrator"]}}),
        serde_json::json!({"op": "approve_gdap_relationship", "args": {"actor": "admin@contoso.onmicrosoft.com", "partner": "Litware", "directory": "contoso.onmicrosoft.com"}}),
    ] {
        t.apply(&op(step)).unwrap_or_else(|e| panic!("{e}"));
    }
    let sub = t
        .apply(&op(serde_json::json!({"op": "create_azure_plan_subscription", "args": {"actor": "admin@litware.onmicrosoft.com", "partner": "Litware", "directory": "contoso.onmicrosoft.com"}})))
        .unwrap_or_else(|e| panic!("{e}"))
        .subscription
        .map(|s| s.to_string())
        .unwrap_or_default();
    let impact = t
        .move_impact(&sub, "fabrikam.onmicrosoft.com")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(impact.movers.is_empty());
    let codes: Vec<Option<&str>> = impact.blocking.iter().map(|b| b.code.as_deref()).collect();
    assert_eq!(codes, [Some("NO_DIRECT_OWNER")], "{impact:?}");
    assert!(impact.blocking[0]
        .message
        .contains("no service administrator"));
}

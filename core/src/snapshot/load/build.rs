//! Building the state from a snapshot's items and validating each as it
//! is added: every reference resolves, every name is well formed, nothing
//! is listed twice, and the invariants of DESIGN §1 hold (the checks of
//! [`crate::invariants`]). Names are kept exactly as written.

use super::documents::{AccountDoc, DirectoryDoc, EventDoc, PartnerDoc, SubscriptionDoc, UserDoc};
use super::sections::{Section, Sections};
use super::{bad, check_header, BATCH};
use crate::error::{Error, Result};
use crate::invariants;
use crate::model::{
    AccId, Account, AccountKind, Assignment, Azure, DirId, Directory, Partner, Plan, RoleSet,
    ScopeId, SubId, Subscription, SubscriptionKind,
};
use crate::names;
use crate::state::{split_msa, State};
use std::collections::HashSet;
use uuid::Uuid;

/// Items parsed before the sections they refer to were built.
#[derive(Default)]
pub(super) struct Kept<'de> {
    pub(super) directories: Vec<DirectoryDoc<'de>>,
    pub(super) accounts: Vec<AccountDoc<'de>>,
    pub(super) subscriptions: Vec<SubscriptionDoc<'de>>,
    pub(super) partners: Vec<PartnerDoc<'de>>,
    pub(super) events: Vec<EventDoc<'de>>,
}

/// The state under construction, and what later sections still need.
#[derive(Default)]
pub(super) struct Builder<'de> {
    pub(super) st: State,
    /// The first validation error, returned instead of serde's.
    pub(super) failure: Option<Error>,
    pub(super) format: Option<String>,
    pub(super) version: Option<u32>,
    pub(super) seen: Sections,
    pub(super) built: Sections,
    header_checked: bool,
    pub(super) kept: Kept<'de>,
    directory_ids: HashSet<Uuid>,
    /// Users, by directory, until the accounts they name are known.
    pending_users: Vec<Vec<UserDoc<'de>>>,
    /// Microsoft accounts' default directories, checked once users are in.
    defaults: Vec<(usize, AccId, DirId)>,
    users_done: bool,
    /// Events parsed but not yet resolved.
    pub(super) events: Vec<(usize, EventDoc<'de>)>,
    /// The account the last event named: the log names each new account
    /// twice in a row (`account_created`, then `user_added`).
    pub(super) last_account: Option<(super::documents::Text<'de>, AccId)>,
}

impl<'de> Builder<'de> {
    /// Keeps a validation error to return instead of serde's.
    pub(super) fn stash<E: serde::de::Error>(&mut self, e: Error) -> E {
        let text = e.to_string();
        self.failure.get_or_insert(e);
        E::custom(text)
    }

    fn check_header(&mut self) -> Result<()> {
        if !self.header_checked {
            check_header(self.format.as_deref(), self.version)?;
            self.header_checked = true;
        }
        Ok(())
    }

    /// Whether a section can be built as it parses: the header is known and
    /// good and every section before it in the canonical order is built.
    pub(super) fn ready(&mut self, section: Section) -> Result<bool> {
        let header = self.seen.contains(Section::Format) && self.seen.contains(Section::Version);
        if section.is_header() || !header || !self.built.all_before(section) {
            return Ok(false);
        }
        self.check_header()?;
        if section > Section::Accounts {
            self.finish_users()?;
        }
        Ok(true)
    }

    /// After the last key: the header, then every kept section, in order.
    pub(super) fn finish(mut self) -> Result<State> {
        self.check_header()?;
        let kept = std::mem::take(&mut self.kept);
        for (i, d) in kept.directories.into_iter().enumerate() {
            self.directory(i, d)?;
        }
        for (i, a) in kept.accounts.into_iter().enumerate() {
            self.account(i, a)?;
        }
        self.finish_users()?;
        for (i, x) in kept.subscriptions.into_iter().enumerate() {
            self.subscription(i, x)?;
        }
        for (i, p) in kept.partners.into_iter().enumerate() {
            self.partner(i, p)?;
        }
        for (i, e) in kept.events.into_iter().enumerate() {
            self.event(i, e)?;
        }
        self.flush_events()?;
        Ok(self.st)
    }

    pub(super) fn directory(&mut self, i: usize, d: DirectoryDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("directories[{i}].{field}");
        if !self.directory_ids.insert(d.id) {
            return Err(bad(at("id"), format!("tenant id {} is used twice", d.id)));
        }
        names::check_display_name("the name", &d.name).map_err(|r| bad(at("name"), r))?;
        let domain = &*d.initial_domain;
        let prefix = names::initial_prefix(domain).ok_or_else(|| {
            bad(
                at("initial_domain"),
                format!("'{domain}' is not <prefix>.onmicrosoft.com"),
            )
        })?;
        names::check_prefix(prefix).map_err(|r| bad(at("initial_domain"), r))?;
        let st = &mut self.st;
        invariants::i7_domain_free(st, domain).map_err(|r| bad(at("initial_domain"), r))?;
        let id = st.insert_directory(Directory::new(
            d.id,
            d.name.as_ref().into(),
            domain.into(),
            d.cloud,
            d.origin,
        ));
        for (j, v) in d.verified_domains.iter().enumerate() {
            let at = || format!("directories[{i}].verified_domains[{j}]");
            names::check_domain(v).map_err(|r| bad(at(), r))?;
            if names::initial_prefix(v).is_some() {
                return Err(bad(
                    at(),
                    "an onmicrosoft.com domain cannot be a verified domain",
                ));
            }
            invariants::i7_domain_free(st, v).map_err(|r| bad(at(), r))?;
            st.add_verified_domain(id, v.as_ref().into());
        }
        self.pending_users.push(d.users);
        Ok(())
    }

    pub(super) fn account(&mut self, i: usize, a: AccountDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("accounts[{i}].{field}");
        let st = &mut self.st;
        if let Some(name) = &a.name {
            names::check_display_name("the name", name).map_err(|r| bad(at("name"), r))?;
        }
        let (reference, kind) = match split_msa(&a.account) {
            Some(email) => {
                names::split_address(email).map_err(|r| bad(at("account"), r))?;
                if a.home.is_some() {
                    return Err(bad(at("home"), "a Microsoft account has no home directory"));
                }
                if st.find_msa(email).is_some() {
                    return Err(bad(at("account"), format!("{} is listed twice", a.account)));
                }
                if let Some(d) = &a.default_directory {
                    let dir = dir_ref(st, d, || at("default_directory"))?;
                    self.defaults.push((i, AccId::at(st.accounts.len()), dir));
                }
                (
                    names::microsoft_account(email),
                    AccountKind::Microsoft {
                        default_directory: None,
                    },
                )
            }
            None => {
                let (_, domain) =
                    names::split_address(&a.account).map_err(|r| bad(at("account"), r))?;
                if a.default_directory.is_some() {
                    return Err(bad(
                        at("default_directory"),
                        "only a Microsoft account has a default directory",
                    ));
                }
                let home_ref = a.home.as_deref().ok_or_else(|| {
                    bad(
                        at("home"),
                        "a work or school account needs its home directory (I2)",
                    )
                })?;
                let home = dir_ref(st, home_ref, || at("home"))?;
                if !st.dir(home).has_domain(domain) {
                    let reason = format!(
                        "{domain} is not a domain of its home directory {}",
                        st.dir(home).initial_domain
                    );
                    return Err(bad(at("account"), reason));
                }
                if st.find_work(&a.account).is_some() {
                    return Err(bad(at("account"), format!("{} is listed twice", a.account)));
                }
                (a.account.clone().into_owned(), AccountKind::Work { home })
            }
        };
        st.insert_account(Account::new(
            reference.into(),
            a.name.map(|n| n.as_ref().into()),
            kind,
        ));
        Ok(())
    }

    /// The users of every directory, once the accounts are known; then the
    /// invariants that need both (I2, I8, I9, default directories).
    fn finish_users(&mut self) -> Result<()> {
        if std::mem::replace(&mut self.users_done, true) {
            return Ok(());
        }
        let st = &mut self.st;
        for (i, list) in std::mem::take(&mut self.pending_users)
            .into_iter()
            .enumerate()
        {
            let dir = DirId::at(i);
            for (j, u) in list.iter().enumerate() {
                if j % BATCH == 0 {
                    // The accounts of the next batch, warmed together.
                    let refs: Vec<&str> = list
                        .iter()
                        .skip(j)
                        .take(BATCH)
                        .map(|u| &*u.account)
                        .collect();
                    st.warm_all(&refs, &[]);
                }
                let at = || format!("directories[{i}].users[{j}]");
                let acc = acc_ref(st, &u.account, || format!("{}.account", at()))?;
                if st.account(acc).membership(dir).is_some() {
                    return Err(bad(at(), format!("{} is listed twice", u.account)));
                }
                invariants::user_kind(st, acc, dir, u.kind)
                    .map_err(|r| bad(format_args!("{}.kind", at()), r))?;
                invariants::user_cloud(st, acc, dir).map_err(|r| bad(at(), r))?;
                invariants::i9_room_for_directory(st, acc).map_err(|r| bad(at(), r))?;
                st.add_user(dir, acc, u.kind);
                let mut seen = RoleSet::default();
                for &role in &u.roles {
                    if seen.contains(role) {
                        return Err(bad(
                            format_args!("{}.roles", at()),
                            format!("{role} is listed twice"),
                        ));
                    }
                    seen.insert(role);
                    st.set_role(dir, acc, role, true);
                }
            }
        }
        for i in 0..st.dirs.len() {
            invariants::i8_global_admin(st, DirId::at(i))
                .map_err(|r| bad(format_args!("directories[{i}]"), r))?;
        }
        for i in 0..st.accounts.len() {
            invariants::i2_member_of_home(st, AccId::at(i))
                .map_err(|r| bad(format_args!("accounts[{i}]"), r))?;
        }
        for (i, acc, dir) in std::mem::take(&mut self.defaults) {
            st.set_default_directory(acc, dir);
            invariants::default_directory_joined(st, acc)
                .map_err(|r| bad(format_args!("accounts[{i}].default_directory"), r))?;
        }
        Ok(())
    }

    pub(super) fn subscription(&mut self, i: usize, x: SubscriptionDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("subscriptions[{i}].{field}");
        let st = &mut self.st;
        let mut refs: Vec<&str> = x.co_administrators.iter().flatten().map(|c| &**c).collect();
        refs.extend(x.role_assignments.iter().flatten().map(|r| &*r.principal));
        refs.extend(x.service_administrator.as_deref());
        st.warm_all(&refs, &[]);
        drop(refs);
        if st.find_subscription_id(x.id).is_some() {
            return Err(bad(
                at("id"),
                format!("subscription id {} is used twice", x.id),
            ));
        }
        names::check_display_name("the name", &x.name).map_err(|r| bad(at("name"), r))?;
        let dir = dir_ref(st, &x.directory, || at("directory"))?;
        let plan = match x.kind {
            SubscriptionKind::Office365 => {
                for (field, present) in [
                    ("offer", x.offer.is_some()),
                    ("account_administrator", x.account_administrator.is_some()),
                    ("service_administrator", x.service_administrator.is_some()),
                    ("co_administrators", x.co_administrators.is_some()),
                    ("role_assignments", x.role_assignments.is_some()),
                ] {
                    if present {
                        return Err(bad(
                            at(field),
                            "an Office 365 subscription is owned by its directory and has no classic administrators or RBAC (I5)",
                        ));
                    }
                }
                let plan = x
                    .plan
                    .ok_or_else(|| bad(at("plan"), "an Office 365 subscription needs its plan"))?;
                names::check_display_name("the plan", &plan).map_err(|r| bad(at("plan"), r))?;
                let seats = x.seats.unwrap_or(0);
                if seats == 0 {
                    return Err(bad(
                        at("seats"),
                        "an Office 365 subscription has at least one seat",
                    ));
                }
                Plan::Office365 {
                    plan: plan.as_ref().into(),
                    seats,
                }
            }
            SubscriptionKind::Azure => {
                if x.plan.is_some() || x.seats.is_some() {
                    let field = if x.plan.is_some() { "plan" } else { "seats" };
                    return Err(bad(
                        at(field),
                        "an Azure subscription has an offer, not a plan or seats",
                    ));
                }
                let offer = x
                    .offer
                    .ok_or_else(|| bad(at("offer"), "an Azure subscription needs its offer"))?;
                let offer = names::canonical_offer(&offer).map_err(|r| bad(at("offer"), r))?;
                let aa = x.account_administrator.ok_or_else(|| {
                    bad(
                        at("account_administrator"),
                        "an Azure subscription has exactly one account administrator (I3)",
                    )
                })?;
                let account_admin = acc_ref(st, &aa, || at("account_administrator"))?;
                let sa = x.service_administrator.ok_or_else(|| {
                    bad(
                        at("service_administrator"),
                        "an Azure subscription has exactly one service administrator (I3)",
                    )
                })?;
                let service_admin = acc_ref(st, &sa, || at("service_administrator"))?;
                invariants::i3_i4_user_of(st, service_admin, dir)
                    .map_err(|r| bad(at("service_administrator"), r))?;
                let co_refs = x.co_administrators.unwrap_or_default();
                invariants::i6_co_administrators(co_refs.len())
                    .map_err(|r| bad(at("co_administrators"), r))?;
                let mut co_admins = Vec::with_capacity(co_refs.len());
                for (j, c) in co_refs.iter().enumerate() {
                    let at = || format!("subscriptions[{i}].co_administrators[{j}]");
                    let acc = acc_ref(st, c, at)?;
                    invariants::i3_i4_user_of(st, acc, dir).map_err(|r| bad(at(), r))?;
                    if co_admins.contains(&acc) {
                        return Err(bad(at(), format!("{c} is listed twice")));
                    }
                    co_admins.push(acc);
                }
                Plan::Azure(Azure {
                    offer: offer.into(),
                    account_admin,
                    service_admin: Some(service_admin),
                    co_admins,
                    assignments: Vec::new(),
                })
            }
        };
        let sub = st.insert_subscription(Subscription {
            id: x.id,
            key: x.id.to_string().into(),
            name: x.name.as_ref().into(),
            directory: dir,
            plan,
        });
        let list = x.role_assignments.unwrap_or_default();
        invariants::i6_role_assignments(list.len()).map_err(|r| bad(at("role_assignments"), r))?;
        let mut seen = HashSet::with_capacity(list.len());
        for (j, r) in list.iter().enumerate() {
            let at = || format!("subscriptions[{i}].role_assignments[{j}]");
            let principal = acc_ref(st, &r.principal, || format!("{}.principal", at()))?;
            invariants::i3_i4_user_of(st, principal, dir)
                .map_err(|reason| bad(format_args!("{}.principal", at()), reason))?;
            let scope = scope_ref(st, &r.scope, || format!("{}.scope", at()))?;
            if !seen.insert((principal, r.role, st.rgs.key(scope))) {
                return Err(bad(at(), "the same assignment is listed twice"));
            }
            st.add_assignment(
                sub,
                Assignment {
                    principal,
                    role: r.role,
                    scope,
                },
            );
        }
        Ok(())
    }

    pub(super) fn partner(&mut self, i: usize, p: PartnerDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("partners[{i}].{field}");
        let st = &mut self.st;
        names::check_display_name("the name", &p.name).map_err(|r| bad(at("name"), r))?;
        if st.find_partner(&p.name).is_some() {
            return Err(bad(at("name"), format!("'{}' is listed twice", p.name)));
        }
        let dir = dir_ref(st, &p.directory, || at("directory"))?;
        if st.dir(dir).partner.is_some() {
            return Err(bad(
                at("directory"),
                "the directory already belongs to another partner",
            ));
        }
        let admin = acc_ref(st, &p.admin, || at("admin"))?;
        if st.account(admin).home() != Some(dir) {
            return Err(bad(
                at("admin"),
                "the partner's admin must be a work account of its directory",
            ));
        }
        st.insert_partner(Partner {
            name: p.name.as_ref().into(),
            directory: dir,
            admin,
        });
        Ok(())
    }
}

pub(super) fn dir_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<DirId> {
    st.find_directory(reference)
        .ok_or_else(|| bad(at(), format!("no directory {reference}")))
}

pub(super) fn acc_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<AccId> {
    st.find_account(reference)
        .ok_or_else(|| bad(at(), format!("no account {reference}")))
}

pub(super) fn sub_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<SubId> {
    st.find_subscription(reference)
        .ok_or_else(|| bad(at(), format!("no subscription {reference}")))
}

/// A scope as a snapshot writes it: `subscription` or
/// `resource_group:<name>` (relative to its subscription), or the ARM paths
/// `/`, `/subscriptions/<id>` and `/subscriptions/<id>/resourceGroups/<name>`;
/// resource groups interned.
pub(super) fn scope_ref(
    st: &mut State,
    scope: &str,
    at: impl FnOnce() -> String,
) -> Result<ScopeId> {
    let not_a_scope =
        || format!("'{scope}' is not a scope (subscription, resource_group:<name> or an ARM path)");
    let rg = match scope {
        "subscription" => return Ok(ScopeId::SUBSCRIPTION),
        "/" => return Ok(ScopeId::ROOT),
        _ => match (
            scope.strip_prefix("resource_group:"),
            arm_subscription_path(scope),
        ) {
            (Some(rg), _) => rg,
            (None, Some(None)) => return Ok(ScopeId::SUBSCRIPTION),
            (None, Some(Some(rg))) => rg,
            (None, None) => return Err(bad(at(), not_a_scope())),
        },
    };
    names::check_resource_group(rg).map_err(|r| bad(at(), r))?;
    Ok(st.rgs.intern(rg))
}

/// `/subscriptions/<id>` → `Some(None)`; `/subscriptions/<id>/resourceGroups/<rg>`
/// → `Some(Some(rg))` (ARM compares the segment names case-insensitively).
fn arm_subscription_path(path: &str) -> Option<Option<&str>> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let (subscriptions, id) = (parts.next()?, parts.next()?);
    if !subscriptions.eq_ignore_ascii_case("subscriptions") || uuid::Uuid::try_parse(id).is_err() {
        return None;
    }
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => Some(None),
        (Some(groups), Some(rg), None) if groups.eq_ignore_ascii_case("resourceGroups") => {
            Some(Some(rg))
        }
        _ => None,
    }
}

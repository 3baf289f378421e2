//! Building the state from a snapshot's items and validating each as it
//! is added: every reference resolves, every name is well formed, nothing
//! is listed twice, and the invariants of DESIGN §1 hold (the checks of
//! [`crate::invariants`]). Names are kept exactly as written.

use super::documents::{
    AccountDoc, AssignmentDoc, CustomRoleDoc, DirectoryDoc, EventDoc, GdapDoc, GroupDoc,
    ManagementGroupDoc, PartnerDoc, PolicyDoc, ResourceDoc, ServicePrincipalDoc, SubscriptionDoc,
    UserDoc,
};
use super::sections::{Section, Sections};
use super::{bad, check_header, BATCH};
use crate::error::{Error, Result};
use crate::invariants;
use crate::model::{
    AccId, Account, AccountKind, Azure, ChangeRequest, Delegation, DirId, GroupId, ManagementGroup,
    MgId, Name, Partner, Plan, Principal, Profile, RoleSet, SubId, Subscription, SubscriptionKind,
    SubscriptionPolicy, MAX_MANAGEMENT_GROUP_DEPTH,
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
    pub(super) groups: Vec<GroupDoc<'de>>,
    pub(super) subscriptions: Vec<SubscriptionDoc<'de>>,
    pub(super) service_principals: Vec<ServicePrincipalDoc<'de>>,
    pub(super) custom_roles: Vec<CustomRoleDoc<'de>>,
    pub(super) role_assignments: Vec<AssignmentDoc<'de>>,
    pub(super) partners: Vec<PartnerDoc<'de>>,
    pub(super) gdap: Vec<GdapDoc<'de>>,
    pub(super) resources: Vec<ResourceDoc<'de>>,
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
    pub(super) profile: Option<Profile>,
    pub(super) seen: Sections,
    pub(super) built: Sections,
    header_checked: bool,
    pub(super) kept: Kept<'de>,
    directory_ids: HashSet<Uuid>,
    /// Users, by directory, until the accounts they name are known.
    pending_users: Vec<Vec<UserDoc<'de>>>,
    /// Policies, by directory, until the accounts they exempt are known.
    pending_policies: Vec<(usize, DirId, PolicyDoc<'de>)>,
    /// Group members, until every group and service principal is known.
    pub(super) pending_members: Vec<(usize, GroupId, Vec<std::borrow::Cow<'de, str>>)>,
    pub(super) members_done: bool,
    /// Object ids seen, so none is used twice.
    pub(super) object_ids: HashSet<Uuid>,
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
            if self.version == Some(1) {
                // Version 1 has none of these: they are built, empty.
                for section in Section::ALL.iter().filter(|s| s.since_version_2()) {
                    if self.seen.contains(*section) {
                        return Err(bad(
                            Section::KEYS[*section as usize],
                            "this section needs a version 2 snapshot",
                        ));
                    }
                    self.built.insert(*section);
                }
            }
            self.st.profile = self.profile.unwrap_or_default();
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
        if section > Section::ServicePrincipals {
            self.finish_members()?;
        }
        Ok(true)
    }

    /// After the last key: the header, then every kept section, in order,
    /// then the checks over the whole state.
    pub(super) fn finish(mut self) -> Result<State> {
        self.check_header()?;
        if self.version == Some(1) {
            if let Some(s) = Section::ALL
                .iter()
                .find(|s| s.since_version_2() && self.seen.contains(**s))
            {
                return Err(bad(
                    Section::KEYS[*s as usize],
                    "this section needs a version 2 snapshot",
                ));
            }
        }
        let kept = std::mem::take(&mut self.kept);
        for (i, d) in kept.directories.into_iter().enumerate() {
            self.directory(i, d)?;
        }
        for (i, a) in kept.accounts.into_iter().enumerate() {
            self.account(i, a)?;
        }
        self.finish_users()?;
        for (i, g) in kept.groups.into_iter().enumerate() {
            self.group(i, g)?;
        }
        for (i, x) in kept.subscriptions.into_iter().enumerate() {
            self.subscription(i, x)?;
        }
        for (i, x) in kept.service_principals.into_iter().enumerate() {
            self.service_principal(i, x)?;
        }
        self.finish_members()?;
        for (i, x) in kept.custom_roles.into_iter().enumerate() {
            self.custom_role(i, x)?;
        }
        for (i, x) in kept.role_assignments.into_iter().enumerate() {
            self.role_assignment(i, x)?;
        }
        for (i, p) in kept.partners.into_iter().enumerate() {
            self.partner(i, p)?;
        }
        for (i, g) in kept.gdap.into_iter().enumerate() {
            self.gdap(i, g)?;
        }
        for (i, r) in kept.resources.into_iter().enumerate() {
            self.resource(i, r)?;
        }
        for (i, e) in kept.events.into_iter().enumerate() {
            self.event(i, e)?;
        }
        self.flush_events()?;
        invariants::limits(&self.st)?;
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
        let id = st.insert_directory(
            d.id,
            d.name.as_ref().into(),
            domain.into(),
            d.cloud,
            d.origin,
        );
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
        if let Some(setting) = d.guest_invites {
            if let Some(dir) = st.dirs.get_mut(id.idx()) {
                dir.guest_invites = setting;
            }
        }
        for (j, m) in d.management_groups.iter().enumerate() {
            management_group(st, id, m)
                .map_err(|r| bad(format_args!("directories[{i}].management_groups[{j}]"), r))?;
        }
        if let Some(policy) = d.policy {
            self.pending_policies.push((i, id, policy));
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
                if let Some(id) = u.id {
                    if !self.object_ids.insert(id) {
                        return Err(bad(
                            format_args!("{}.id", at()),
                            format!("object id {id} is used twice"),
                        ));
                    }
                    st.set_user_id(acc, dir, id);
                }
                if !u.other_roles.is_empty() {
                    let list = u
                        .other_roles
                        .iter()
                        .map(|r| (Name::from(&*r.template_id), Name::from(&*r.name)))
                        .collect();
                    st.other_roles.insert((Principal::User(acc), dir), list);
                }
                let mut seen = RoleSet::default();
                for &role in &u.roles {
                    if seen.contains(role) {
                        return Err(bad(
                            format_args!("{}.roles", at()),
                            format!("{role} is listed twice"),
                        ));
                    }
                    seen.insert(role);
                    st.set_role(dir, Principal::User(acc), role, true);
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
        for (i, dir, p) in std::mem::take(&mut self.pending_policies) {
            let mut exempted = Vec::with_capacity(p.exempted.len());
            for (j, e) in p.exempted.iter().enumerate() {
                let at = || format!("directories[{i}].policy.exempted[{j}]");
                let acc = acc_ref(st, e, at)?;
                if st.account(acc).membership(dir).is_none() {
                    return Err(bad(at(), format!("{e} is not a user of the directory")));
                }
                if !crate::model::sorted_insert(&mut exempted, acc) {
                    return Err(bad(at(), format!("{e} is listed twice")));
                }
            }
            if let Some(d) = st.dirs.get_mut(dir.idx()) {
                d.policy = Some(SubscriptionPolicy {
                    block_leaving: p.block_leaving,
                    block_entering: p.block_entering,
                    exempted,
                });
            }
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
                    ("management_group", x.management_group.is_some()),
                    ("change_request", x.change_request.is_some()),
                    ("managed_by", !x.managed_by.is_empty()),
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
                // An import under the current rules may not know the offer
                // (ARM gives a quota id, not every one of which names an
                // offer): kept empty, shown as none.
                let offer = match x.offer.as_deref() {
                    None if st.profile == Profile::Current => String::new(),
                    None => return Err(bad(at("offer"), "an Azure subscription needs its offer")),
                    Some(offer) => {
                        names::canonical_offer(offer).map_err(|r| bad(at("offer"), r))?
                    }
                };
                // Under the current rules an import may not know the
                // billing owner: Graph and ARM do not say who it is.
                let account_admin = match x.account_administrator.as_deref() {
                    None if st.profile == Profile::Classic => {
                        return Err(bad(
                            at("account_administrator"),
                            "an Azure subscription has exactly one account administrator (I3)",
                        ))
                    }
                    None => None,
                    Some(aa) => Some(acc_ref(st, aa, || at("account_administrator"))?),
                };
                let service_admin = match x.service_administrator.as_deref() {
                    None if self.version == Some(1) => {
                        return Err(bad(
                            at("service_administrator"),
                            "an Azure subscription has exactly one service administrator (I3)",
                        ))
                    }
                    None => None,
                    Some(sa) => {
                        let acc = acc_ref(st, sa, || at("service_administrator"))?;
                        invariants::i3_i4_user_of(st, acc, dir)
                            .map_err(|r| bad(at("service_administrator"), r))?;
                        Some(acc)
                    }
                };
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
                let management_group = match x.management_group.as_deref() {
                    None => st.dir(dir).root_group,
                    Some(name) => st.find_mg(Some(dir), name).ok_or_else(|| {
                        bad(
                            at("management_group"),
                            format!("no management group {name} in the subscription's directory"),
                        )
                    })?,
                };
                let change_request = match &x.change_request {
                    None => None,
                    Some(r) => {
                        let at = |f: &str| format!("subscriptions[{i}].change_request.{f}");
                        let initiator = acc_ref(st, &r.initiator, || at("initiator"))?;
                        let to = dir_ref(st, &r.to, || at("to"))?;
                        if to == dir {
                            return Err(bad(
                                at("to"),
                                "a request moves the subscription to another directory",
                            ));
                        }
                        let acceptor = match r.acceptor.as_deref() {
                            None => None,
                            Some(a) => {
                                let acc = acc_ref(st, a, || at("acceptor"))?;
                                invariants::i3_i4_user_of(st, acc, to)
                                    .map_err(|e| bad(at("acceptor"), e))?;
                                Some(acc)
                            }
                        };
                        Some(ChangeRequest {
                            initiator,
                            to,
                            acceptor,
                        })
                    }
                };
                let mut managed_by = Vec::with_capacity(x.managed_by.len());
                for (j, d) in x.managed_by.iter().enumerate() {
                    let at = || format!("subscriptions[{i}].managed_by[{j}]");
                    let role = builtin_or_id(st, &d.role).ok_or_else(|| {
                        bad(
                            format_args!("{}.role", at()),
                            format!("no built-in role {}", d.role),
                        )
                    })?;
                    if let Some(n) = &d.principal_name {
                        names::check_display_name("the name", n).map_err(|r| bad(at(), r))?;
                    }
                    managed_by.push(Delegation {
                        tenant: d.tenant,
                        principal_id: d.principal_id,
                        principal_name: d.principal_name.as_deref().map(Name::from),
                        role,
                    });
                }
                Plan::Azure(Azure {
                    offer: offer.into(),
                    account_admin,
                    service_admin,
                    co_admins,
                    assignments: Vec::new(),
                    management_group,
                    change_request,
                    managed_by,
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
        for (j, r) in x
            .role_assignments
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            let at = format!("subscriptions[{i}].role_assignments[{j}]");
            self.assignment(&at, r, Some(sub))?;
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
        let admin_agents = match p.admin_agents.as_deref() {
            None => None,
            Some(r) => match st.find_principal(r) {
                Ok(Principal::Group(g)) if st.group(g).directory == dir => {
                    if st.group(g).admin_agents_of.is_some() {
                        return Err(bad(
                            at("admin_agents"),
                            "the group is another partner's Admin Agents",
                        ));
                    }
                    Some(g)
                }
                _ => {
                    return Err(bad(
                        at("admin_agents"),
                        format!("no group {r} in the partner's directory"),
                    ))
                }
            },
        };
        let id = st.insert_partner(Partner {
            name: p.name.as_ref().into(),
            directory: dir,
            admin,
            admin_agents,
            gdap: Vec::new(),
        });
        if let Some(g) = admin_agents.and_then(|g| st.groups.get_mut(g.idx())) {
            g.admin_agents_of = Some(id);
        }
        Ok(())
    }
}

/// A management group of a directory's list: its parent (the tenant root
/// group if none) already listed, within six levels, its name unique.
fn management_group(st: &mut State, dir: DirId, m: &ManagementGroupDoc) -> Result<(), String> {
    let name = &*m.name;
    let ok = !name.is_empty()
        && name.len() <= 90
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '(' | ')' | '.'));
    if !ok {
        return Err(format!("'{name}' is not a management group name"));
    }
    if st.find_mg(Some(dir), name).is_some() {
        return Err(format!("{name} is listed twice"));
    }
    let parent: MgId = match m.parent.as_deref() {
        None => st.dir(dir).root_group,
        Some(p) => st
            .find_mg(Some(dir), p)
            .ok_or_else(|| format!("its parent {p} is not listed before it"))?,
    };
    let depth = st.mg(parent).depth.saturating_add(1);
    if depth > MAX_MANAGEMENT_GROUP_DEPTH {
        return Err(format!(
            "{name} is more than {MAX_MANAGEMENT_GROUP_DEPTH} levels below the tenant root group"
        ));
    }
    if let Some(d) = &m.display_name {
        names::check_display_name("the display name", d)?;
    }
    st.insert_mg(ManagementGroup {
        name: name.into(),
        display_name: m.display_name.as_deref().unwrap_or(name).into(),
        directory: dir,
        parent: Some(parent),
        depth,
        assignments: Vec::new(),
    });
    Ok(())
}

/// A built-in role by FORMAT.md spelling, ARM name or id.
pub(super) fn builtin_or_id(_st: &State, role: &str) -> Option<crate::model::RoleRef> {
    let id = role.rsplit('/').next().unwrap_or(role);
    crate::model::RbacRole::named(id).map(crate::model::RoleRef::Builtin)
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

//! Loading snapshots: a serde visitor that validates and builds the state
//! section by section while it parses, reading names straight from the text
//! (no intermediate document, no copies but the ones the state keeps).
//!
//! Every check names the item it refuses: `subscriptions[3].directory`,
//! `directories[0].users[5].kind`. A document that does not parse at all is
//! parsed again with path tracking to say where.

use super::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
use crate::change::Event;
use crate::effect::SubscriptionKind;
use crate::error::{Error, Result};
use crate::model::{
    AccId, Account, AccountKind, Assignment, Azure, Cloud, DirId, Directory, DirectoryRole, Origin,
    Partner, Plan, RbacRole, RoleSet, ScopeId, SubId, Subscription, UserKind,
    MAX_CO_ADMINISTRATORS, MAX_DIRECTORIES_PER_ACCOUNT, MAX_ROLE_ASSIGNMENTS,
};
use crate::names;
use crate::state::{split_msa, State};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::{self, Display};
use uuid::Uuid;

/// Loads and validates a snapshot.
pub(super) fn load(json: &str) -> Result<State> {
    let mut builder = Builder::default();
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed = de
        .deserialize_map(SnapshotVisitor(&mut builder))
        .and_then(|()| de.end());
    match parsed {
        Ok(()) => builder.finish(),
        Err(e) => Err(builder.failure.take().unwrap_or_else(|| locate(json, &e))),
    }
}

/// Explains a document that does not parse: another format or version
/// first, then the exact place, found by parsing again with path tracking.
fn locate(json: &str, e: &serde_json::Error) -> Error {
    #[derive(Deserialize)]
    struct Header {
        #[serde(default)]
        format: Option<String>,
        #[serde(default)]
        version: Option<u32>,
    }
    if let Ok(h) = serde_json::from_str::<Header>(json) {
        if let Err(header) = check_header(h.format.as_deref(), h.version) {
            return header;
        }
    }
    let mut builder = Builder::default();
    let mut track = serde_path_to_error::Track::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let traced = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let path = match traced.deserialize_map(SnapshotVisitor(&mut builder)) {
        Err(_) => track.path().to_string(),
        Ok(()) => ".".into(),
    };
    let at = if path == "." || path == "?" {
        "the document".to_owned()
    } else {
        path
    };
    Error::invalid_snapshot(
        format!("{at} (line {}, column {})", e.line(), e.column()),
        e.to_string(),
    )
}

fn check_header(format: Option<&str>, version: Option<u32>) -> Result<()> {
    if format != Some(SNAPSHOT_FORMAT) {
        return Err(Error::invalid_snapshot(
            "format",
            format!("expected \"{SNAPSHOT_FORMAT}\", found {format:?}"),
        ));
    }
    match version {
        Some(SNAPSHOT_VERSION) => Ok(()),
        Some(v) if v > SNAPSHOT_VERSION => Err(Error::invalid_snapshot(
            "version",
            format!("version {v} is newer than this library reads ({SNAPSHOT_VERSION}); upgrade tenantry"),
        )),
        v => Err(Error::invalid_snapshot("version", format!("unsupported version {v:?}"))),
    }
}

fn bad(at: impl Display, reason: impl Into<String>) -> Error {
    Error::invalid_snapshot(at.to_string(), reason)
}

// ----- the document, as borrowed from the text -------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryDoc<'a> {
    id: Uuid,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    initial_domain: Cow<'a, str>,
    #[serde(default, borrow)]
    verified_domains: Vec<Cow<'a, str>>,
    cloud: Cloud,
    origin: Origin,
    #[serde(default, borrow)]
    users: Vec<UserDoc<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserDoc<'a> {
    #[serde(borrow)]
    account: Cow<'a, str>,
    kind: UserKind,
    #[serde(default)]
    roles: Vec<DirectoryRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountDoc<'a> {
    #[serde(borrow)]
    account: Cow<'a, str>,
    #[serde(default, borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    home: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    default_directory: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionDoc<'a> {
    id: Uuid,
    #[serde(borrow)]
    name: Cow<'a, str>,
    kind: SubscriptionKind,
    #[serde(borrow)]
    directory: Cow<'a, str>,
    #[serde(default, borrow)]
    offer: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    account_administrator: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    service_administrator: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    co_administrators: Option<Vec<Cow<'a, str>>>,
    #[serde(default, borrow)]
    role_assignments: Option<Vec<AssignmentDoc<'a>>>,
    #[serde(default, borrow)]
    plan: Option<Cow<'a, str>>,
    #[serde(default)]
    seats: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentDoc<'a> {
    #[serde(borrow)]
    principal: Cow<'a, str>,
    role: RbacRole,
    #[serde(borrow)]
    scope: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerDoc<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    directory: Cow<'a, str>,
    #[serde(borrow)]
    admin: Cow<'a, str>,
}

/// An effect of the event log, as FORMAT.md writes it.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum EffectDoc<'a> {
    DirectoryCreated {
        #[serde(borrow)]
        directory: Cow<'a, str>,
    },
    AccountCreated {
        #[serde(borrow)]
        account: Cow<'a, str>,
    },
    UserAdded {
        #[serde(borrow)]
        directory: Cow<'a, str>,
        #[serde(borrow)]
        account: Cow<'a, str>,
        kind: UserKind,
    },
    DirectoryRoleAssigned {
        #[serde(borrow)]
        directory: Cow<'a, str>,
        #[serde(borrow)]
        account: Cow<'a, str>,
        role: DirectoryRole,
    },
    DirectoryRoleRemoved {
        #[serde(borrow)]
        directory: Cow<'a, str>,
        #[serde(borrow)]
        account: Cow<'a, str>,
        role: DirectoryRole,
    },
    DomainAdded {
        #[serde(borrow)]
        directory: Cow<'a, str>,
        #[serde(borrow)]
        domain: Cow<'a, str>,
    },
    SubscriptionCreated {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        kind: SubscriptionKind,
        #[serde(borrow)]
        directory: Cow<'a, str>,
    },
    SubscriptionMoved {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        from: Cow<'a, str>,
        #[serde(borrow)]
        to: Cow<'a, str>,
    },
    CoAdministratorAdded {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        account: Cow<'a, str>,
    },
    CoAdministratorRemoved {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        account: Cow<'a, str>,
    },
    RoleAssignmentAdded {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        principal: Cow<'a, str>,
        role: RbacRole,
        #[serde(borrow)]
        scope: Cow<'a, str>,
    },
    RoleAssignmentRemoved {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        principal: Cow<'a, str>,
        role: RbacRole,
        #[serde(borrow)]
        scope: Cow<'a, str>,
    },
    ServiceAdministratorChanged {
        #[serde(borrow)]
        subscription: Cow<'a, str>,
        #[serde(borrow)]
        from: Cow<'a, str>,
        #[serde(borrow)]
        to: Cow<'a, str>,
    },
    PartnerCreated {
        #[serde(borrow)]
        partner: Cow<'a, str>,
        #[serde(borrow)]
        directory: Cow<'a, str>,
    },
}

impl<'a> EffectDoc<'a> {
    /// The accounts and subscriptions it names.
    fn references<'s>(&'s self, accounts: &mut Vec<&'s str>, subscriptions: &mut Vec<&'s str>) {
        match self {
            EffectDoc::AccountCreated { account }
            | EffectDoc::UserAdded { account, .. }
            | EffectDoc::DirectoryRoleAssigned { account, .. }
            | EffectDoc::DirectoryRoleRemoved { account, .. } => accounts.push(account),
            EffectDoc::SubscriptionCreated { subscription, .. }
            | EffectDoc::SubscriptionMoved { subscription, .. } => subscriptions.push(subscription),
            EffectDoc::CoAdministratorAdded {
                subscription,
                account,
            }
            | EffectDoc::CoAdministratorRemoved {
                subscription,
                account,
            } => {
                accounts.push(account);
                subscriptions.push(subscription);
            }
            EffectDoc::RoleAssignmentAdded {
                subscription,
                principal,
                ..
            }
            | EffectDoc::RoleAssignmentRemoved {
                subscription,
                principal,
                ..
            } => {
                accounts.push(principal);
                subscriptions.push(subscription);
            }
            EffectDoc::ServiceAdministratorChanged {
                subscription,
                from,
                to,
            } => {
                accounts.push(from);
                accounts.push(to);
                subscriptions.push(subscription);
            }
            EffectDoc::DirectoryCreated { .. }
            | EffectDoc::DomainAdded { .. }
            | EffectDoc::PartnerCreated { .. } => {}
        }
    }
}

// ----- the visitor ------------------------------------------------------

/// How many references are resolved together, their memory warmed at once.
const BATCH: usize = 64;

const SECTIONS: &[&str] = &[
    "format",
    "version",
    "directories",
    "accounts",
    "subscriptions",
    "partners",
    "events",
];

struct SnapshotVisitor<'b, 'de>(&'b mut Builder<'de>);

impl<'de> Visitor<'de> for SnapshotVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tenantry snapshot (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let b = self.0;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let Some(section) = SECTIONS.iter().position(|s| *s == key) else {
                return Err(serde::de::Error::unknown_field(&key, SECTIONS));
            };
            if std::mem::replace(&mut b.seen[section], true) {
                return b.fail(bad(&*key, "the section is given twice"));
            }
            let streaming = b.ready(section).map_err(|e| b.stash(e))?;
            match section {
                0 => b.format = Some(map.next_value::<Cow<'de, str>>()?.into_owned()),
                1 => b.version = Some(map.next_value()?),
                2 => map.next_value_seed(Section {
                    b,
                    streaming,
                    add: Builder::directory,
                    buffer: |b| &mut b.buffered.0,
                })?,
                3 => map.next_value_seed(Section {
                    b,
                    streaming,
                    add: Builder::account,
                    buffer: |b| &mut b.buffered.1,
                })?,
                4 => map.next_value_seed(Section {
                    b,
                    streaming,
                    add: Builder::subscription,
                    buffer: |b| &mut b.buffered.2,
                })?,
                5 => map.next_value_seed(Section {
                    b,
                    streaming,
                    add: Builder::partner,
                    buffer: |b| &mut b.buffered.3,
                })?,
                _ => map.next_value_seed(Section {
                    b,
                    streaming,
                    add: Builder::event,
                    buffer: |b| &mut b.buffered.4,
                })?,
            }
            if streaming {
                b.built[section] = true;
            }
        }
        Ok(())
    }
}

type Add<'de, T> = fn(&mut Builder<'de>, usize, T) -> Result<()>;

/// One array of the document: each element is built as it parses when the
/// sections it refers to are built, else kept for later.
struct Section<'b, 'de, T> {
    b: &'b mut Builder<'de>,
    streaming: bool,
    add: Add<'de, T>,
    buffer: for<'x> fn(&'x mut Builder<'de>) -> &'x mut Vec<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Section<'_, 'de, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Section<'_, 'de, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let Section {
            b,
            streaming,
            add,
            buffer,
        } = self;
        let mut i = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if streaming {
                add(b, i, item).map_err(|e| b.stash(e))?;
            } else {
                buffer(b).push(item);
            }
            i += 1;
        }
        Ok(())
    }
}

// ----- building and validating -----------------------------------------

/// Sections parsed before what they refer to was built.
type Buffered<'de> = (
    Vec<DirectoryDoc<'de>>,
    Vec<AccountDoc<'de>>,
    Vec<SubscriptionDoc<'de>>,
    Vec<PartnerDoc<'de>>,
    Vec<EffectDoc<'de>>,
);

/// The state under construction, and what later sections still need.
#[derive(Default)]
struct Builder<'de> {
    st: State,
    failure: Option<Error>,
    format: Option<String>,
    version: Option<u32>,
    seen: [bool; 7],
    built: [bool; 7],
    header_checked: bool,
    buffered: Buffered<'de>,
    directory_ids: HashSet<Uuid>,
    /// Users, by directory, until the accounts they name are known.
    pending_users: Vec<Vec<UserDoc<'de>>>,
    /// Microsoft accounts' default directories, checked once users are in.
    defaults: Vec<(usize, AccId, DirId)>,
    users_done: bool,
    /// Events parsed but not yet resolved.
    events: Vec<(usize, EffectDoc<'de>)>,
    /// The account the last event named: the log names each new account
    /// twice in a row (`account_created`, then `user_added`).
    last_account: Option<(Cow<'de, str>, AccId)>,
}

impl<'de> Builder<'de> {
    /// Keeps a validation error to return instead of serde's.
    fn stash<E: serde::de::Error>(&mut self, e: Error) -> E {
        let text = e.to_string();
        self.failure.get_or_insert(e);
        E::custom(text)
    }

    fn fail<E: serde::de::Error>(&mut self, e: Error) -> std::result::Result<(), E> {
        Err(self.stash(e))
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
    fn ready(&mut self, section: usize) -> Result<bool> {
        if section < 2 || !self.seen[0] || !self.seen[1] || !(2..section).all(|s| self.built[s]) {
            return Ok(false);
        }
        self.check_header()?;
        if section > 3 {
            self.finish_users()?;
        }
        Ok(true)
    }

    /// After the last key: the header, then every kept section, in order.
    fn finish(mut self) -> Result<State> {
        self.check_header()?;
        let (directories, accounts, subscriptions, partners, events) =
            std::mem::take(&mut self.buffered);
        for (i, d) in directories.into_iter().enumerate() {
            self.directory(i, d)?;
        }
        for (i, a) in accounts.into_iter().enumerate() {
            self.account(i, a)?;
        }
        self.finish_users()?;
        for (i, x) in subscriptions.into_iter().enumerate() {
            self.subscription(i, x)?;
        }
        for (i, p) in partners.into_iter().enumerate() {
            self.partner(i, p)?;
        }
        for (i, e) in events.into_iter().enumerate() {
            self.event(i, e)?;
        }
        self.flush_events()?;
        Ok(self.st)
    }

    fn directory(&mut self, i: usize, d: DirectoryDoc<'de>) -> Result<()> {
        let at = || format!("directories[{i}]");
        if !self.directory_ids.insert(d.id) {
            return Err(bad(
                format_args!("{}.id", at()),
                format!("tenant id {} is used twice", d.id),
            ));
        }
        names::check_display_name("the name", &d.name)
            .map_err(|r| bad(format_args!("{}.name", at()), r))?;
        let domain = d.initial_domain.to_ascii_lowercase();
        let prefix = names::initial_prefix(&domain).ok_or_else(|| {
            bad(
                format_args!("{}.initial_domain", at()),
                format!("'{domain}' is not <prefix>.onmicrosoft.com"),
            )
        })?;
        names::check_prefix(prefix).map_err(|r| bad(format_args!("{}.initial_domain", at()), r))?;
        let st = &mut self.st;
        if st.domain_owner(&domain).is_some() {
            return Err(bad(
                format_args!("{}.initial_domain", at()),
                format!("{domain} belongs to two directories (I7)"),
            ));
        }
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
            let v = v.to_ascii_lowercase();
            if names::initial_prefix(&v).is_some() {
                return Err(bad(
                    at(),
                    "an onmicrosoft.com domain cannot be a verified domain",
                ));
            }
            if st.domain_owner(&v).is_some() {
                return Err(bad(at(), format!("{v} belongs to two directories (I7)")));
            }
            let name: crate::model::Name = v.into();
            st.index_domain(name.clone(), id);
            if let Some(dir) = st.dirs.get_mut(id.idx()) {
                dir.verified_domains.push(name);
            }
        }
        self.pending_users.push(d.users);
        Ok(())
    }

    fn account(&mut self, i: usize, a: AccountDoc<'de>) -> Result<()> {
        let at = |field: &str| format!("accounts[{i}].{field}");
        let st = &mut self.st;
        if let Some(name) = &a.name {
            names::check_display_name("the name", name).map_err(|r| bad(at("name"), r))?;
        }
        let (reference, kind) = match split_msa(&a.account) {
            Some(email) => {
                let (local, domain) =
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
                let email = names::canonical_address(local, domain);
                (
                    format!("msa:{email}"),
                    AccountKind::Microsoft {
                        default_directory: None,
                    },
                )
            }
            None => {
                let (local, domain) =
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
                let domain = domain.to_ascii_lowercase();
                if !st.dir(home).has_domain(&domain) {
                    let reason = format!(
                        "{domain} is not a domain of its home directory {}",
                        st.dir(home).initial_domain
                    );
                    return Err(bad(at("account"), reason));
                }
                if st.find_work(&a.account).is_some() {
                    return Err(bad(at("account"), format!("{} is listed twice", a.account)));
                }
                (
                    names::canonical_address(local, &domain),
                    AccountKind::Work { home },
                )
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
            let cloud = st.dir(dir).cloud;
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
                let account = st.account(acc);
                if account.membership(dir).is_some() {
                    return Err(bad(at(), format!("{} is listed twice", u.account)));
                }
                let expected = match account.kind {
                    AccountKind::Work { home } if home == dir => UserKind::Member,
                    _ => UserKind::External,
                };
                if u.kind != expected {
                    let reason = format!(
                        "{} must be {expected} here: members are work accounts in their home directory",
                        u.account
                    );
                    return Err(bad(format_args!("{}.kind", at()), reason));
                }
                let account_cloud = account.kind.cloud(|d| st.dir(d).cloud);
                if account_cloud != cloud {
                    let reason = format!(
                        "{} lives in the {account_cloud} cloud, the directory in {cloud}",
                        u.account
                    );
                    return Err(bad(at(), reason));
                }
                if account.memberships.len() >= MAX_DIRECTORIES_PER_ACCOUNT {
                    let reason = format!(
                        "{} is a user of more than {MAX_DIRECTORIES_PER_ACCOUNT} directories (I9)",
                        u.account
                    );
                    return Err(bad(at(), reason));
                }
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
        for (i, d) in st.dirs.iter().enumerate() {
            if d.holders(DirectoryRole::GlobalAdministrator).is_empty() {
                let reason = format!("{} has no Global Administrator (I8)", d.initial_domain);
                return Err(bad(format_args!("directories[{i}]"), reason));
            }
        }
        for (i, a) in st.accounts.iter().enumerate() {
            if let AccountKind::Work { home } = a.kind {
                if a.membership(home).is_none() {
                    let reason = format!(
                        "{} is not a member user of its home directory {} (I2)",
                        a.reference,
                        st.dir(home).initial_domain
                    );
                    return Err(bad(format_args!("accounts[{i}]"), reason));
                }
            }
        }
        for (i, acc, dir) in std::mem::take(&mut self.defaults) {
            if st.account(acc).membership(dir).is_none() {
                let reason = format!(
                    "{} is not a user of its default directory {}",
                    st.account(acc).reference,
                    st.dir(dir).initial_domain
                );
                return Err(bad(format_args!("accounts[{i}].default_directory"), reason));
            }
            if let Some(AccountKind::Microsoft { default_directory }) =
                st.accounts.get_mut(acc.idx()).map(|a| &mut a.kind)
            {
                *default_directory = Some(dir);
            }
        }
        Ok(())
    }

    fn subscription(&mut self, i: usize, x: SubscriptionDoc<'de>) -> Result<()> {
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
                user_of(st, service_admin, dir, || at("service_administrator"))?;
                let co_refs = x.co_administrators.unwrap_or_default();
                if co_refs.len() > MAX_CO_ADMINISTRATORS {
                    let reason =
                        format!("more than {MAX_CO_ADMINISTRATORS} co-administrators (I6)");
                    return Err(bad(at("co_administrators"), reason));
                }
                let mut co_admins = Vec::with_capacity(co_refs.len());
                for (j, c) in co_refs.iter().enumerate() {
                    let at = || format!("subscriptions[{i}].co_administrators[{j}]");
                    let acc = acc_ref(st, c, at)?;
                    user_of(st, acc, dir, at)?;
                    if co_admins.contains(&acc) {
                        return Err(bad(at(), format!("{c} is listed twice")));
                    }
                    co_admins.push(acc);
                }
                Plan::Azure(Azure {
                    offer: offer.into(),
                    account_admin,
                    service_admin,
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
        if list.len() > MAX_ROLE_ASSIGNMENTS {
            let reason = format!("more than {MAX_ROLE_ASSIGNMENTS} role assignments (I6)");
            return Err(bad(at("role_assignments"), reason));
        }
        let mut seen = HashSet::with_capacity(list.len());
        for (j, r) in list.iter().enumerate() {
            let at = || format!("subscriptions[{i}].role_assignments[{j}]");
            let principal = acc_ref(st, &r.principal, || format!("{}.principal", at()))?;
            user_of(st, principal, dir, || format!("{}.principal", at()))?;
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

    fn partner(&mut self, i: usize, p: PartnerDoc<'de>) -> Result<()> {
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

    /// One entry of the event log, resolved with the rest of its batch.
    fn event(&mut self, i: usize, e: EffectDoc<'de>) -> Result<()> {
        self.events.push((i, e));
        if self.events.len() >= BATCH {
            self.flush_events()?;
        }
        Ok(())
    }

    /// Resolves the batched events, their references warmed together.
    fn flush_events(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.events);
        let (mut accounts, mut subscriptions) = (Vec::new(), Vec::new());
        for (_, e) in &batch {
            e.references(&mut accounts, &mut subscriptions);
        }
        self.st.warm_all(&accounts, &subscriptions);
        drop((accounts, subscriptions));
        for (i, e) in batch {
            self.resolve_event(i, e)?;
        }
        Ok(())
    }

    /// One entry of the event log: every reference must resolve.
    fn resolve_event(&mut self, i: usize, e: EffectDoc<'de>) -> Result<()> {
        let st = &mut self.st;
        let at = || format!("events[{i}]");
        let d = |st: &State, r: &str| dir_ref(st, r, at);
        let last = &mut self.last_account;
        let mut a = |st: &State, r: &Cow<'de, str>| -> Result<AccId> {
            match last {
                Some((name, id)) if name == r => Ok(*id),
                _ => {
                    let id = acc_ref(st, r, at)?;
                    *last = Some((r.clone(), id));
                    Ok(id)
                }
            }
        };
        let s = |st: &State, r: &str| sub_ref(st, r, at);
        let event = match e {
            EffectDoc::DirectoryCreated { directory } => {
                Event::DirectoryCreated(d(st, &directory)?)
            }
            EffectDoc::AccountCreated { account } => Event::AccountCreated(a(st, &account)?),
            EffectDoc::UserAdded {
                directory,
                account,
                kind,
            } => Event::UserAdded {
                dir: d(st, &directory)?,
                acc: a(st, &account)?,
                kind,
            },
            EffectDoc::DirectoryRoleAssigned {
                directory,
                account,
                role,
            } => Event::DirectoryRoleAssigned {
                dir: d(st, &directory)?,
                acc: a(st, &account)?,
                role,
            },
            EffectDoc::DirectoryRoleRemoved {
                directory,
                account,
                role,
            } => Event::DirectoryRoleRemoved {
                dir: d(st, &directory)?,
                acc: a(st, &account)?,
                role,
            },
            EffectDoc::DomainAdded { directory, domain } => {
                names::check_domain(&domain).map_err(|r| bad(at(), r))?;
                Event::DomainAdded {
                    dir: d(st, &directory)?,
                    domain: domain.to_ascii_lowercase().into(),
                }
            }
            EffectDoc::SubscriptionCreated {
                subscription,
                kind,
                directory,
            } => {
                let sub = s(st, &subscription)?;
                if st.sub_kind(sub) != kind {
                    return Err(bad(
                        at(),
                        format!("subscription {subscription} is not {}", kind.as_str()),
                    ));
                }
                Event::SubscriptionCreated {
                    sub,
                    dir: d(st, &directory)?,
                }
            }
            EffectDoc::SubscriptionMoved {
                subscription,
                from,
                to,
            } => Event::SubscriptionMoved {
                sub: s(st, &subscription)?,
                from: d(st, &from)?,
                to: d(st, &to)?,
            },
            EffectDoc::CoAdministratorAdded {
                subscription,
                account,
            } => Event::CoAdministratorAdded {
                sub: s(st, &subscription)?,
                acc: a(st, &account)?,
            },
            EffectDoc::CoAdministratorRemoved {
                subscription,
                account,
            } => Event::CoAdministratorRemoved {
                sub: s(st, &subscription)?,
                acc: a(st, &account)?,
            },
            EffectDoc::RoleAssignmentAdded {
                subscription,
                principal,
                role,
                scope,
            } => {
                let (sub, principal) = (s(st, &subscription)?, a(st, &principal)?);
                Event::RoleAssignmentAdded {
                    sub,
                    principal,
                    role,
                    scope: scope_ref(st, &scope, at)?,
                }
            }
            EffectDoc::RoleAssignmentRemoved {
                subscription,
                principal,
                role,
                scope,
            } => {
                let (sub, principal) = (s(st, &subscription)?, a(st, &principal)?);
                Event::RoleAssignmentRemoved {
                    sub,
                    principal,
                    role,
                    scope: scope_ref(st, &scope, at)?,
                }
            }
            EffectDoc::ServiceAdministratorChanged {
                subscription,
                from,
                to,
            } => Event::ServiceAdministratorChanged {
                sub: s(st, &subscription)?,
                from: a(st, &from)?,
                to: a(st, &to)?,
            },
            EffectDoc::PartnerCreated { partner, directory } => {
                let p = st
                    .find_partner(&partner)
                    .ok_or_else(|| bad(at(), format!("no partner '{partner}'")))?;
                Event::PartnerCreated {
                    partner: p,
                    dir: d(st, &directory)?,
                }
            }
        };
        st.events.push(event);
        Ok(())
    }
}

fn dir_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<DirId> {
    st.find_directory(reference)
        .ok_or_else(|| bad(at(), format!("no directory {reference}")))
}

fn acc_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<AccId> {
    st.find_account(reference)
        .ok_or_else(|| bad(at(), format!("no account {reference}")))
}

fn sub_ref(st: &State, reference: &str, at: impl FnOnce() -> String) -> Result<SubId> {
    st.find_subscription(reference)
        .ok_or_else(|| bad(at(), format!("no subscription {reference}")))
}

/// I3/I4: the account is a user of the subscription's directory.
fn user_of(st: &State, acc: AccId, dir: DirId, at: impl FnOnce() -> String) -> Result<()> {
    if st.account(acc).membership(dir).is_some() {
        return Ok(());
    }
    let reason = format!(
        "{} is not a user of {} (I3, I4)",
        st.account(acc).reference,
        st.dir(dir).initial_domain
    );
    Err(bad(at(), reason))
}

/// `subscription` or `resource_group:<name>`, interned.
fn scope_ref(st: &mut State, scope: &str, at: impl FnOnce() -> String) -> Result<ScopeId> {
    if scope == "subscription" {
        return Ok(ScopeId::SUBSCRIPTION);
    }
    match scope.strip_prefix("resource_group:") {
        Some(rg) => {
            names::check_resource_group(rg).map_err(|r| bad(at(), r))?;
            Ok(st.rgs.intern(rg))
        }
        None => Err(bad(
            at(),
            format!("'{scope}' is not a scope (subscription or resource_group:<name>)"),
        )),
    }
}

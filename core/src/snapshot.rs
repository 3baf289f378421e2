//! Snapshots: the whole state, event log included, as JSON with a format
//! version. Loading validates every reference and every invariant (I1–I9)
//! and refuses a bad snapshot with `INVALID_SNAPSHOT`, naming where.
//! Saving is atomic: a temporary file in the same directory, flushed, then
//! renamed over the old one.
//!
//! References are written as FORMAT.md writes them (directories by initial
//! domain, accounts by reference, subscriptions by id), so snapshots are
//! readable and diffable. Entities are written in creation order, and every
//! derived list is ordered canonically, so save → load → save is
//! byte-identical.

use crate::change::Event;
use crate::effect::{Effect, Scope, SubscriptionKind};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::IdSource;
use crate::model::{
    AccId, Account, AccountKind, Assignment, Azure, Cloud, DirId, Directory, DirectoryRole, Origin,
    Partner, Plan, RbacRole, RoleSet, ScopeId, SubId, Subscription, UserKind,
    MAX_CO_ADMINISTRATORS, MAX_DIRECTORIES_PER_ACCOUNT, MAX_ROLE_ASSIGNMENTS,
};
use crate::names;
use crate::state::{split_msa, State};
use crate::tenancy::Tenancy;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::HashSet;
use std::fmt::Display;
use std::io::Write;
use std::path::Path;
use uuid::Uuid;

/// The value of a snapshot's `format` field.
pub const SNAPSHOT_FORMAT: &str = "tenantry-snapshot";
/// The snapshot format version this library writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

impl Tenancy {
    /// The whole state as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&SnapshotSer(&self.state)).unwrap_or_default()
    }

    /// The whole state as indented JSON, one field per line.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&SnapshotSer(&self.state)).unwrap_or_default()
    }

    /// Writes the snapshot to `out`.
    pub fn write_json(&self, out: impl Write) -> Result<()> {
        serde_json::to_writer(out, &SnapshotSer(&self.state)).map_err(|e| {
            Error::new(ErrorKind::Io {
                path: "<writer>".into(),
                reason: e.to_string(),
            })
        })
    }

    /// Loads a snapshot, validating every reference and invariant. New ids
    /// are random; see [`Tenancy::from_json_with_ids`].
    pub fn from_json(json: &str) -> Result<Tenancy> {
        Tenancy::from_json_with_ids(json, IdSource::random())
    }

    /// Loads a snapshot with this id source for the ids it creates next.
    pub fn from_json_with_ids(json: &str, ids: IdSource) -> Result<Tenancy> {
        let doc = parse(json)?;
        Ok(Tenancy {
            state: build(doc)?,
            ids,
        })
    }

    /// Saves the snapshot atomically: a failed save leaves the old file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let io = |e: std::io::Error| {
            Error::new(ErrorKind::Io {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| io(std::io::Error::other("not a file path")))?;
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let result = (|| {
            let file = std::fs::File::create(&tmp)?;
            let mut out = std::io::BufWriter::new(file);
            serde_json::to_writer(&mut out, &SnapshotSer(&self.state))?;
            out.flush()?;
            out.get_ref().sync_all()?;
            drop(out);
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        Ok(())
    }

    /// Loads a snapshot file, validating it.
    pub fn load(path: impl AsRef<Path>) -> Result<Tenancy> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| {
            Error::new(ErrorKind::Io {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        })?;
        let json = std::str::from_utf8(&bytes).map_err(|e| {
            Error::invalid_snapshot(
                format!("byte {}", e.valid_up_to()),
                "the file is not UTF-8 text",
            )
        })?;
        Tenancy::from_json(json)
    }
}

// ----- writing -------------------------------------------------------------

struct SnapshotSer<'a>(&'a State);

impl Serialize for SnapshotSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let mut m = s.serialize_struct("Snapshot", 7)?;
        m.serialize_field("format", SNAPSHOT_FORMAT)?;
        m.serialize_field("version", &SNAPSHOT_VERSION)?;
        m.serialize_field(
            "directories",
            &Seq(|| {
                st.dirs
                    .iter()
                    .enumerate()
                    .map(move |(i, d)| DirectorySer(st, DirId::at(i), d))
            }),
        )?;
        m.serialize_field(
            "accounts",
            &Seq(|| st.accounts.iter().map(move |a| AccountSer(st, a))),
        )?;
        m.serialize_field(
            "subscriptions",
            &Seq(|| st.subs.iter().map(move |x| SubscriptionSer(st, x))),
        )?;
        m.serialize_field(
            "partners",
            &Seq(|| {
                st.partners.iter().map(move |p| PartnerDoc {
                    name: p.name.to_string(),
                    directory: st.dir(p.directory).initial_domain.to_string(),
                    admin: st.account(p.admin).reference.to_string(),
                })
            }),
        )?;
        m.serialize_field(
            "events",
            &Seq(|| {
                st.events
                    .iter()
                    .map(move |e| crate::change::render_event(st, e))
            }),
        )?;
        m.end()
    }
}

/// Serializes what an iterator yields, as a sequence.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

struct DirectorySer<'a>(&'a State, DirId, &'a Directory);

impl Serialize for DirectorySer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, dir, d) = (self.0, self.1, self.2);
        let mut m = s.serialize_struct("Directory", 7)?;
        m.serialize_field("id", &d.id)?;
        m.serialize_field("name", &d.name)?;
        m.serialize_field("initial_domain", &d.initial_domain)?;
        m.serialize_field("verified_domains", &d.verified_domains)?;
        m.serialize_field("cloud", &d.cloud)?;
        m.serialize_field("origin", &d.origin)?;
        m.serialize_field(
            "users",
            &Seq(|| {
                d.users.iter().map(move |acc| {
                    let a = st.account(*acc);
                    let m = a.membership(dir);
                    UserSer {
                        account: &a.reference,
                        kind: m.map_or(UserKind::External, |m| m.kind),
                        roles: m.map(|m| m.roles).unwrap_or_default(),
                    }
                })
            }),
        )?;
        m.end()
    }
}

struct UserSer<'a> {
    account: &'a str,
    kind: UserKind,
    roles: RoleSet,
}

impl Serialize for UserSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("User", 3)?;
        m.serialize_field("account", self.account)?;
        m.serialize_field("kind", &self.kind)?;
        let roles = self.roles;
        m.serialize_field("roles", &Seq(move || roles.iter()))?;
        m.end()
    }
}

struct AccountSer<'a>(&'a State, &'a Account);

impl Serialize for AccountSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, a) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("account", &a.reference)?;
        if let Some(name) = &a.name {
            m.serialize_entry("name", name)?;
        }
        match a.kind {
            AccountKind::Work { home } => {
                m.serialize_entry("home", &st.dir(home).initial_domain)?
            }
            AccountKind::Microsoft {
                default_directory: Some(d),
            } => m.serialize_entry("default_directory", &st.dir(d).initial_domain)?,
            AccountKind::Microsoft {
                default_directory: None,
            } => {}
        }
        m.end()
    }
}

struct SubscriptionSer<'a>(&'a State, &'a Subscription);

impl Serialize for SubscriptionSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (st, x) = (self.0, self.1);
        let reference = |acc: AccId| &*st.account(acc).reference;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &x.id)?;
        m.serialize_entry("name", &x.name)?;
        m.serialize_entry("directory", &st.dir(x.directory).initial_domain)?;
        match &x.plan {
            Plan::Azure(a) => {
                m.serialize_entry("kind", &SubscriptionKind::Azure)?;
                m.serialize_entry("offer", &a.offer)?;
                m.serialize_entry("account_administrator", reference(a.account_admin))?;
                m.serialize_entry("service_administrator", reference(a.service_admin))?;
                m.serialize_entry(
                    "co_administrators",
                    &Seq(|| a.co_admins.iter().map(|c| reference(*c))),
                )?;
                m.serialize_entry(
                    "role_assignments",
                    &Seq(|| {
                        a.assignments.iter().map(|x| AssignmentSer {
                            principal: reference(x.principal),
                            role: x.role,
                            resource_group: st.rgs.name(x.scope).map(|n| &**n),
                        })
                    }),
                )?;
            }
            Plan::Office365 { plan, seats } => {
                m.serialize_entry("kind", &SubscriptionKind::Office365)?;
                m.serialize_entry("plan", plan)?;
                m.serialize_entry("seats", seats)?;
            }
        }
        m.end()
    }
}

struct AssignmentSer<'a> {
    principal: &'a str,
    role: RbacRole,
    resource_group: Option<&'a str>,
}

impl Serialize for AssignmentSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("RoleAssignment", 3)?;
        m.serialize_field("principal", self.principal)?;
        m.serialize_field("role", &self.role)?;
        match self.resource_group {
            None => m.serialize_field("scope", "subscription")?,
            Some(rg) => m.serialize_field("scope", &format_args!("resource_group:{rg}"))?,
        }
        m.end()
    }
}

// ----- reading -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotDoc {
    format: String,
    version: u32,
    #[serde(default)]
    directories: Vec<DirectoryDoc>,
    #[serde(default)]
    accounts: Vec<AccountDoc>,
    #[serde(default)]
    subscriptions: Vec<SubscriptionDoc>,
    #[serde(default)]
    partners: Vec<PartnerDoc>,
    #[serde(default)]
    events: Vec<Effect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryDoc {
    id: Uuid,
    name: String,
    initial_domain: String,
    #[serde(default)]
    verified_domains: Vec<String>,
    cloud: Cloud,
    origin: Origin,
    #[serde(default)]
    users: Vec<UserDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserDoc {
    account: String,
    kind: UserKind,
    #[serde(default)]
    roles: Vec<DirectoryRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountDoc {
    account: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    home: Option<String>,
    #[serde(default)]
    default_directory: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionDoc {
    id: Uuid,
    name: String,
    kind: SubscriptionKind,
    directory: String,
    #[serde(default)]
    offer: Option<String>,
    #[serde(default)]
    account_administrator: Option<String>,
    #[serde(default)]
    service_administrator: Option<String>,
    #[serde(default)]
    co_administrators: Option<Vec<String>>,
    #[serde(default)]
    role_assignments: Option<Vec<AssignmentDoc>>,
    #[serde(default)]
    plan: Option<String>,
    #[serde(default)]
    seats: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignmentDoc {
    principal: String,
    role: RbacRole,
    scope: Scope,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerDoc {
    name: String,
    directory: String,
    admin: String,
}

/// Just the header, to explain a document that does not parse.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u32>,
}

fn parse(json: &str) -> Result<SnapshotDoc> {
    match serde_json::from_str::<SnapshotDoc>(json) {
        Ok(doc) => {
            check_header(Some(&doc.format), Some(doc.version))?;
            Ok(doc)
        }
        Err(e) => {
            // Explain: a document of another format or version first, then
            // the exact place the parse failed.
            if let Ok(h) = serde_json::from_str::<Header>(json) {
                check_header(h.format.as_deref(), h.version)?;
            }
            let mut de = serde_json::Deserializer::from_str(json);
            let path = match serde_path_to_error::deserialize::<_, SnapshotDoc>(&mut de) {
                Err(pe) if ![".", "?"].contains(&pe.path().to_string().as_str()) => {
                    pe.path().to_string()
                }
                _ => String::from("the document"),
            };
            Err(Error::invalid_snapshot(
                format!("{path} (line {}, column {})", e.line(), e.column()),
                e.to_string(),
            ))
        }
    }
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

/// Builds and validates the state. Every check names the item it refuses.
fn build(doc: SnapshotDoc) -> Result<State> {
    let mut st = State::default();
    let SnapshotDoc {
        directories,
        accounts,
        subscriptions,
        partners,
        events,
        ..
    } = doc;

    // Directories, with their domains (I7).
    let mut ids = HashSet::with_capacity(directories.len());
    let mut users = Vec::with_capacity(directories.len());
    for (i, d) in directories.into_iter().enumerate() {
        let at = || format!("directories[{i}]");
        if !ids.insert(d.id) {
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
        if st.domain_owner(&domain).is_some() {
            return Err(bad(
                format_args!("{}.initial_domain", at()),
                format!("{domain} belongs to two directories (I7)"),
            ));
        }
        let id = st.insert_directory(Directory::new(
            d.id,
            d.name.into(),
            domain.into(),
            d.cloud,
            d.origin,
        ));
        for (j, v) in d.verified_domains.into_iter().enumerate() {
            let at = || format!("directories[{i}].verified_domains[{j}]");
            names::check_domain(&v).map_err(|r| bad(at(), r))?;
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
            st.index_domain(v.clone().into(), id);
            if let Some(dir) = st.dirs.get_mut(id.idx()) {
                dir.verified_domains.push(v.into());
            }
        }
        users.push(d.users);
    }

    // Accounts (I2 begins: a work account's UPN is on its home's domains).
    let msa_count = accounts
        .iter()
        .filter(|a| split_msa(&a.account).is_some())
        .count();
    st.reserve_accounts(accounts.len(), msa_count);
    let mut defaults = Vec::new();
    for (i, a) in accounts.into_iter().enumerate() {
        let at = |field: &str| format!("accounts[{i}].{field}");
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
                    let dir = dir_ref(&st, d, || at("default_directory"))?;
                    defaults.push((AccId::at(st.accounts.len()), dir));
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
                let home = dir_ref(&st, home_ref, || at("home"))?;
                let domain = domain.to_ascii_lowercase();
                if !st.dir(home).has_domain(&domain) {
                    return Err(bad(
                        at("account"),
                        format!(
                            "{domain} is not a domain of its home directory {}",
                            st.dir(home).initial_domain
                        ),
                    ));
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
        st.insert_account(Account::new(reference.into(), a.name.map(Into::into), kind));
    }
    for (acc, dir) in &defaults {
        if let Some(AccountKind::Microsoft { default_directory }) =
            st.accounts.get_mut(acc.idx()).map(|a| &mut a.kind)
        {
            *default_directory = Some(*dir);
        }
    }

    // Users and their roles.
    for (i, list) in users.into_iter().enumerate() {
        let dir = DirId::at(i);
        let cloud = st.dir(dir).cloud;
        for (j, u) in list.into_iter().enumerate() {
            let at = || format!("directories[{i}].users[{j}]");
            let acc = acc_ref(&st, &u.account, || format!("{}.account", at()))?;
            let account = st.account(acc);
            if account.membership(dir).is_some() {
                return Err(bad(at(), format!("{} is listed twice", u.account)));
            }
            let expected = match account.kind {
                AccountKind::Work { home } if home == dir => UserKind::Member,
                _ => UserKind::External,
            };
            if u.kind != expected {
                return Err(bad(
                    format_args!("{}.kind", at()),
                    format!(
                    "{} must be {expected} here: members are work accounts in their home directory",
                    u.account
                ),
                ));
            }
            let acc_cloud = account.kind.cloud(|d| st.dir(d).cloud);
            if acc_cloud != cloud {
                return Err(bad(
                    at(),
                    format!(
                        "{} lives in the {acc_cloud} cloud, the directory in {cloud}",
                        u.account
                    ),
                ));
            }
            if account.memberships.len() >= MAX_DIRECTORIES_PER_ACCOUNT {
                return Err(bad(
                    at(),
                    format!(
                        "{} is a user of more than {MAX_DIRECTORIES_PER_ACCOUNT} directories (I9)",
                        u.account
                    ),
                ));
            }
            st.add_user(dir, acc, u.kind);
            let mut seen = RoleSet::default();
            for role in u.roles {
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
            return Err(bad(
                format_args!("directories[{i}]"),
                format!("{} has no Global Administrator (I8)", d.initial_domain),
            ));
        }
    }
    for (i, a) in st.accounts.iter().enumerate() {
        match a.kind {
            AccountKind::Work { home } if a.membership(home).is_none() => {
                return Err(bad(
                    format_args!("accounts[{i}]"),
                    format!(
                        "{} is not a member user of its home directory {} (I2)",
                        a.reference,
                        st.dir(home).initial_domain
                    ),
                ));
            }
            AccountKind::Microsoft {
                default_directory: Some(d),
            } if a.membership(d).is_none() => {
                return Err(bad(
                    format_args!("accounts[{i}].default_directory"),
                    format!(
                        "{} is not a user of its default directory {}",
                        a.reference,
                        st.dir(d).initial_domain
                    ),
                ));
            }
            _ => {}
        }
    }

    // Subscriptions (I1, I3–I6).
    let mut sub_ids = HashSet::with_capacity(subscriptions.len());
    for (i, x) in subscriptions.into_iter().enumerate() {
        let at = |field: &str| format!("subscriptions[{i}].{field}");
        if !sub_ids.insert(x.id) {
            return Err(bad(
                at("id"),
                format!("subscription id {} is used twice", x.id),
            ));
        }
        names::check_display_name("the name", &x.name).map_err(|r| bad(at("name"), r))?;
        let dir = dir_ref(&st, &x.directory, || at("directory"))?;
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
                        return Err(bad(at(field), "an Office 365 subscription is owned by its directory and has no classic administrators or RBAC (I5)"));
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
                    plan: plan.into(),
                    seats,
                }
            }
            SubscriptionKind::Azure => {
                if x.plan.is_some() || x.seats.is_some() {
                    return Err(bad(
                        at(if x.plan.is_some() { "plan" } else { "seats" }),
                        "an Azure subscription has an offer, not a plan or seats",
                    ));
                }
                let offer = x
                    .offer
                    .ok_or_else(|| bad(at("offer"), "an Azure subscription needs its offer"))?;
                let offer = names::canonical_offer(&offer).map_err(|r| bad(at("offer"), r))?;
                let admin_ref = x.account_administrator.ok_or_else(|| {
                    bad(
                        at("account_administrator"),
                        "an Azure subscription has exactly one account administrator (I3)",
                    )
                })?;
                let account_admin = acc_ref(&st, &admin_ref, || at("account_administrator"))?;
                let sa_ref = x.service_administrator.ok_or_else(|| {
                    bad(
                        at("service_administrator"),
                        "an Azure subscription has exactly one service administrator (I3)",
                    )
                })?;
                let service_admin = acc_ref(&st, &sa_ref, || at("service_administrator"))?;
                let user_of_dir = |acc: AccId, at: String| {
                    if st.account(acc).membership(dir).is_some() {
                        Ok(())
                    } else {
                        Err(bad(
                            at,
                            format!(
                                "{} is not a user of {} (I3, I4)",
                                st.account(acc).reference,
                                st.dir(dir).initial_domain
                            ),
                        ))
                    }
                };
                user_of_dir(service_admin, at("service_administrator"))?;
                let co_refs = x.co_administrators.unwrap_or_default();
                if co_refs.len() > MAX_CO_ADMINISTRATORS {
                    return Err(bad(
                        at("co_administrators"),
                        format!("more than {MAX_CO_ADMINISTRATORS} co-administrators (I6)"),
                    ));
                }
                let mut co_admins = Vec::with_capacity(co_refs.len());
                for (j, c) in co_refs.iter().enumerate() {
                    let at = || format!("subscriptions[{i}].co_administrators[{j}]");
                    let acc = acc_ref(&st, c, at)?;
                    user_of_dir(acc, at())?;
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
            key: x.id.to_string().into(),
            id: x.id,
            name: x.name.into(),
            directory: dir,
            plan,
        });
        let list = x.role_assignments.unwrap_or_default();
        if list.len() > MAX_ROLE_ASSIGNMENTS {
            return Err(bad(
                at("role_assignments"),
                format!("more than {MAX_ROLE_ASSIGNMENTS} role assignments (I6)"),
            ));
        }
        let mut seen = HashSet::with_capacity(list.len());
        for (j, r) in list.into_iter().enumerate() {
            let at = || format!("subscriptions[{i}].role_assignments[{j}]");
            let principal = acc_ref(&st, &r.principal, || format!("{}.principal", at()))?;
            if st.account(principal).membership(dir).is_none() {
                return Err(bad(
                    format_args!("{}.principal", at()),
                    format!(
                        "{} is not a user of {} (I4)",
                        r.principal,
                        st.dir(dir).initial_domain
                    ),
                ));
            }
            let scope = match &r.scope {
                Scope::Subscription => ScopeId::SUBSCRIPTION,
                Scope::ResourceGroup(rg) => st.rgs.intern(rg),
            };
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
    }

    // Partner Center accounts.
    for (i, p) in partners.into_iter().enumerate() {
        let at = |field: &str| format!("partners[{i}].{field}");
        names::check_display_name("the name", &p.name).map_err(|r| bad(at("name"), r))?;
        if st.find_partner(&p.name).is_some() {
            return Err(bad(at("name"), format!("'{}' is listed twice", p.name)));
        }
        let dir = dir_ref(&st, &p.directory, || at("directory"))?;
        if st.dir(dir).partner.is_some() {
            return Err(bad(
                at("directory"),
                "the directory already belongs to another partner",
            ));
        }
        let admin = acc_ref(&st, &p.admin, || at("admin"))?;
        if st.account(admin).home() != Some(dir) {
            return Err(bad(
                at("admin"),
                "the partner's admin must be a work account of its directory",
            ));
        }
        st.insert_partner(Partner {
            name: p.name.into(),
            directory: dir,
            admin,
        });
    }

    // The event log: every reference must resolve.
    st.events.reserve(events.len());
    for (i, e) in events.into_iter().enumerate() {
        let event = resolve_event(&mut st, e, i)?;
        st.events.push(event);
    }
    Ok(st)
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

fn resolve_event(st: &mut State, e: Effect, i: usize) -> Result<Event> {
    let at = || format!("events[{i}]");
    let d = |st: &State, r: &str| dir_ref(st, r, at);
    let a = |st: &State, r: &str| acc_ref(st, r, at);
    let s = |st: &State, r: &str| sub_ref(st, r, at);
    Ok(match e {
        Effect::DirectoryCreated { directory } => Event::DirectoryCreated(d(st, &directory)?),
        Effect::AccountCreated { account } => Event::AccountCreated(a(st, &account)?),
        Effect::UserAdded {
            directory,
            account,
            kind,
        } => Event::UserAdded {
            dir: d(st, &directory)?,
            acc: a(st, &account)?,
            kind,
        },
        Effect::DirectoryRoleAssigned {
            directory,
            account,
            role,
        } => Event::DirectoryRoleAssigned {
            dir: d(st, &directory)?,
            acc: a(st, &account)?,
            role,
        },
        Effect::DirectoryRoleRemoved {
            directory,
            account,
            role,
        } => Event::DirectoryRoleRemoved {
            dir: d(st, &directory)?,
            acc: a(st, &account)?,
            role,
        },
        Effect::DomainAdded { directory, domain } => {
            names::check_domain(&domain).map_err(|r| bad(at(), r))?;
            Event::DomainAdded {
                dir: d(st, &directory)?,
                domain: domain.to_ascii_lowercase().into(),
            }
        }
        Effect::SubscriptionCreated {
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
        Effect::SubscriptionMoved {
            subscription,
            from,
            to,
        } => Event::SubscriptionMoved {
            sub: s(st, &subscription)?,
            from: d(st, &from)?,
            to: d(st, &to)?,
        },
        Effect::CoAdministratorAdded {
            subscription,
            account,
        } => Event::CoAdministratorAdded {
            sub: s(st, &subscription)?,
            acc: a(st, &account)?,
        },
        Effect::CoAdministratorRemoved {
            subscription,
            account,
        } => Event::CoAdministratorRemoved {
            sub: s(st, &subscription)?,
            acc: a(st, &account)?,
        },
        Effect::RoleAssignmentAdded {
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
                scope: intern(st, &scope),
            }
        }
        Effect::RoleAssignmentRemoved {
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
                scope: intern(st, &scope),
            }
        }
        Effect::ServiceAdministratorChanged {
            subscription,
            from,
            to,
        } => Event::ServiceAdministratorChanged {
            sub: s(st, &subscription)?,
            from: a(st, &from)?,
            to: a(st, &to)?,
        },
        Effect::PartnerCreated { partner, directory } => {
            let p = st
                .find_partner(&partner)
                .ok_or_else(|| bad(at(), format!("no partner '{partner}'")))?;
            Event::PartnerCreated {
                partner: p,
                dir: d(st, &directory)?,
            }
        }
    })
}

fn intern(st: &mut State, scope: &Scope) -> ScopeId {
    match scope {
        Scope::Subscription => ScopeId::SUBSCRIPTION,
        Scope::ResourceGroup(rg) => st.rgs.intern(rg),
    }
}

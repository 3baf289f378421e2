//! One self-contained HTML page of a tenancy: its directories, management
//! groups and subscriptions, and the principals that can manage each, with
//! the grant chain on each edge (direct, through a group, inherited,
//! elevated, GDAP, Lighthouse). Orphaned subscriptions, and subscriptions
//! whose move would break what cannot be recovered, stand out; a search box
//! and a directory filter keep a large tenant usable; each subscription's
//! panel shows `who_can_manage`, its move impact and its restore plan.
//!
//! The page needs no network when viewed: the data (core's records, as the
//! bindings return them), the script and the styles are inline. The
//! picture is laid out by the page's own script, in layers (directory,
//! management groups, subscription, principal) with principals ordered by
//! the mean position of the subscriptions they manage — a layered graph
//! whose layers are known needs no general graph-layout library, and the
//! layout is redone for what the search and filter leave visible.
//!
//! Every answer comes from core's queries: the report decides nothing.
//!
//! ```
//! let t = tenantry::Tenancy::with_seed(1);
//! let page = tenantry_report::html(&t)?;
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! # Ok::<(), tenantry::Error>(())
//! ```

#![warn(missing_docs)]

use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use tenantry::record::{Directory, ImpactRow, Manager, MoveImpact, RestorePlan, Subscription};
use tenantry::{SubscriptionKind, Tenancy};

/// How many other directories each Azure subscription's move is assessed
/// against (the first ones of the snapshot, oldest first).
pub const MOVE_TARGETS: usize = 2;

/// How many of a move's blocking refusals, and of its restore plan's
/// unmapped principals, the page keeps (it says how many there are): a
/// subscription with hundreds of would-be movers would otherwise repeat the
/// same refusal hundreds of times. `tenantry impact` gives them all.
pub const KEEP: usize = 5;

/// Everything the page shows, as it is embedded in it.
#[derive(Debug, Serialize)]
pub struct Data {
    /// The rules the snapshot follows.
    pub profile: String,
    /// Every directory, oldest first, with its management groups.
    pub directories: Vec<DirectoryData>,
    /// Every subscription, in the snapshot's order.
    pub subscriptions: Vec<SubscriptionData>,
    /// How many other directories each move is assessed against.
    pub move_targets: usize,
    /// The pages Microsoft's impact table comes from.
    pub sources: Vec<String>,
}

/// A directory and its management groups.
#[derive(Debug, Serialize)]
pub struct DirectoryData {
    /// The directory's record.
    #[serde(flatten)]
    pub directory: Directory,
    /// Its management groups below the tenant root group, parents first.
    pub management_groups: Vec<ManagementGroupData>,
}

/// A management group.
#[derive(Debug, Serialize)]
pub struct ManagementGroupData {
    /// Its ARM name.
    pub name: String,
    /// Its display name.
    pub display_name: String,
    /// The group it sits under; `None` under the tenant root group.
    pub parent: Option<String>,
}

/// A subscription, who can manage it, and what moving it would do.
#[derive(Debug, Serialize)]
pub struct SubscriptionData {
    /// The subscription's record.
    #[serde(flatten)]
    pub subscription: Subscription,
    /// Whether it sits directly under its directory's tenant root group.
    pub under_root: bool,
    /// No Owner at its scope or above (an Azure subscription nobody can
    /// fully manage until a Global Administrator elevates, N1).
    pub orphaned: bool,
    /// `who_can_manage`: one entry per grant.
    pub managers: Vec<Manager>,
    /// Each manager's grant as the picture draws it, in the same order.
    pub grants: Vec<Grant>,
    /// What a move to each of the first other directories would do.
    pub moves: Vec<MoveData>,
    /// Core's `move_inventory`: what a move to any directory does to what
    /// the subscription holds (empty for Office 365).
    pub inventory: Vec<ImpactRow>,
    /// The services of `inventory` whose objects a move would break beyond
    /// recovery (Microsoft's table says so).
    pub unrecoverable: Vec<String>,
}

/// How a grant reaches a manager: the kind its edge is drawn as, and the
/// chain in core's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// `direct`, `group`, `inherited`, `elevated`, `gdap`, `lighthouse` or
    /// `classic` (a classic administrator's role).
    pub kind: &'static str,
    /// The chain, one step after another (`through group:Ops@… > inherited
    /// from /`), or `direct`.
    pub chain: String,
}

impl Grant {
    fn of(m: &tenantry::query::Manager) -> Grant {
        use tenantry::model::ManageReason as R;
        use tenantry::query::{Reason, Via};
        let has = |f: fn(&Via) -> bool| m.via.iter().any(f);
        let kind = if has(|v| matches!(v, Via::Lighthouse(_))) {
            "lighthouse"
        } else if has(|v| matches!(v, Via::Gdap(_))) {
            "gdap"
        } else if has(|v| matches!(v, Via::Elevated(_))) {
            "elevated"
        } else if has(|v| matches!(v, Via::Scope(_))) {
            "inherited"
        } else if has(|v| matches!(v, Via::Group(_))) {
            "group"
        } else if matches!(
            m.reason,
            Reason::Is(R::AccountAdministrator | R::ServiceAdministrator | R::CoAdministrator)
        ) {
            "classic"
        } else {
            "direct"
        };
        let chain = if m.via.is_empty() {
            "direct".to_owned()
        } else {
            m.via
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" > ")
        };
        Grant { kind, chain }
    }
}

/// A move of one subscription to one other directory: core's move impact
/// and restore plan, the first [`KEEP`] blocking refusals and unmapped
/// principals kept (with their totals), the impact's effects and sources
/// left out (the sources are the page's).
#[derive(Debug, Serialize)]
pub struct MoveData {
    /// The target directory.
    pub to: String,
    /// Core's move impact.
    pub impact: MoveImpact,
    /// How many blocking refusals there are in all.
    pub blocking_total: usize,
    /// Core's restore plan.
    pub restore: RestorePlan,
    /// How many principals cannot be mapped in all.
    pub unmapped_total: usize,
}

impl MoveData {
    fn new(to: &str, mut impact: MoveImpact, mut restore: RestorePlan) -> MoveData {
        let blocking_total = impact.blocking.len();
        impact.blocking.truncate(KEEP);
        impact.effects.clear();
        impact.sources.clear();
        let unmapped_total = restore.unmapped.len();
        restore.unmapped.truncate(KEEP);
        MoveData {
            to: to.to_owned(),
            impact,
            blocking_total,
            restore,
            unmapped_total,
        }
    }
}

/// What the page shows of `t`: every answer core's, or core's error.
pub fn data(t: &Tenancy) -> tenantry::Result<Data> {
    let mut directories = Vec::new();
    let mut orphaned: HashSet<String> = HashSet::new();
    for d in t.directories() {
        let domain = d.initial_domain.to_owned();
        let management_groups = t
            .management_groups(&domain)?
            .into_iter()
            .map(|mg| ManagementGroupData {
                name: mg.name.to_owned(),
                display_name: mg.display_name.to_owned(),
                parent: mg.parent.map(str::to_owned),
            })
            .collect();
        orphaned.extend(
            t.orphaned_subscriptions(&domain)?
                .into_iter()
                .map(|id| id.to_string()),
        );
        directories.push(DirectoryData {
            directory: d.into(),
            management_groups,
        });
    }
    let mut subscriptions = Vec::with_capacity(t.subscriptions().len());
    for view in t.subscriptions() {
        let azure = view.kind == SubscriptionKind::Azure;
        let s = Subscription::from(view);
        let grants_of = t.who_can_manage(&s.id)?;
        let grants = grants_of.iter().map(Grant::of).collect();
        let managers = grants_of.into_iter().map(Manager::from).collect();
        let tenant = directories
            .iter()
            .find(|d| d.directory.initial_domain == s.directory)
            .map(|d| d.directory.id.as_str());
        let mut moves = Vec::new();
        let mut inventory = Vec::new();
        if azure {
            inventory = t.move_inventory(&s.id)?;
            let targets = directories
                .iter()
                .map(|d| d.directory.initial_domain.as_str())
                .filter(|d| *d != s.directory)
                .take(MOVE_TARGETS);
            for to in targets {
                let impact = t.move_impact(&s.id, to)?;
                let restore = t.restore_plan(&s.id, to)?;
                moves.push(MoveData::new(to, impact, restore));
            }
        }
        let unrecoverable = inventory
            .iter()
            .filter(|r| !r.recoverable && !r.objects.is_empty())
            .map(|r| r.service.clone())
            .collect();
        subscriptions.push(SubscriptionData {
            under_root: s.management_group.is_some() && s.management_group.as_deref() == tenant,
            orphaned: orphaned.contains(&s.id),
            subscription: s,
            managers,
            grants,
            moves,
            inventory,
            unrecoverable,
        });
    }
    Ok(Data {
        profile: t.profile().as_str().to_owned(),
        directories,
        subscriptions,
        move_targets: MOVE_TARGETS,
        sources: tenantry::impact::table::SOURCES
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    })
}

const PAGE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The page: one HTML document with its data, script and styles inline.
pub fn html(t: &Tenancy) -> tenantry::Result<String> {
    Ok(page(&data(t)?))
}

/// The page of already gathered data.
pub fn page(data: &Data) -> String {
    // Inside <script type="application/json">, only `</script` could end
    // the element early: every `<` (which JSON has only inside strings)
    // becomes its escape, and `>` and `&` too, for good measure.
    let json = serde_json::to_string(data)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let title = format!(
        "tenantry: who can manage what ({} directories, {} subscriptions)",
        data.directories.len(),
        data.subscriptions.len()
    );
    PAGE.replace("{{TITLE}}", &escape(&title))
        .replace("{{STYLE}}", STYLE)
        .replace("{{SCRIPT}}", SCRIPT)
        .replace("{{DATA}}", &json)
}

/// Writes the page to `path` atomically (`IO_ERROR` naming the path on
/// failure; the old file stays).
pub fn write(t: &Tenancy, path: &Path) -> tenantry::Result<()> {
    let page = html(t)?;
    tenantry::write_atomically(path, |out| out.write_all(page.as_bytes()))
}

/// Text made safe for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

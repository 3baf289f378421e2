//! `tenantry show` and `tenantry who-can-manage`: what a snapshot holds,
//! and who can manage a subscription through what — as tables, or
//! (`--json`) the records every binding returns.

use crate::exit::Failure;
use crate::files::load_snapshot;
use crate::output::{chain, json, table};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use tenantry::record::{Directory, Manager, Subscription, User};
use tenantry::Tenancy;

/// What `tenantry show` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Part {
    /// The directories.
    Directories,
    /// The subscriptions.
    Subscriptions,
    /// The users of each directory, with their directory roles.
    Users,
}

/// `tenantry show`.
#[derive(Debug, clap::Args)]
pub(crate) struct ShowArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// Only this directory (initial domain, verified domain or tenant id)
    /// and its subscriptions and users.
    #[arg(long)]
    directory: Option<String>,
    /// Only these parts (repeat, or separate with commas); all three when
    /// left out.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<Part>,
    /// Only subscriptions and users whose name contains this text (any
    /// case).
    #[arg(long)]
    matching: Option<String>,
    /// Print the records as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// `tenantry who-can-manage`.
#[derive(Debug, clap::Args)]
pub(crate) struct ManageArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// The subscription's id.
    subscription: String,
    /// Print the records as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// One user of a directory: the `users_of` entry and its `user` record.
#[derive(Debug, Serialize)]
struct DirectoryUser {
    directory: String,
    account: String,
    #[serde(flatten)]
    user: User,
}

/// What `show --json` prints: each part asked for, as the bindings'
/// records.
#[derive(Debug, Default, Serialize)]
struct Shown {
    #[serde(skip_serializing_if = "Option::is_none")]
    directories: Option<Vec<Directory>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscriptions: Option<Vec<Subscription>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    users: Option<Vec<DirectoryUser>>,
}

fn gather(t: &Tenancy, args: &ShowArgs) -> Result<Shown, Failure> {
    let wants = |p: Part| args.only.is_empty() || args.only.contains(&p);
    let directories: Vec<Directory> = match &args.directory {
        Some(d) => vec![t.directory(d)?.into()],
        None => t.directories().map(Directory::from).collect(),
    };
    let matches = |name: &str| {
        args.matching
            .as_deref()
            .map_or(true, |m| name.to_lowercase().contains(&m.to_lowercase()))
    };
    let mut shown = Shown::default();
    if wants(Part::Subscriptions) {
        let in_scope = |s: &Subscription| {
            directories.iter().any(|d| d.initial_domain == s.directory) && matches(&s.name)
        };
        shown.subscriptions = Some(
            t.subscriptions()
                .map(Subscription::from)
                .filter(in_scope)
                .collect(),
        );
    }
    if wants(Part::Users) {
        let mut users = Vec::new();
        for d in &directories {
            for account in t.users_of(&d.initial_domain)? {
                if !matches(account) {
                    continue;
                }
                if let Some(user) = t.user(&d.initial_domain, account)? {
                    users.push(DirectoryUser {
                        directory: d.initial_domain.clone(),
                        account: account.to_owned(),
                        user: user.into(),
                    });
                }
            }
        }
        shown.users = Some(users);
    }
    if wants(Part::Directories) {
        shown.directories = Some(directories);
    }
    Ok(shown)
}

pub(crate) fn show(args: &ShowArgs) -> Result<Option<String>, Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let shown = gather(&t, args)?;
    if args.json {
        return json(&shown);
    }
    let mut out = format!("{} rules\n", t.profile());
    if let Some(dirs) = &shown.directories {
        writeln!(out, "\nDirectories ({}):", dirs.len()).ok();
        let mut tb = table(&[
            "Directory",
            "Name",
            "Tenant id",
            "Users",
            "Subscriptions",
            "Origin",
        ]);
        for d in dirs {
            let mut domains = vec![d.initial_domain.clone()];
            domains.extend(d.verified_domains.iter().cloned());
            tb.add_row([
                domains.join("\n"),
                d.name.clone(),
                d.id.clone(),
                d.users.to_string(),
                d.subscriptions.to_string(),
                match &d.partner {
                    Some(p) => format!("{} (partner {p})", d.origin),
                    None => d.origin.clone(),
                },
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    if let Some(subs) = &shown.subscriptions {
        writeln!(out, "\nSubscriptions ({}):", subs.len()).ok();
        let mut tb = table(&[
            "Subscription",
            "Id",
            "Kind",
            "Directory",
            "Owner",
            "Administered by",
        ]);
        for s in subs {
            let owner = match (&s.owner.user, &s.owner.directory) {
                (Some(u), _) => u.clone(),
                (_, Some(d)) => format!("directory {d}"),
                _ => "unknown (imported)".into(),
            };
            let mut admin = Vec::new();
            if let Some(sa) = &s.service_administrator {
                admin.push(format!("service administrator {sa}"));
            }
            for co in s.co_administrators.iter().flatten() {
                admin.push(format!("co-administrator {co}"));
            }
            if let Some(mg) = &s.management_group {
                admin.push(format!("under management group {mg}"));
            }
            let kind = match (&s.offer, &s.plan, s.seats) {
                (Some(offer), _, _) => format!("{} ({offer})", s.kind),
                (_, Some(plan), Some(seats)) => format!("{} ({plan}, {seats} seats)", s.kind),
                _ => s.kind.clone(),
            };
            tb.add_row([
                s.name.clone(),
                s.id.clone(),
                kind,
                s.directory.clone(),
                owner,
                admin.join("\n"),
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    if let Some(users) = &shown.users {
        writeln!(out, "\nUsers ({}):", users.len()).ok();
        let mut tb = table(&["Directory", "Account", "Kind", "Directory roles"]);
        for u in users {
            tb.add_row([
                u.directory.clone(),
                u.account.clone(),
                u.user.kind.clone(),
                u.user.roles.join(", "),
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    Ok(Some(out.trim_end().to_owned()))
}

pub(crate) fn who_can_manage(args: &ManageArgs) -> Result<Option<String>, Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let managers: Vec<Manager> = t
        .who_can_manage(&args.subscription)?
        .into_iter()
        .map(Manager::from)
        .collect();
    if args.json {
        return json(&managers);
    }
    let sub = t.subscription(&args.subscription)?;
    let mut out = format!(
        "Who can manage {} ({}, in {}; {} rules): {}\n",
        sub.name,
        sub.id,
        sub.directory,
        t.profile(),
        match managers.len() {
            0 => "nobody".to_owned(),
            1 => "one grant".to_owned(),
            n => format!("{n} grants"),
        }
    );
    if !managers.is_empty() {
        let mut tb = table(&["Account", "Why", "Through", "Condition"]);
        for m in &managers {
            let via = m.via.as_deref().map(chain).unwrap_or_default();
            tb.add_row([
                m.account.clone(),
                m.reason.clone(),
                if via.is_empty() { "direct".into() } else { via },
                m.condition.clone().unwrap_or_default(),
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    Ok(Some(out.trim_end().to_owned()))
}

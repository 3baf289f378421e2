//! `tenantry diff A B`: what changed between two snapshots (typically two
//! imports of the same tenant) — core's `diff`, as tables or (`--json`)
//! the record every binding returns.

use crate::exit::Failure;
use crate::files::load_snapshot;
use crate::output::{grant, json, table};
use std::fmt::Write as _;
use std::path::PathBuf;
use tenantry::record::{Diff, Manager};

/// `tenantry diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The earlier snapshot (a path, or `-` for standard input).
    before: PathBuf,
    /// The later snapshot.
    after: PathBuf,
    /// Print the record as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args) -> Result<Option<String>, Failure> {
    if args.before.as_os_str() == "-" && args.after.as_os_str() == "-" {
        return Err(Failure::Usage(
            "only one of the two snapshots can come from standard input".into(),
        ));
    }
    let before = load_snapshot(&args.before)?;
    let after = load_snapshot(&args.after)?;
    let diff = before.diff(&after);
    if args.json {
        return json(&diff);
    }
    Ok(Some(text(&diff)))
}

/// A manager's grants, one line each.
fn grants(list: &[Manager]) -> String {
    list.iter().map(grant).collect::<Vec<_>>().join("\n")
}

fn text(d: &Diff) -> String {
    if d.access.is_empty() && d.changes.is_empty() {
        return "No changes.".into();
    }
    let mut out = String::new();
    if d.access.is_empty() {
        writeln!(
            out,
            "Nobody gained or lost the ability to manage a subscription."
        )
        .ok();
    } else {
        writeln!(out, "Who can manage what changed ({}):", d.access.len()).ok();
        let mut t = table(&["Subscription", "Account", "Change", "Before", "After"]);
        for a in &d.access {
            t.add_row([
                a.subscription.clone(),
                a.account.clone(),
                a.change.clone(),
                grants(&a.before),
                grants(&a.after),
            ]);
        }
        writeln!(out, "{t}").ok();
    }
    if !d.changes.is_empty() {
        writeln!(out, "\n{} changes:", d.changes.len()).ok();
        let mut t = table(&["Kind", "Change", "Object", "Before", "After"]);
        for c in &d.changes {
            t.add_row([
                c.kind.clone(),
                c.change.clone(),
                c.object.clone(),
                c.before.clone().unwrap_or_default(),
                c.after.clone().unwrap_or_default(),
            ]);
        }
        writeln!(out, "{t}").ok();
    }
    out.trim_end().to_owned()
}

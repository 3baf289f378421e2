//! `tenantry impact` and `tenantry restore-plan`: before moving a
//! subscription to another directory, what the move would do and how to
//! put back what it deletes — core's `move_impact` and `restore_plan`, as
//! tables or (`--json`) the records every binding returns.

use crate::exit::Failure;
use crate::files::load_snapshot;
use crate::output::{json, table};
use std::fmt::Write as _;
use std::path::PathBuf;
use tenantry::record::{MoveImpact, RestorePlan};

/// `tenantry impact`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImpactArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// The subscription's id.
    #[arg(long)]
    subscription: String,
    /// The directory it would move to (initial domain, verified domain or
    /// tenant id).
    #[arg(long)]
    directory: String,
    /// Print the record as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// `tenantry restore-plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct RestoreArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// The subscription's id.
    #[arg(long)]
    subscription: String,
    /// The directory it would move to.
    #[arg(long)]
    directory: String,
    /// Print the record as JSON instead of tables.
    #[arg(long, conflicts_with = "az")]
    json: bool,
    /// Print only the steps as `az` commands, one per line (a script to
    /// run after the move).
    #[arg(long)]
    az: bool,
}

pub(crate) fn impact(args: &ImpactArgs) -> Result<Option<String>, Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let report = t.move_impact(&args.subscription, &args.directory)?;
    if args.json {
        return json(&report);
    }
    Ok(Some(impact_text(&report)))
}

pub(crate) fn restore(args: &RestoreArgs) -> Result<Option<String>, Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let plan = t.restore_plan(&args.subscription, &args.directory)?;
    if args.json {
        return json(&plan);
    }
    if args.az {
        let mut out = String::new();
        for s in &plan.steps {
            match &s.az {
                Some(az) => writeln!(out, "{az}"),
                None => writeln!(
                    out,
                    "# {} {}: no az command (the portal only)",
                    s.operation, s.restores
                ),
            }
            .ok();
        }
        return Ok(Some(out.trim_end().to_owned()));
    }
    Ok(Some(restore_text(&plan)))
}

/// The report: who can move it and what blocks it first, then every
/// affected object.
fn impact_text(r: &MoveImpact) -> String {
    let mut out = format!(
        "Moving subscription {} from {} to {} ({} rules)\n",
        r.subscription, r.from, r.to, r.profile
    );
    if r.blocking.is_empty() {
        let movers = r.movers.join(", ");
        writeln!(
            out,
            "Nothing blocks it. Who can make the move (R6): {movers}"
        )
        .ok();
    } else {
        writeln!(out, "\nBlocked:").ok();
        let mut t = table(&["Code", "Rule", "Why", "What to do"]);
        for b in &r.blocking {
            t.add_row([
                b.code.clone().unwrap_or_default(),
                b.rule.clone().unwrap_or_default(),
                b.message.clone(),
                b.hint.clone().unwrap_or_default(),
            ]);
        }
        writeln!(out, "{t}").ok();
    }
    if !r.requesters.is_empty() {
        writeln!(
            out,
            "May ask for the two-party move (N4): {}",
            r.requesters.join(", ")
        )
        .ok();
    }
    if r.rows.is_empty() {
        writeln!(out, "\nNothing is affected.").ok();
    } else {
        let objects: usize = r.rows.iter().map(|row| row.objects.len()).sum();
        let lost: usize = r
            .rows
            .iter()
            .filter(|row| !row.recoverable)
            .map(|row| row.objects.len())
            .sum();
        writeln!(
            out,
            "\n{objects} affected objects, {lost} of them not recoverable:"
        )
        .ok();
        let mut t = table(&[
            "Service or resource",
            "Objects",
            "Recoverable",
            "What to do",
        ]);
        for row in &r.rows {
            let objects: Vec<String> = row
                .objects
                .iter()
                .map(|o| match &o.detail {
                    Some(d) => format!("{} ({d})", o.object),
                    None => o.object.clone(),
                })
                .collect();
            t.add_row([
                format!("{}\n{}", row.service, row.impact),
                objects.join("\n"),
                if row.recoverable { "yes" } else { "NO" }.to_owned(),
                row.remedy.clone(),
            ]);
        }
        writeln!(out, "{t}").ok();
    }
    writeln!(out, "Source: {}", r.sources.join("; ")).ok();
    out.trim_end().to_owned()
}

fn restore_text(p: &RestorePlan) -> String {
    let mut out = format!(
        "Restoring in {} what moving subscription {} there deletes: {} steps, {} that cannot be mapped\n",
        p.directory,
        p.subscription,
        p.steps.len(),
        p.unmapped.len()
    );
    if !p.steps.is_empty() {
        let mut t = table(&["#", "Operation", "Re-creates", "As"]);
        for (n, s) in p.steps.iter().enumerate() {
            let target = match s.operation.as_str() {
                "create_custom_role" => format!(
                    "{} in {}",
                    s.name.clone().unwrap_or_default(),
                    s.directory.clone().unwrap_or_default()
                ),
                "add_co_administrator" => s.account.clone().unwrap_or_default(),
                _ => format!(
                    "{} {} at {}",
                    s.principal.clone().unwrap_or_default(),
                    s.role.clone().unwrap_or_default(),
                    s.scope
                        .clone()
                        .or_else(|| s
                            .resource_group
                            .clone()
                            .map(|rg| format!("resource_group:{rg}")))
                        .unwrap_or_else(|| "subscription".into())
                ),
            };
            t.add_row([
                (n + 1).to_string(),
                s.operation.clone(),
                s.restores.clone(),
                target,
            ]);
        }
        writeln!(out, "{t}").ok();
        writeln!(out, "As az commands: tenantry restore-plan ... --az").ok();
    }
    if !p.unmapped.is_empty() {
        writeln!(out, "\nCannot be mapped:").ok();
        let mut t = table(&["Principal", "Deleted", "Why, and what to do"]);
        for u in &p.unmapped {
            t.add_row([u.principal.clone(), u.restores.clone(), u.reason.clone()]);
        }
        writeln!(out, "{t}").ok();
    }
    out.trim_end().to_owned()
}

//! `tenantry profile`: a snapshot re-evaluated under the other rules —
//! under `current`, Microsoft's conversion of the classic administrators
//! (December 2025) applied — with what that changes: who became an Owner,
//! who gained or lost the ability to manage what, and each operation the
//! two profiles decide differently.

use crate::exit::Failure;
use crate::files::{check_output, load_snapshot};
use crate::output::{json, table};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;
use tenantry::record::{Diff, RetirementReport};
use tenantry::Profile;

/// The profile to re-evaluate under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Rules {
    /// The documented 2015–2020 rules of the source documents.
    Classic,
    /// Microsoft's rules today.
    Current,
}

/// `tenantry profile`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The profile to re-evaluate under.
    #[arg(value_enum)]
    profile: Rules,
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// Save the re-evaluated snapshot here.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the records as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// What `profile --json` prints.
#[derive(Debug, Serialize)]
struct Reevaluated {
    from: String,
    to: String,
    /// Who can manage what, and the objects the conversion changed.
    diff: Diff,
    /// What the classic administrators' retirement changes (the same
    /// whichever way the switch goes).
    retirement: RetirementReport,
}

pub(crate) fn run(args: &Args) -> Result<Option<String>, Failure> {
    if let Some(out) = &args.out {
        check_output(out, &args.snapshot, true)?;
    }
    let before = load_snapshot(&args.snapshot)?;
    let to = match args.profile {
        Rules::Classic => Profile::Classic,
        Rules::Current => Profile::Current,
    };
    let after = before.with_profile(to);
    let result = Reevaluated {
        from: before.profile().as_str().into(),
        to: to.as_str().into(),
        diff: before.diff(&after),
        retirement: before.retirement_report().into(),
    };
    if let Some(out) = &args.out {
        after.save(out)?;
    }
    if args.json {
        return json(&result);
    }
    let mut out = format!(
        "Re-evaluated from {} to {} rules.\n",
        result.from, result.to
    );
    if result.from == result.to {
        writeln!(out, "The snapshot already follows them: nothing changes.").ok();
        if let Some(path) = &args.out {
            writeln!(out, "Saved to {}", path.display()).ok();
        }
        return Ok(Some(out.trim_end().to_owned()));
    }
    let converted = &result.retirement.converted;
    if to == Profile::Current && before.profile() == Profile::Classic && !converted.is_empty() {
        writeln!(
            out,
            "\nThe conversion of December 2025 (classic administrators become Owners):"
        )
        .ok();
        let mut tb = table(&["Subscription", "Account", "Was", "Already an Owner"]);
        for c in converted {
            tb.add_row([
                c.subscription.clone(),
                c.account.clone(),
                c.roles.join(", "),
                if c.already_owner { "yes" } else { "no" }.into(),
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    if !result.diff.access.is_empty() {
        writeln!(out, "\nWho can manage what changes:").ok();
        let mut tb = table(&["Subscription", "Account", "Change"]);
        for a in &result.diff.access {
            tb.add_row([a.subscription.clone(), a.account.clone(), a.change.clone()]);
        }
        writeln!(out, "{tb}").ok();
    }
    let differences = &result.retirement.differences;
    if !differences.is_empty() {
        writeln!(
            out,
            "\nOperations the two profiles decide differently ({}):",
            differences.len()
        )
        .ok();
        let mut tb = table(&["Account", "Operation", "Subscription", "Classic", "Current"]);
        let verdict = |d: &tenantry::record::Decision| match &d.code {
            None => "allowed".to_owned(),
            Some(code) => format!("refused: {code}"),
        };
        for d in differences {
            tb.add_row([
                d.account.clone(),
                d.operation.clone(),
                d.subscription.clone().unwrap_or_default(),
                verdict(&d.classic),
                verdict(&d.current),
            ]);
        }
        writeln!(out, "{tb}").ok();
    }
    if let Some(path) = &args.out {
        writeln!(out, "Saved to {}", path.display()).ok();
    }
    Ok(Some(out.trim_end().to_owned()))
}

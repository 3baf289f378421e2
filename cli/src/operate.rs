//! `tenantry can`, `tenantry plan` and `tenantry apply`: an operation of
//! core's table, named with its arguments in FORMAT.md's vocabulary,
//! decided, planned as a dry run, or applied and saved.

use crate::exit::Failure;
use crate::files::{check_output, load_snapshot};
use crate::operation::OperationCall;
use crate::output::{json, table};
use std::fmt::Write as _;
use std::path::PathBuf;
use tenantry::record::{Decision, Outcome};
use tenantry::{Operation, Tenancy};

/// `tenantry can`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when the operation would be applied, 1 when it would be refused (the decision, on standard output, says why), 2 on bad usage."
)]
pub(crate) struct CanArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// The signed-in account asking (FORMAT.md's `as`).
    account: String,
    /// Print the decision as JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    operation: OperationCall,
}

/// `tenantry plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// Print the outcome as JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    operation: OperationCall,
}

/// `tenantry apply`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "--out FILE is required (it may follow the operation's arguments). Exit status: 0 when applied and saved, 1 when refused (nothing is written), 2 on bad usage."
)]
pub(crate) struct ApplyArgs {
    /// The snapshot (a path, or `-` for standard input).
    snapshot: PathBuf,
    /// Where to save the snapshot after the operation (may be the input's
    /// path: it is replaced atomically). Nothing is written if the
    /// operation is refused.
    #[arg(long, global = true, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the outcome as JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    operation: OperationCall,
}

fn operation(call: &OperationCall, actor: Option<&str>) -> Result<Operation, Failure> {
    call.build(actor).map_err(Failure::Usage)
}

/// The decision, and whether it allows the operation (the exit status).
pub(crate) fn can(args: &CanArgs) -> Result<(Option<String>, bool), Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let op = operation(&args.operation, Some(&args.account))?;
    let decision = Decision::from(t.can(&op));
    let allowed = decision.allowed;
    if args.json {
        return Ok((json(&decision)?, allowed));
    }
    let mut out = format!(
        "May {} {}? {}\n",
        args.account,
        op.describe(),
        if allowed { "Yes." } else { "No." }
    );
    let mut tb = table(&["Rule", "Code", "Why", "What to do instead"]);
    tb.add_row([
        decision.rule.clone().unwrap_or_else(|| "none".into()),
        decision.code.clone().unwrap_or_default(),
        decision.message.clone(),
        decision.hint.clone().unwrap_or_default(),
    ]);
    writeln!(out, "{tb}").ok();
    Ok((Some(out.trim_end().to_owned()), allowed))
}

pub(crate) fn plan(args: &PlanArgs) -> Result<Option<String>, Failure> {
    let t = load_snapshot(&args.snapshot)?;
    let op = operation(&args.operation, None)?;
    let outcome = t.plan(&op)?;
    if args.json {
        return json(&Outcome::from(outcome));
    }
    Ok(Some(effects_text(
        &format!("Planned (nothing changed): {}", op.describe()),
        &outcome,
    )))
}

pub(crate) fn apply(args: &ApplyArgs) -> Result<Option<String>, Failure> {
    let Some(out) = &args.out else {
        return Err(Failure::Usage(
            "apply saves the changed snapshot: give --out FILE (it may be the input's path)".into(),
        ));
    };
    check_output(out, &args.snapshot, true)?;
    let mut t: Tenancy = load_snapshot(&args.snapshot)?;
    let op = operation(&args.operation, None)?;
    let outcome = t.apply(&op)?;
    t.save(out)?;
    if args.json {
        return json(&Outcome::from(outcome));
    }
    let mut text = effects_text(&format!("Applied: {}", op.describe()), &outcome);
    write!(text, "\nSaved to {}", out.display()).ok();
    Ok(Some(text))
}

/// The effects, one row each, as core words them.
fn effects_text(title: &str, outcome: &tenantry::Outcome) -> String {
    let mut out = format!("{title}\n");
    if let Some(sub) = outcome.subscription {
        writeln!(out, "New subscription: {sub}").ok();
    }
    if outcome.effects.is_empty() {
        writeln!(out, "No effects.").ok();
    } else {
        let mut tb = table(&["#", "Effect"]);
        for (n, e) in outcome.effects.iter().enumerate() {
            tb.add_row([(n + 1).to_string(), e.to_string()]);
        }
        writeln!(out, "{tb}").ok();
    }
    out.trim_end().to_owned()
}

//! `tenantry scenario` and `tenantry walkthrough`: the conformance runner
//! over scenario files (FORMAT.md), and the walkthrough of the five source
//! documents; each may save its final state as a snapshot.

use crate::exit::Failure;
use crate::files::{check_output, not_stdin};
use crate::output::json;
use serde::Serialize;
use std::path::PathBuf;
use tenantry::scenario;

/// `tenantry scenario`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when every scenario passed, 1 when one failed or could not be read, 2 on bad usage (no scenario files)."
)]
pub(crate) struct ScenarioArgs {
    /// Scenario files, or directories of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Save the final state as a snapshot (one scenario file only; only
    /// when it passes).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print the reports as JSON.
    #[arg(long)]
    json: bool,
}

/// `tenantry walkthrough`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 when every step behaved as the documents describe, else 1.")]
pub(crate) struct WalkthroughArgs {
    /// Save the final state (under the current profile) as a snapshot,
    /// when every step behaved as the documents describe.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// One scenario's report, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Ran {
    path: Option<String>,
    scenario: String,
    passed: bool,
    steps_passed: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<Failed>,
}

#[derive(Debug, Serialize)]
struct Failed {
    step: Option<usize>,
    what: String,
    reason: String,
    invalid: bool,
}

impl From<&scenario::Report> for Ran {
    fn from(r: &scenario::Report) -> Self {
        Ran {
            path: r.path.as_ref().map(|p| p.display().to_string()),
            scenario: r.scenario.clone(),
            passed: r.passed(),
            steps_passed: r.steps_passed,
            failure: r.failure.as_ref().map(|f| Failed {
                step: f.step,
                what: f.what.clone(),
                reason: f.reason.clone(),
                invalid: f.invalid,
            }),
        }
    }
}

/// The reports' text (or JSON), and whether every scenario passed.
pub(crate) fn run(args: &ScenarioArgs) -> Result<(Option<String>, bool), Failure> {
    let files = scenario::collect(&args.paths);
    if files.is_empty() {
        return Err(Failure::Usage(
            "no scenario files (*.json) at the paths given".into(),
        ));
    }
    let reports: Vec<scenario::Report> = match &args.out {
        Some(out) => {
            let [file] = files.as_slice() else {
                return Err(Failure::Usage(format!(
                    "--out saves one scenario's final state, but {} files were given",
                    files.len()
                )));
            };
            check_output(out, file, false)?;
            let (report, t) = scenario::play_file(file);
            if report.passed() {
                t.save(out)?;
            }
            vec![report]
        }
        None => files.iter().map(|f| scenario::run_file(f)).collect(),
    };
    let passed = reports.iter().filter(|r| r.passed()).count();
    let all = passed == reports.len();
    if args.json {
        let ran: Vec<Ran> = reports.iter().map(Ran::from).collect();
        return Ok((json(&ran)?, all));
    }
    let mut out: Vec<String> = reports.iter().map(ToString::to_string).collect();
    out.push(format!(
        "{passed} passed, {} failed",
        reports.len() - passed
    ));
    if let (Some(path), true) = (&args.out, all) {
        out.push(format!("Final state saved to {}", path.display()));
    }
    Ok((Some(out.join("\n")), all))
}

/// Tells the walkthrough (on standard output as it goes); saves the final
/// state if every step behaved as the documents describe, which is the
/// answer.
pub(crate) fn walkthrough(args: &WalkthroughArgs) -> Result<(Option<String>, bool), Failure> {
    if let Some(out) = &args.out {
        not_stdin(out)?;
    }
    let told = tenantry_examples::story::tell();
    let behaved = told.problems.is_empty();
    match &args.out {
        Some(out) if behaved => {
            told.tenancy.save(out)?;
            Ok((
                Some(format!("Final state saved to {}", out.display())),
                true,
            ))
        }
        Some(out) => Ok((
            Some(format!(
                "Not saved to {}: the steps above did not all behave as the documents describe",
                out.display()
            )),
            false,
        )),
        None => Ok((None, behaved)),
    }
}

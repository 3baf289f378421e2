//! `tenantry`: the command line of tenantry. Every subcommand reads a
//! snapshot (a path, or `-` for standard input) and asks core; `--json`
//! prints the records the bindings return.
//!
//! ```text
//! tenantry show SNAPSHOT [--directory D] [--only PARTS] [--json]
//! tenantry who-can-manage SNAPSHOT SUBSCRIPTION [--json]
//! tenantry can SNAPSHOT ACCOUNT OPERATION [--ARG VALUE ...] [--json]
//! tenantry plan SNAPSHOT OPERATION [--ARG VALUE ...] [--json]
//! tenantry apply SNAPSHOT OPERATION [--ARG VALUE ...] --out FILE [--json]
//! tenantry profile classic|current SNAPSHOT [--out FILE] [--json]
//! tenantry impact | restore-plan SNAPSHOT --subscription S --directory D
//! tenantry diff BEFORE AFTER
//! tenantry report SNAPSHOT --out report.html
//! tenantry scenario FILE... [--out FILE]
//! tenantry walkthrough [--out FILE]
//! tenantry import --out FILE (--token-env VAR | ...) [--report FILE]
//! tenantry serve (SNAPSHOT | --scenario FILE) --secret S [--port N] ...
//! tenantry completions bash|zsh|fish
//! ```
//!
//! Exit status: 0 on success, 1 with a one-line reason on failure (a
//! refusal: its code, rule, sentence and what to do instead), 2 on bad
//! usage. `can`, `scenario` and `walkthrough` exit 1 for "no". Nothing
//! secret is ever printed.

mod diff;
mod exit;
mod files;
mod import;
mod moves;
mod operate;
mod operation;
mod output;
mod profile;
mod report;
mod scenario;
mod serve;
mod show;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

/// Microsoft cloud tenancy, modelled: import live tenants and ask who owns
/// and who can manage what, what an operation would do, and what a move
/// would break.
#[derive(Debug, Parser)]
#[command(name = "tenantry", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The directories, subscriptions and users of a snapshot.
    Show(show::ShowArgs),
    /// Who can manage a subscription, and through what: direct, through a
    /// group, inherited from a management group or the root, elevated,
    /// GDAP, Lighthouse.
    WhoCanManage(show::ManageArgs),
    /// May this account do this operation now? The decision, its rule, and
    /// if not, why and what to do instead.
    Can(operate::CanArgs),
    /// What an operation would do, as a dry run: its effects, or why it is
    /// refused.
    Plan(operate::PlanArgs),
    /// Apply an operation and save the changed snapshot.
    Apply(operate::ApplyArgs),
    /// Re-evaluate a snapshot under the other rules, and what that changes.
    Profile(profile::Args),
    /// Before moving a subscription to another directory: what blocks the
    /// move, who can make it, and every object it would delete or break,
    /// row by row as Microsoft's impact table gives them.
    Impact(moves::ImpactArgs),
    /// The operations (and `az` commands) that re-create in the target
    /// directory what a move deletes, and what cannot be mapped.
    RestorePlan(moves::RestoreArgs),
    /// What changed between two snapshots: who gained or lost the ability
    /// to manage which subscription, then every object added, removed or
    /// changed.
    Diff(diff::Args),
    /// One self-contained HTML page of who can manage what: directories,
    /// management groups, subscriptions and their managers, with each
    /// subscription's move impact and restore plan.
    Report(report::Args),
    /// Run conformance scenario files (FORMAT.md).
    Scenario(scenario::ScenarioArgs),
    /// The five source documents and today's rules, told step by step on
    /// the model.
    Walkthrough(scenario::WalkthroughArgs),
    /// Read one live tenant (read-only) from Microsoft Graph and Azure
    /// Resource Manager into a current-profile snapshot.
    Import(import::Args),
    /// Serve a snapshot (or a scenario's state) as Microsoft Graph, ARM
    /// and an identity endpoint over HTTPS, for Microsoft's own clients.
    Serve(serve::Args),
    /// Print a completion script for a shell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Restores SIGPIPE's default action (Rust ignores it): a reader that
/// stops reading (`| head`) ends the command quietly, as it ends `cat`.
fn quiet_on_closed_pipes() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists;
    // setting a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    quiet_on_closed_pipes();
    let cli = Cli::parse();
    match cli.command {
        Command::Show(args) => exit::finish(show::show(&args)),
        Command::WhoCanManage(args) => exit::finish(show::who_can_manage(&args)),
        Command::Can(args) => exit::answer(operate::can(&args)),
        Command::Plan(args) => exit::finish(operate::plan(&args)),
        Command::Apply(args) => exit::finish(operate::apply(&args)),
        Command::Profile(args) => exit::finish(profile::run(&args)),
        Command::Impact(args) => exit::finish(moves::impact(&args)),
        Command::RestorePlan(args) => exit::finish(moves::restore(&args)),
        Command::Diff(args) => exit::finish(diff::run(&args)),
        Command::Report(args) => exit::finish(report::run(&args)),
        Command::Scenario(args) => exit::answer(scenario::run(&args)),
        Command::Walkthrough(args) => exit::answer(scenario::walkthrough(&args)),
        Command::Import(args) => exit::finish(import::run(&args)),
        Command::Serve(args) => exit::finish(serve::run(&args)),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "tenantry",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

//! `tenantry`: the command line of tenantry.
//!
//! ```text
//! tenantry import --out FILE (--token-env VAR | ...) [--report FILE]
//! tenantry serve (SNAPSHOT | --scenario FILE) --secret S [--port N] ...
//! ```
//!
//! Exit status: 0 on success, 1 with a one-line reason on failure, 2 on
//! bad usage. Nothing secret is ever printed.

mod diff;
mod exit;
mod files;
mod import;
mod moves;
mod serve;
mod tables;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Microsoft cloud tenancy, modelled: import live tenants and ask who owns
/// and who can manage what.
#[derive(Debug, Parser)]
#[command(name = "tenantry", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read one live tenant (read-only) from Microsoft Graph and Azure
    /// Resource Manager into a current-profile snapshot.
    Import(import::Args),
    /// Serve a snapshot (or a scenario's state) as Microsoft Graph, ARM
    /// and an identity endpoint over HTTPS, for Microsoft's own clients.
    Serve(serve::Args),
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Import(args) => exit::finish(import::run(&args)),
        Command::Serve(args) => exit::finish(serve::run(&args)),
        Command::Impact(args) => exit::finish(moves::impact(&args)),
        Command::RestorePlan(args) => exit::finish(moves::restore(&args)),
        Command::Diff(args) => exit::finish(diff::run(&args)),
    }
}

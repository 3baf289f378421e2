//! `tenantry`: the command line of tenantry.
//!
//! ```text
//! tenantry import --out FILE (--token-env VAR | ...) [--report FILE]
//! tenantry serve (SNAPSHOT | --scenario FILE) --secret S [--port N] ...
//! ```
//!
//! Exit status: 0 on success, 1 with a one-line reason on failure, 2 on
//! bad usage. Nothing secret is ever printed.

mod exit;
mod files;
mod import;
mod serve;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Import(args) => exit::finish(import::run(&args)),
        Command::Serve(args) => exit::finish(serve::run(&args)),
    }
}

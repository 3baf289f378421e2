//! `tenantry serve`: the emulator (Microsoft Graph, ARM and an identity
//! endpoint over HTTPS) serving a snapshot, or what a conformance
//! scenario's steps build, until SIGINT or SIGTERM.
//!
//! On startup it prints exactly one JSON line on stdout,
//! `{"url": "https://127.0.0.1:PORT", "ca": "/path/ca.pem"}`, then logs
//! each request (method, path, status) on stderr.

use crate::exit::Failure;
use crate::files::{env_secret, write_atomically};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use tenantry::Tenancy;
use tenantry_emulator::{Config, Emulator, Secret};

/// `tenantry serve`'s arguments.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("state").required(true).args(["snapshot", "scenario"])))]
#[command(group(clap::ArgGroup::new("secrets").required(true).args(["secret", "secret_env"])))]
pub(crate) struct Args {
    /// The snapshot to serve.
    snapshot: Option<PathBuf>,
    /// Or a conformance scenario: its steps are applied (and its
    /// expectations checked) to build the state served.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 8443)]
    port: u16,
    /// The client secret every sign-in presents (client_id is the
    /// account's sign-in name).
    #[arg(long, value_name = "S")]
    secret: Option<String>,
    /// Or the environment variable holding it.
    #[arg(long, value_name = "VAR")]
    secret_env: Option<String>,
    /// Where to write ca.pem (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    tls_dir: Option<PathBuf>,
    /// The most items in a page of any list, to force paging.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    page_size: Option<u32>,
    /// Save the final state here (atomically) when stopped.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
    /// Log no requests.
    #[arg(long)]
    quiet: bool,
}

/// The tenancy the arguments name.
fn tenancy(args: &Args) -> Result<Tenancy, Failure> {
    if let Some(path) = &args.scenario {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Tenantry(tenantry::Error::io(path.display(), e)))?;
        let (report, tenancy) = tenantry::scenario::play(&text);
        return match report.failure {
            None => Ok(tenancy),
            Some(f) => Err(Failure::Tenantry(tenantry::Error::invalid_scenario(
                path.display().to_string(),
                f.to_string(),
            ))),
        };
    }
    match &args.snapshot {
        Some(path) => Ok(Tenancy::load(path)?),
        None => Err(Failure::Usage("give a SNAPSHOT or --scenario FILE".into())),
    }
}

/// Runs the emulator until a signal stops it.
pub(crate) fn run(args: &Args) -> Result<Option<String>, Failure> {
    let secret = match (&args.secret, &args.secret_env) {
        (Some(s), _) if !s.is_empty() => Secret::new(s.clone()),
        (_, Some(var)) => env_secret(var, "secret")?,
        _ => return Err(Failure::Usage("--secret must not be empty".into())),
    };
    let tenancy = tenancy(args)?;
    let mut config = Config::new(secret);
    config.host = args.host;
    config.port = args.port;
    config.tls_dir = args.tls_dir.clone();
    config.page_size = args.page_size.map(|n| n as usize);
    config.quiet = args.quiet;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| tenantry::Error::io("the runtime", e))?;
    let snapshot = runtime.block_on(async {
        let emulator = Emulator::start(tenancy, config).await?;
        let line = serde_json::json!({ "url": emulator.url(), "ca": emulator.ca() });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        drop(out);
        stopped().await;
        Ok::<String, Failure>(emulator.stop().await)
    })?;
    if let Some(path) = &args.save {
        write_atomically(path, snapshot.as_bytes())?;
    }
    Ok(None)
}

/// Until SIGINT or SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! `tenantry import`: live tenants (one, or several an application signs
//! in to) into a snapshot, and a report.
//! The snapshot (and the report) are written only when the import
//! succeeds, each atomically; a failure leaves any earlier file as it was.

use crate::exit::Failure;
use crate::files::write_atomically;
use clap::{ArgGroup, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tenantry_connect::{Progress, Secret, Settings};

/// The cloud a tenant lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub(crate) enum CloudArg {
    Public,
    UsGovernment,
    China,
    /// Closed in 2021: refused.
    Germany,
}

impl From<CloudArg> for tenantry::Cloud {
    fn from(c: CloudArg) -> Self {
        match c {
            CloudArg::Public => tenantry::Cloud::Public,
            CloudArg::UsGovernment => tenantry::Cloud::UsGovernment,
            CloudArg::China => tenantry::Cloud::China,
            CloudArg::Germany => tenantry::Cloud::Germany,
        }
    }
}

/// `tenantry import`'s arguments.
#[derive(Debug, clap::Args)]
#[command(group(
    ArgGroup::new("credentials")
        .required(true)
        .args(["token_env", "graph_token_env", "client_id", "azure_cli"])
))]
#[command(group(ArgGroup::new("proof").args(["client_secret_env", "client_certificate"])))]
pub(crate) struct Args {
    /// Where to write the snapshot (atomically, only on success).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The tenant to sign in to with --client-id (id or domain); given
    /// more than once, every one of them, into one model.
    #[arg(long, value_name = "ID")]
    tenant: Vec<String>,
    /// The cloud the tenant lives in.
    #[arg(long, value_enum, default_value = "public")]
    cloud: CloudArg,
    /// Microsoft Graph's root (default: the cloud's).
    #[arg(long, value_name = "URL")]
    graph_url: Option<String>,
    /// Azure Resource Manager's root (default: the cloud's).
    #[arg(long, value_name = "URL")]
    arm_url: Option<String>,
    /// The identity platform's root (default: the cloud's).
    #[arg(long, value_name = "URL")]
    login_url: Option<String>,
    /// A PEM file of CA certificates to trust besides the system's.
    #[arg(long, value_name = "PEM")]
    ca_cert: Option<PathBuf>,
    /// The environment variable holding one bearer token for both Graph
    /// and ARM.
    #[arg(long, value_name = "VAR")]
    token_env: Option<String>,
    /// The environment variable holding the Graph token.
    #[arg(long, value_name = "VAR", requires = "arm_token_env")]
    graph_token_env: Option<String>,
    /// The environment variable holding the ARM token.
    #[arg(long, value_name = "VAR", requires = "graph_token_env")]
    arm_token_env: Option<String>,
    /// An application's client id, with --client-secret-env or
    /// --client-certificate.
    #[arg(long, value_name = "ID", requires_all = ["proof", "tenant"])]
    client_id: Option<String>,
    /// The environment variable holding the client secret.
    #[arg(long, value_name = "VAR", requires = "client_id")]
    client_secret_env: Option<String>,
    /// A PEM file with the application's certificate and its unencrypted
    /// RSA private key: the import signs a client assertion with it.
    #[arg(long, value_name = "PEM", requires = "client_id")]
    client_certificate: Option<PathBuf>,
    /// Tokens from the Azure CLI (`az account get-access-token`).
    #[arg(long)]
    azure_cli: bool,
    /// Refresh the import FILE came from: users, groups and memberships
    /// through Graph's delta queries from the state it left beside it
    /// (FILE.state), the rest read again. The result is what a full
    /// import gives.
    #[arg(long, value_name = "FILE")]
    since: Option<PathBuf>,
    /// Requests in flight at once (1–64).
    #[arg(long, value_name = "N", default_value_t = 4)]
    concurrency: usize,
    /// Attempts of one request before the import fails on it (transient
    /// failures and throttling are retried, with backoff).
    #[arg(long, value_name = "N", default_value_t = 8)]
    attempts: u32,
    /// Where to write the JSON report (counts, unresolved references,
    /// permission gaps, requests, retries, throttling, duration).
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// No progress bar and no summary.
    #[arg(long)]
    quiet: bool,
}

fn env_secret(var: &str) -> Result<Secret, Failure> {
    crate::files::env_secret(var, "token")
}

/// A token from the Azure CLI for a resource.
fn azure_cli_token(resource: &str) -> Result<Secret, Failure> {
    let out = std::process::Command::new("az")
        .args([
            "account",
            "get-access-token",
            "--resource",
            resource,
            "--query",
            "accessToken",
            "--output",
            "tsv",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| Failure::Usage(format!("--azure-cli: cannot run az ({e})")))?;
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() || token.is_empty() {
        return Err(Failure::Usage(format!(
            "--azure-cli: az gave no token for {resource}; run `az login` first"
        )));
    }
    Ok(Secret::new(token))
}

/// The settings the arguments give; the tokens and secret read from the
/// environment variables they name.
fn settings(args: &Args) -> Result<Settings, Failure> {
    let mut settings = Settings {
        cloud: Some(tenantry::Cloud::from(args.cloud).as_str().to_owned()),
        graph_url: args.graph_url.clone(),
        arm_url: args.arm_url.clone(),
        login_url: args.login_url.clone(),
        tenant: args.tenant.first().cloned(),
        client_id: args.client_id.clone(),
        concurrency: Some(args.concurrency),
        attempts: Some(args.attempts),
        ..Settings::default()
    };
    if let Some(var) = &args.token_env {
        settings.token = Some(env_secret(var)?);
    }
    if let (Some(g), Some(a)) = (&args.graph_token_env, &args.arm_token_env) {
        settings.graph_token = Some(env_secret(g)?);
        settings.arm_token = Some(env_secret(a)?);
    }
    if let Some(var) = &args.client_secret_env {
        settings.client_secret = Some(env_secret(var)?);
    }
    if let Some(path) = &args.client_certificate {
        let pem = std::fs::read_to_string(path).map_err(|e| {
            Failure::Usage(format!(
                "--client-certificate {}: cannot be read ({e})",
                path.display()
            ))
        })?;
        settings.client_certificate = Some(Secret::new(pem));
    }
    if args.azure_cli {
        let cloud = tenantry::Cloud::from(args.cloud);
        let roots = tenantry_connect::Endpoints::of(cloud)?;
        let graph = args.graph_url.clone().unwrap_or(roots.graph);
        let arm = args.arm_url.clone().unwrap_or(roots.arm);
        settings.graph_token = Some(azure_cli_token(&graph)?);
        settings.arm_token = Some(azure_cli_token(&arm)?);
    }
    if let Some(path) = &args.ca_cert {
        let pem = std::fs::read(path).map_err(|e| {
            Failure::Usage(format!(
                "--ca-cert {}: cannot be read ({e})",
                path.display()
            ))
        })?;
        settings.ca_cert = Some(pem);
    }
    Ok(settings)
}

/// A progress bar on stderr, when it is a terminal and not `--quiet`.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

fn describe(p: Progress) -> String {
    format!(
        "{} objects read, {} requests, {} retries, {:.1} s throttled",
        p.objects,
        p.requests,
        p.retries,
        p.throttled_ms as f64 / 1000.0
    )
}

/// Where the state an import leaves for the next one's `--since` is
/// kept: beside the snapshot, `FILE.state`.
fn state_path(snapshot: &Path) -> PathBuf {
    let mut name = snapshot.as_os_str().to_owned();
    name.push(".state");
    PathBuf::from(name)
}

/// The state `--since FILE` names.
fn since(file: &Path) -> Result<tenantry_connect::State, Failure> {
    let path = state_path(file);
    let what = format!("--since {}", file.display());
    let opened = std::fs::File::open(&path).map_err(|e| {
        Failure::Usage(format!(
            "{what}: its import state {} cannot be read ({e}); import in full once (without --since) to start refreshing",
            path.display()
        ))
    })?;
    Ok(tenantry_connect::State::from_json(&what, opened)?)
}

/// Runs the import; the summary line on success.
pub(crate) fn run(args: &Args) -> Result<Option<String>, Failure> {
    let options = settings(args)?.into_options()?;
    if args.since.is_some() && args.tenant.len() > 1 {
        return Err(Failure::Usage(
            "--since refreshes an import of one tenant; give one --tenant".into(),
        ));
    }
    let previous = args.since.as_deref().map(since).transpose()?;
    let bar = progress_bar(args.quiet);
    let on_progress = bar.clone().map(|bar| {
        let f: tenantry_connect::OnProgress = Arc::new(move |p| bar.set_message(describe(p)));
        f
    });
    let imported = match previous {
        Some(state) => tenantry_connect::refresh_blocking(&options, state, on_progress),
        None if args.tenant.len() > 1 => {
            tenantry_connect::import_tenants_blocking(&options, &args.tenant, on_progress)
        }
        None => tenantry_connect::import_blocking(&options, on_progress),
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let imported = imported?;
    let report = serde_json::to_vec_pretty(&imported.report)
        .map_err(|e| Failure::Tenantry(tenantry::Error::io("the report", e)))?;
    imported.tenancy.save(&args.out)?;
    let kept = state_path(&args.out);
    match &imported.state {
        Some(state) => write_atomically(&kept, &state.to_json())?,
        // An older state beside the snapshot would not match it.
        None => match std::fs::remove_file(&kept) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Failure::Tenantry(tenantry::Error::io(kept.display(), e)))
            }
            _ => {}
        },
    }
    if let Some(path) = &args.report {
        write_atomically(path, &report)?;
    }
    if args.quiet {
        return Ok(None);
    }
    let r = &imported.report;
    let count = |k: &str| r.counts.get(k).copied().unwrap_or(0);
    let unresolved: u64 = r.unresolved_counts.values().sum();
    let how = match &r.refresh {
        None => "imported".to_owned(),
        Some(tenantry_connect::Refresh {
            full_read: Some(why),
            ..
        }) => format!("imported in full ({why})"),
        Some(refresh) => {
            let c = &refresh.changes;
            format!(
                "refreshed ({} users changed, {} removed; {} groups changed, {} removed)",
                c.users_changed, c.users_removed, c.groups_changed, c.groups_removed
            )
        }
    };
    Ok(Some(format!(
        "{how} {}: {} users, {} guests, {} groups, {} service principals, {} Azure and {} Office 365 subscriptions, {} role assignments; {} unresolved, {} gaps; {} requests, {} retries, {:.1} s → {}",
        r.directories.join(", "),
        count("users"),
        count("guests"),
        count("groups"),
        count("service_principals") + count("managed_identities"),
        count("azure_subscriptions"),
        count("office365_subscriptions"),
        count("role_assignments"),
        unresolved,
        r.gaps.len(),
        r.requests,
        r.retries,
        r.duration_seconds,
        args.out.display()
    )))
}

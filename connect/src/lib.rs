//! Read-only import of live Microsoft tenants into a tenantry model: the
//! directory's users, guests, groups, service principals, managed
//! identities and directory roles from Microsoft Graph v1.0; its Azure
//! subscriptions, management groups, custom roles, role assignments and
//! subscription policy from Azure Resource Manager; its Office 365
//! subscriptions from Graph's subscribed SKUs. The result is a
//! `current`-profile [`Tenancy`] that every query, plan and decision of
//! tenantry works on, and a [`Report`] of what was read, what could not be
//! joined or held, what the credentials were not allowed to read, and what
//! it cost.
//!
//! The import sends GET requests only (and, with client credentials, the
//! token request to the identity platform), follows next links as given,
//! honours `Retry-After`, retries transient failures a bounded number of
//! times with jittered backoff, keeps a bounded number of requests in
//! flight and never writes a token or a secret anywhere: see [`http`]'s
//! and [`options::Secret`]'s documentation.
//!
//! ```no_run
//! use tenantry_connect::{import_blocking, Credentials, Options, Secret};
//! let token = Secret::new(std::env::var("TOKEN").unwrap_or_default());
//! let options = Options::new(
//!     tenantry::Cloud::Public,
//!     Credentials::Tokens { graph: token.clone(), arm: token },
//! )?;
//! let imported = import_blocking(&options, None)?;
//! println!("{} role assignments", imported.report.counts["role_assignments"]);
//! # Ok::<(), tenantry::Error>(())
//! ```

mod auth;
mod certificate;
mod error;
pub mod http;
mod map;
pub mod options;
mod read;
pub mod refresh;
pub mod report;
pub mod wire;

pub use options::{Credentials, Endpoints, Options, Secret, Settings};
pub use refresh::State;
pub use report::{Gap, Refresh, Report, Unresolved};

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tenantry::{Error, Tenancy};

/// An import's result: the model and the report.
#[derive(Debug)]
pub struct Imported {
    /// The tenant, under the current rules.
    pub tenancy: Tenancy,
    /// What was read, joined, left out and spent.
    pub report: Report,
    /// What the next import needs to refresh this one ([`refresh`]);
    /// `None` when Graph gave no delta links.
    pub state: Option<State>,
}

/// How far an import has come, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Items of lists read so far.
    pub objects: u64,
    /// Requests sent so far, retries included.
    pub requests: u64,
    /// Retries so far.
    pub retries: u64,
    /// Milliseconds spent waiting out throttling.
    pub throttled_ms: u64,
}

/// Called with the progress every tenth of a second while an import runs,
/// and once at its end.
pub type OnProgress = Arc<dyn Fn(Progress) + Send + Sync>;

/// Imports the tenant the credentials sign in to.
pub async fn import(options: &Options, progress: Option<OnProgress>) -> Result<Imported, Error> {
    run(options, None, progress).await
}

/// Imports the tenant again, reading its users, groups and memberships
/// as Graph's changes since the import that left `since` (delta queries)
/// and the rest in full: the same model a full import gives, in a
/// fraction of the requests. When the delta links expired, the directory
/// is read in full and the report says so.
pub async fn refresh(
    options: &Options,
    since: State,
    progress: Option<OnProgress>,
) -> Result<Imported, Error> {
    run(options, Some(since), progress).await
}

/// Imports several tenants an application signs in to (client
/// credentials; a token signs in to one tenant) into one model: each read
/// as [`import`] reads one, and a guest of one whose home is another
/// joined to its home account there. The report adds the tenants' counts,
/// findings and costs up; such an import keeps no refresh state (each
/// tenant's delta links would be its own), so the next one reads in full.
pub async fn import_tenants(
    options: &Options,
    tenants: &[String],
    progress: Option<OnProgress>,
) -> Result<Imported, Error> {
    if tenants.len() <= 1 {
        let one = match tenants.first() {
            Some(t) => options.for_tenant(t)?,
            None => options.clone(),
        };
        return run(&one, None, progress).await;
    }
    let started = Instant::now();
    let mut reads = Vec::with_capacity(tenants.len());
    for t in tenants {
        let one = options.for_tenant(t)?;
        reads.push(read_tenant(&one, None, progress.clone()).await?);
    }
    let homes = map::Homes::of(reads.iter().map(|(read, _)| read));
    let mut image = tenantry::image::Image {
        profile: tenantry::Profile::Current,
        ..Default::default()
    };
    let mut report = Report::default();
    let mut accounts = std::collections::HashSet::new();
    for (read, http) in &reads {
        let mut one = Report {
            gaps: read.gaps.clone(),
            ..Report::default()
        };
        let mut part = map::map(read, options.cloud, &homes, &mut one);
        costs(&mut one, http, started);
        report.absorb(one);
        part.accounts
            .retain(|a| accounts.insert(a.account.to_ascii_lowercase()));
        image.directories.append(&mut part.directories);
        image.accounts.append(&mut part.accounts);
        image.groups.append(&mut part.groups);
        image.subscriptions.append(&mut part.subscriptions);
        image
            .service_principals
            .append(&mut part.service_principals);
        image.custom_roles.append(&mut part.custom_roles);
        image.role_assignments.append(&mut part.role_assignments);
        image.resources.append(&mut part.resources);
    }
    drop(reads);
    let tenancy = Tenancy::from_image(image)?;
    report.duration_seconds = started.elapsed().as_secs_f64();
    Ok(Imported {
        tenancy,
        report,
        state: None,
    })
}

/// One tenant read, with its client (and so its costs): an organization
/// Graph would not give fails the import.
async fn read_tenant(
    options: &Options,
    since: Option<State>,
    progress: Option<OnProgress>,
) -> Result<(read::Read, Arc<http::Http>), Error> {
    options.validate()?;
    let http = Arc::new(http::Http::new(options)?);
    let snapshot = |h: &http::Http| Progress {
        objects: h.stats.objects.load(Ordering::Relaxed),
        requests: h.stats.requests.load(Ordering::Relaxed),
        retries: h.stats.retries.load(Ordering::Relaxed),
        throttled_ms: h.stats.throttled_ms.load(Ordering::Relaxed),
    };
    let ticker = progress.clone().map(|report| {
        let http = Arc::clone(&http);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                report(snapshot(&http));
            }
        })
    });
    let read = read::read(Arc::clone(&http), since).await;
    if let Some(t) = ticker {
        t.abort();
    }
    if let Some(report) = &progress {
        report(snapshot(&http));
    }
    let read = read?;
    if read.organization.is_none() {
        let detail = read
            .gaps
            .first()
            .map(|g| format!("{} ({} is needed): {}", g.what, g.needs, g.detail))
            .unwrap_or_else(|| "Graph returned no organization".to_owned());
        return Err(error::http(
            &http.url(http::Service::Graph, "v1.0/organization"),
            403,
            &detail,
        ));
    }
    Ok((read, http))
}

/// What the client spent, into the report.
fn costs(report: &mut Report, http: &http::Http, started: Instant) {
    let stats = &http.stats;
    report.requests = stats.requests.load(Ordering::Relaxed);
    report.retries = stats.retries.load(Ordering::Relaxed);
    report.throttled_responses = stats.throttled.load(Ordering::Relaxed);
    report.throttled_seconds = stats.throttled_ms.load(Ordering::Relaxed) as f64 / 1000.0;
    report.bytes = stats.bytes.load(Ordering::Relaxed);
    report.duration_seconds = started.elapsed().as_secs_f64();
}

async fn run(
    options: &Options,
    since: Option<State>,
    progress: Option<OnProgress>,
) -> Result<Imported, Error> {
    let started = Instant::now();
    let (read, http) = read_tenant(options, since, progress).await?;
    let mut report = Report {
        gaps: read.gaps.clone(),
        refreshable: read.links.is_some(),
        refresh: read.refresh.clone(),
        ..Report::default()
    };
    let image = map::map(&read, options.cloud, &map::Homes::default(), &mut report);
    // What the next refresh needs is kept; the rest of what was read goes
    // before the model is built from the image.
    let state = {
        let read::Read {
            objects,
            links,
            organization,
            ..
        } = read;
        match (links, organization) {
            (Some(links), Some(org)) => Some(State::new(
                org.id,
                http.root(http::Service::Graph).as_str(),
                links,
                objects,
            )),
            _ => None,
        }
    };
    let tenancy = Tenancy::from_image(image)?;
    costs(&mut report, &http, started);
    Ok(Imported {
        tenancy,
        report,
        state,
    })
}

/// [`import`] on a runtime of its own, for callers without one.
pub fn import_blocking(options: &Options, progress: Option<OnProgress>) -> Result<Imported, Error> {
    runtime()?.block_on(import(options, progress))
}

/// [`import_tenants`] on a runtime of its own, for callers without one.
pub fn import_tenants_blocking(
    options: &Options,
    tenants: &[String],
    progress: Option<OnProgress>,
) -> Result<Imported, Error> {
    runtime()?.block_on(import_tenants(options, tenants, progress))
}

/// [`refresh`] on a runtime of its own, for callers without one.
pub fn refresh_blocking(
    options: &Options,
    since: State,
    progress: Option<OnProgress>,
) -> Result<Imported, Error> {
    runtime()?.block_on(refresh(options, since, progress))
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| error::network("the import", &format!("cannot start its runtime ({e})")))
}

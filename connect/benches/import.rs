//! The importer end to end against the loopback Graph and ARM server in a
//! process of its own: objects per second, requests against the fewest
//! the page sizes allow, and the importer's peak memory against the
//! resident size of the same model loaded from its snapshot.
//!
//! ```text
//! cargo bench -p tenantry-connect --bench import             # issue 12's tenant (1,000,000 users)
//! cargo bench -p tenantry-connect --bench import -- --quick  # a small one, CI's smoke run
//! ```
//!
//! Then one user in a hundred is renamed and the import refreshed from
//! its state (Graph's delta queries): its requests against the full
//! import's.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::Instant;
use support::scaled::{self, Scale};
use tenantry_connect::{Credentials, Options, Secret};
use tenantry_fleet::memory;

const TOKEN: &str = "bench-token";
const MB: f64 = 1024.0 * 1024.0;

fn scale(quick: bool) -> Scale {
    if quick {
        Scale::SMALL
    } else {
        Scale::LARGE
    }
}

/// Child: serves the tenant and prints its URL.
fn serve(quick: bool) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build();
    let Ok(runtime) = runtime else {
        eprintln!("no runtime");
        return;
    };
    runtime.block_on(async {
        let server = support::Server::start(scaled::tenant(scale(quick)), TOKEN, 999).await;
        server.arm_page(1000);
        println!("{}", server.base);
        // A line on stdin: log the renames, then say so.
        let mut line = String::new();
        let read = tokio::task::spawn_blocking(move || std::io::stdin().read_line(&mut line));
        if matches!(read.await, Ok(Ok(n)) if n > 0) {
            for change in scaled::renames(scale(quick)) {
                server.change("users", change);
            }
            println!("changed");
        }
        std::future::pending::<()>().await;
    });
}

/// Child: loads a snapshot and prints its peak and resident bytes.
fn probe(path: &str) {
    memory::reset_peak();
    match tenantry::Tenancy::load(path) {
        Ok(t) => {
            std::hint::black_box(&t);
            println!(
                "{} {}",
                memory::peak_rss().unwrap_or(0),
                memory::current_rss().unwrap_or(0)
            );
        }
        Err(e) => eprintln!("{e}"),
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        let _ = i;
        return serve(quick);
    }
    if let Some(i) = args.iter().position(|a| a == "--probe") {
        return probe(args.get(i + 1).map(String::as_str).unwrap_or(""));
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut serve_args = vec!["--serve"];
    if quick {
        serve_args.push("--quick");
    }
    let child = Command::new(&exe)
        .args(&serve_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        eprintln!("the server did not start");
        return;
    };
    let mut url = String::new();
    let mut from_server = child.stdout.take().map(BufReader::new);
    if let Some(out) = from_server.as_mut() {
        let _ = out.read_line(&mut url);
    }
    let mut to_server = child.stdin.take();
    let _server = Killed(child);
    let url = url.trim().to_owned();
    let scale = scale(quick);
    let token = Secret::new(TOKEN);
    let Ok(mut options) = Options::new(
        tenantry::Cloud::Public,
        Credentials::Tokens {
            graph: token.clone(),
            arm: token,
        },
    ) else {
        return;
    };
    options.endpoints.graph = url.clone();
    options.endpoints.arm = url.clone();
    options.concurrency = 8;

    memory::reset_peak();
    let before = memory::current_rss().unwrap_or(0);
    let started = Instant::now();
    let imported = match tenantry_connect::import_blocking(&options, None) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("the import failed: {e}");
            std::process::exit(1);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let peak = memory::peak_rss().unwrap_or(0).saturating_sub(before);
    let report = imported.report.clone();
    let r = &report;
    let count = |k: &str| r.counts.get(k).copied().unwrap_or(0) as usize;
    let objects = count("users")
        + count("groups")
        + count("memberships")
        + count("service_principals")
        + count("azure_subscriptions")
        + count("role_assignments");
    assert_eq!(
        objects,
        scale.objects(),
        "every object imported: {:?}",
        r.counts
    );
    let dir = std::env::temp_dir().join(format!("tenantry-import-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let snapshot = dir.join("tenant.json");
    if let Err(e) = imported.tenancy.save(&snapshot) {
        eprintln!("{e}");
        return;
    }
    let state = imported.state.clone();
    drop(imported);
    let probed = Command::new(&exe)
        .arg("--probe")
        .arg(&snapshot)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    let mut numbers = probed
        .split_whitespace()
        .filter_map(|w| w.parse::<u64>().ok());
    let (_, resident) = (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0));
    let minimum = scale.minimum_requests();
    let rate = objects as f64 / seconds;
    println!(
        "import of {} users, {} groups, {} memberships, {} service principals, {} subscriptions, {} role assignments",
        scale.users,
        scale.groups,
        scale.groups * scale.members_per_group,
        scale.service_principals,
        scale.subscriptions,
        scale.subscriptions * scale.assignments_per_subscription
    );
    println!(
        "  {objects} objects in {seconds:.1} s: {rate:.0} objects/s (target ≥ 20,000: {})",
        if rate >= 20_000.0 { "met" } else { "missed" }
    );
    println!(
        "  {} requests, {} the fewest the page sizes allow: {:+.2}% (target within 1%: {}); {} retries",
        r.requests,
        minimum,
        100.0 * (r.requests as f64 - minimum as f64) / minimum as f64,
        if (r.requests as f64) <= minimum as f64 * 1.01 { "met" } else { "missed" },
        r.retries
    );
    let ratio = peak as f64 / resident.max(1) as f64;
    println!(
        "  importer's peak {:.0} MB above its start; the model loaded from its snapshot {:.0} MB resident: {ratio:.2}× (target ≤ 1.5×: {})",
        peak as f64 / MB,
        resident as f64 / MB,
        if ratio <= 1.5 { "met" } else { "missed" }
    );

    // One user in a hundred renamed, then a refresh from the state.
    let Some(state) = state else {
        eprintln!("the import kept no state to refresh from");
        std::process::exit(1);
    };
    let mut ack = String::new();
    if let (Some(to), Some(from)) = (to_server.as_mut(), from_server.as_mut()) {
        let _ = writeln!(to, "change").and_then(|()| to.flush());
        let _ = from.read_line(&mut ack);
    }
    if ack.trim() != "changed" {
        eprintln!("the server did not log the changes");
        std::process::exit(1);
    }
    let started = Instant::now();
    let refreshed = match tenantry_connect::refresh_blocking(&options, state, None) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("the refresh failed: {e}");
            std::process::exit(1);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let f = &refreshed.report;
    let changed = f
        .refresh
        .as_ref()
        .map(|c| c.changes.users_changed)
        .unwrap_or(0);
    assert_eq!(changed as usize, scaled::renames(scale).len());
    let share = 100.0 * f.requests as f64 / r.requests.max(1) as f64;
    println!(
        "  refresh after {changed} users (1%) changed: {} requests in {seconds:.1} s, {share:.2}% of the full import's (target ≤ 5%: {})",
        f.requests,
        if share <= 5.0 { "met" } else { "missed" }
    );
}

//! The emulator under load over loopback HTTPS with keep-alive: requests
//! per second and latency of `GET …/roleAssignments` (20 items) and
//! `GET /v1.0/users/{upn}` at 64 connections (Debian's `wrk`), a 999-user
//! page of a 1,000,000-user directory, and the process's resident memory
//! against the tenancy's.
//!
//! ```text
//! cargo bench -p tenantry-emulator --bench serve             # 1,000,000 users, wrk for 10 s each
//! cargo bench -p tenantry-emulator --bench serve -- --quick  # 20,000 users, a built-in 64-task load
//! ```

use std::borrow::Cow;
use std::process::Command;
use std::time::{Duration, Instant};
use tenantry::image::{Account, Assignment, Directory, Image, Subscription, User};
use tenantry::{Cloud, Origin, Profile, SubscriptionKind, Tenancy, UserKind, Uuid};
use tenantry_emulator::{Background, Config, Secret};
use tenantry_fleet::memory;

const SECRET: &str = "bench-secret";
const DOMAIN: &str = "bench.onmicrosoft.com";
const MB: f64 = 1024.0 * 1024.0;

fn upn(i: usize) -> String {
    format!("user{i:07}@{DOMAIN}")
}

/// One directory of `users` users and an Azure subscription with 20 role
/// assignments.
fn tenancy(users: usize) -> (Tenancy, Uuid) {
    let sub = Uuid::from_u128(0x5ab5_0000_0000_4000_8000_0000_0000_0001);
    let mut image = Image {
        profile: Profile::Current,
        ..Image::default()
    };
    image.directories.push(Directory {
        id: Uuid::from_u128(0x7e4a_0000_0000_4000_8000_0000_0000_0001),
        name: Cow::Borrowed("Bench"),
        initial_domain: Cow::Borrowed(DOMAIN),
        verified_domains: Vec::new(),
        cloud: Cloud::Public,
        origin: Origin::Imported,
        users: (0..users)
            .map(|i| User {
                account: Cow::Owned(upn(i)),
                kind: UserKind::Member,
                roles: Vec::new(),
                id: None,
                other_roles: Vec::new(),
            })
            .collect(),
        policy: None,
        guest_invites: None,
        management_groups: Vec::new(),
    });
    image.accounts = (0..users)
        .map(|i| Account {
            account: Cow::Owned(upn(i)),
            name: Some(Cow::Owned(format!("User {i}"))),
            home: Some(Cow::Borrowed(DOMAIN)),
            default_directory: None,
        })
        .collect();
    let mut s = Subscription::new(
        sub,
        Cow::Borrowed("Bench"),
        SubscriptionKind::Azure,
        Cow::Borrowed(DOMAIN),
    );
    s.offer = Some(Cow::Borrowed("MS-AZR-0003P"));
    image.subscriptions.push(s);
    image.role_assignments = (0..20)
        .map(|i| Assignment {
            principal: Cow::Owned(upn(i)),
            role: Cow::Borrowed(if i == 0 { "owner" } else { "reader" }),
            scope: Cow::Owned(format!("/subscriptions/{sub}")),
            directory: None,
            condition: None,
        })
        .collect();
    let t = Tenancy::from_image(image).unwrap_or_else(|e| panic!("{e}"));
    (t, sub)
}

fn client(ca: &std::path::Path) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let pem = std::fs::read(ca).unwrap_or_default();
    let ca = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
    reqwest::Client::builder()
        .add_root_certificate(ca)
        .pool_max_idle_per_host(64)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn token(http: &reqwest::Client, url: &str, scope: &str) -> String {
    let form = format!(
        "client_id={}&client_secret={SECRET}&grant_type=client_credentials&scope={scope}",
        upn(0)
    );
    let r = http
        .post(format!("{url}/{DOMAIN}/oauth2/v2.0/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let body: serde_json::Value =
        serde_json::from_str(&r.text().await.unwrap_or_default()).unwrap_or_default();
    body["access_token"].as_str().unwrap_or_default().to_owned()
}

/// Requests per second and latency percentiles (ms).
struct Load {
    rps: f64,
    p50: f64,
    p99: f64,
    requests: u64,
    errors: u64,
}

/// `wrk` at 64 connections on 2 threads for `secs` seconds.
fn wrk(url: &str, token: &str, secs: u64) -> Option<Load> {
    let out = Command::new("wrk")
        .args(["-t2", "-c64", &format!("-d{secs}s"), "--latency"])
        .args(["-H", &format!("Authorization: Bearer {token}"), url])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let ms = |v: &str| -> Option<f64> {
        let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
        let n: f64 = n.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            _ => return None,
        })
    };
    let field = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())?;
    let errors = text
        .lines()
        .find(|l| l.contains("Non-2xx"))
        .and_then(|l| l.split_whitespace().last()?.parse().ok())
        .unwrap_or(0);
    Some(Load {
        rps: field("Requests/sec:")?.parse().ok()?,
        p50: ms(&field("50%")?)?,
        p99: ms(&field("99%")?)?,
        requests,
        errors,
    })
}

/// The built-in load: 64 tasks for `secs` seconds over keep-alive.
async fn builtin(http: &reqwest::Client, url: &str, token: &str, secs: u64) -> Load {
    let until = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (http, url, token) = (http.clone(), url.to_owned(), token.to_owned());
            tokio::spawn(async move {
                let mut times = Vec::new();
                let mut errors = 0u64;
                while Instant::now() < until {
                    let t = Instant::now();
                    let ok = match http.get(&url).bearer_auth(&token).send().await {
                        Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                        Err(_) => false,
                    };
                    errors += u64::from(!ok);
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                (times, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((times, e)) = t.await {
            all.extend(times);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    Load {
        rps: all.len() as f64 / elapsed,
        p50: at(0.5),
        p99: at(0.99),
        requests: all.len() as u64,
        errors,
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let users = if quick { 20_000 } else { 1_000_000 };
    let secs = if quick { 1 } else { 10 };
    let base = memory::current_rss().unwrap_or(0);
    let built = Instant::now();
    let (t, sub) = tenancy(users);
    let built = built.elapsed();
    let with_tenancy = memory::current_rss().unwrap_or(0);
    let mut config = Config::new(Secret::new(SECRET));
    config.quiet = true;
    let started = Instant::now();
    let emulator = Background::start(t, config).unwrap_or_else(|e| panic!("{e}"));
    let started = started.elapsed();
    let serving = memory::current_rss().unwrap_or(0);
    let tenancy_mb = with_tenancy.saturating_sub(base) as f64 / MB;
    let serving_mb = serving.saturating_sub(base) as f64 / MB;
    println!("emulator/{users} users: tenancy built in {built:.2?} ({tenancy_mb:.0} MB resident), served after {started:.2?}");
    println!(
        "emulator/memory: {serving_mb:.0} MB resident serving, {:.2}x the tenancy's (target <= 1.3x)",
        serving_mb / tenancy_mb.max(1.0)
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let url = emulator.url().to_owned();
    let http = client(emulator.ca());
    let (arm, graph) = runtime.block_on(async {
        (
            token(&http, &url, "https://management.azure.com/.default").await,
            token(&http, &url, "https://graph.microsoft.com/.default").await,
        )
    });
    let targets = [
        (
            "GET roleAssignments (20 items)",
            format!("{url}/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01"),
            &arm,
        ),
        (
            "GET /v1.0/users/{upn}",
            format!("{url}/v1.0/users/{}", upn(users / 2).replace('@', "%40")),
            &graph,
        ),
    ];
    let has_wrk = !quick && Command::new("wrk").arg("--version").output().is_ok();
    for (name, target, token) in &targets {
        let (load, how) = match has_wrk.then(|| wrk(target, token, secs)).flatten() {
            Some(l) => (l, "wrk -t2 -c64"),
            None => (
                runtime.block_on(builtin(&http, target, token, secs)),
                "64 tasks, reqwest",
            ),
        };
        println!(
            "emulator/{name}: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, {} requests, {} errors ({how}; target >= 10,000/s, p99 <= 10 ms)",
            load.rps, load.p50, load.p99, load.requests, load.errors
        );
    }

    // A 999-user page at a time, one request after another.
    let pages = if quick { 10 } else { 50 };
    let mut times: Vec<f64> = runtime.block_on(async {
        let mut times = Vec::new();
        for k in 0..pages {
            let skip = (k * 999 * 7) % users.saturating_sub(999).max(1);
            let page = format!("{url}/v1.0/users?$top=999&$skiptoken={skip}");
            let t = Instant::now();
            let r = http.get(&page).bearer_auth(&graph).send().await;
            let n = match r {
                Ok(r) => r.bytes().await.map(|b| b.len()).unwrap_or(0),
                Err(_) => 0,
            };
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(n > 100_000, "a page of 999 users is {n} bytes");
        }
        times
    });
    times.sort_by(f64::total_cmp);
    println!(
        "emulator/999-user page of {users}: median {:.2} ms, max {:.2} ms over {pages} pages (target <= 5 ms)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    let _ = emulator.stop();
}

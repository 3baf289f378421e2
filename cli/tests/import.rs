//! `tenantry import` against the loopback Graph and ARM server: a snapshot
//! that loads and a report whose counts match the server's; a failure
//! exits 1 with one line and writes nothing; bad usage exits 2; the token
//! is never printed.

#[path = "../../connect/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{Fault, Rule, Server};

const TOKEN: &str = "cli-test-token-5d1e0b";

async fn serve() -> Server {
    Server::start(support::fixture::contoso(), TOKEN, 7).await
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenantry-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Runs `tenantry import` with these arguments, the token in `$T`.
async fn tenantry(server: Option<&Server>, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["import".into()];
    if let Some(s) = server {
        args.extend([
            "--graph-url".into(),
            s.base.clone(),
            "--arm-url".into(),
            s.base.clone(),
        ]);
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_tenantry"))
            .args(&args)
            .env("T", TOKEN)
            .env_remove("NO_SUCH_VAR")
            .output()
    });
    match run.await {
        Ok(Ok(out)) => out,
        other => panic!("tenantry did not run: {other:?}"),
    }
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_writes_a_snapshot_that_loads_and_a_report_that_matches_the_server() {
    let server = serve().await;
    let dir = scratch("ok");
    let (out, report) = (dir.join("t.json"), dir.join("r.json"));
    let run = tenantry(
        Some(&server),
        &[
            "--token-env",
            "T",
            "--out",
            path(&out),
            "--report",
            path(&report),
        ],
    )
    .await;
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.starts_with("imported contoso.onmicrosoft.com: 29 users"),
        "{stdout}"
    );
    assert!(
        stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {stderr}"
    );
    let t = tenantry::Tenancy::load(&out);
    assert!(t.is_ok_and(|t| t.profile() == tenantry::Profile::Current));
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).unwrap_or_default()).unwrap_or_default();
    for (kind, n) in support::fixture::expected_counts() {
        assert_eq!(r["counts"][kind].as_u64(), Some(n), "{kind}");
    }
    assert_eq!(r["requests"].as_u64(), Some(server.seen().len() as u64));
    for file in [&out, &report] {
        let content = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            !content.contains(TOKEN),
            "{} holds the token",
            file.display()
        );
    }
    assert!(!stdout.contains(TOKEN));
    let quiet = tenantry(
        Some(&server),
        &["--token-env", "T", "--out", path(&out), "--quiet"],
    )
    .await;
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_import_exits_1_with_one_line_and_leaves_the_old_files() {
    let dir = scratch("fail");
    let (out, report) = (dir.join("t.json"), dir.join("r.json"));
    std::fs::write(&out, "the earlier snapshot").unwrap_or_default();
    for fault in [Fault::ServerError, Fault::Expired, Fault::HtmlPage] {
        let server = serve().await;
        server.fault(Rule::new("/v1.0/groups", fault.clone(), usize::MAX));
        let run = tenantry(
            Some(&server),
            &[
                "--token-env",
                "T",
                "--attempts",
                "2",
                "--out",
                path(&out),
                "--report",
                path(&report),
            ],
        )
        .await;
        let (stdout, stderr) = text(&run);
        assert_eq!(run.status.code(), Some(1), "{fault:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{fault:?}: {stderr}");
        assert!(
            stderr.starts_with("tenantry: ") && stderr.contains("[IMPORT_"),
            "{stderr}"
        );
        assert!(stdout.is_empty());
        assert!(!stderr.contains(TOKEN));
        assert_eq!(
            std::fs::read_to_string(&out).ok().as_deref(),
            Some("the earlier snapshot")
        );
        assert!(!report.exists(), "{fault:?}: a report of a failed import");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_usage_exits_2_before_anything_is_read() {
    let server = serve().await;
    let dir = scratch("usage");
    let out = dir.join("t.json");
    let cases: Vec<Vec<String>> = vec![
        // No credentials.
        vec!["--out".into(), path(&out).into()],
        // A variable that holds nothing.
        vec![
            "--token-env".into(),
            "NO_SUCH_VAR".into(),
            "--out".into(),
            path(&out).into(),
        ],
        // Plain http to a host that is not this one.
        vec![
            "--token-env".into(),
            "T".into(),
            "--graph-url".into(),
            "http://graph.example.com".into(),
            "--arm-url".into(),
            server.base.clone(),
            "--out".into(),
            path(&out).into(),
        ],
        // The closed German cloud.
        vec![
            "--token-env".into(),
            "T".into(),
            "--cloud".into(),
            "germany".into(),
            "--out".into(),
            path(&out).into(),
        ],
        vec![
            "--token-env".into(),
            "T".into(),
            "--concurrency".into(),
            "0".into(),
            "--out".into(),
            path(&out).into(),
        ],
        vec![
            "--token-env".into(),
            "T".into(),
            "--attempts".into(),
            "0".into(),
            "--out".into(),
            path(&out).into(),
        ],
    ];
    for case in cases {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        let run = tenantry(None, &args).await;
        let (_, stderr) = text(&run);
        assert_eq!(run.status.code(), Some(2), "{case:?}: {stderr}");
        assert!(!out.exists());
        assert!(!stderr.contains(TOKEN));
    }
    assert!(server.seen().is_empty(), "nothing was read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_an_earlier_import_refreshes_it_to_what_a_full_import_gives() {
    let server = serve().await;
    let dir = scratch("since");
    let (first, second, full) = (dir.join("a.json"), dir.join("b.json"), dir.join("c.json"));
    let (r1, r2) = (dir.join("r1.json"), dir.join("r2.json"));
    let t = ["--token-env", "T", "--quiet"];
    let run = tenantry(
        Some(&server),
        &[&t[..], &["--out", path(&first), "--report", path(&r1)]].concat(),
    )
    .await;
    assert_eq!(run.status.code(), Some(0), "{:?}", text(&run));
    let state = dir.join("a.json.state");
    let kept = std::fs::read_to_string(&state).unwrap_or_default();
    assert!(kept.contains("tenantry-import-state/1") && !kept.contains(TOKEN));

    let renamed = support::fixture::extra_user(3);
    server.edit(|t| {
        if let Some(support::List::Items(users)) = t.graph.get_mut("users") {
            for u in users
                .iter_mut()
                .filter(|u| u["id"] == serde_json::json!(renamed))
            {
                u["displayName"] = "Renamed".into();
            }
        }
    });
    server.change(
        "users",
        serde_json::json!({ "id": renamed, "displayName": "Renamed" }),
    );
    let run = tenantry(
        Some(&server),
        &[
            "--token-env",
            "T",
            "--since",
            path(&first),
            "--out",
            path(&second),
            "--report",
            path(&r2),
        ],
    )
    .await;
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.starts_with("refreshed (1 users changed, 0 removed; 0 groups changed, 0 removed) contoso.onmicrosoft.com"),
        "{stdout}"
    );
    assert!(dir.join("b.json.state").exists());
    let run = tenantry(Some(&server), &[&t[..], &["--out", path(&full)]].concat()).await;
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        std::fs::read(&second).unwrap_or_default(),
        std::fs::read(&full).unwrap_or_default()
    );
    let requests = |p: &Path| {
        serde_json::from_slice::<serde_json::Value>(&std::fs::read(p).unwrap_or_default())
            .unwrap_or_default()["requests"]
            .as_u64()
            .unwrap_or(0)
    };
    assert!(requests(&r2) > 0 && requests(&r2) < requests(&r1));

    // A snapshot without its state beside it: bad usage, nothing read.
    let seen = server.seen().len();
    let lone = dir.join("lone.json");
    let run = tenantry(
        Some(&server),
        &[&t[..], &["--since", path(&lone), "--out", path(&second)]].concat(),
    )
    .await;
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("lone.json.state") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(server.seen().len(), seen);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_signs_in_with_its_certificate() {
    let server = Server::start(support::fixture::contoso(), TOKEN, 50).await;
    let client = "6a0f1d2e-0000-4000-8000-00000000c0de";
    let pem = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../connect/tests/data/test-app.pem"
    );
    server.app_with_certificate(client, &std::fs::read_to_string(pem).unwrap_or_default());
    let dir = scratch("certificate");
    let out = dir.join("t.json");
    let run = tenantry(
        Some(&server),
        &[
            "--login-url",
            &server.base,
            "--tenant",
            "contoso.onmicrosoft.com",
            "--client-id",
            client,
            "--client-certificate",
            pem,
            "--out",
            path(&out),
        ],
    )
    .await;
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.starts_with("imported contoso.onmicrosoft.com: 29 users"),
        "{stdout}"
    );
    assert!(!stdout.contains("PRIVATE KEY") && !stderr.contains("PRIVATE KEY"));
    assert!(!std::fs::read_to_string(&out)
        .unwrap_or_default()
        .contains("PRIVATE KEY"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_imports_several_tenants_into_one_snapshot() {
    let server = serve().await;
    server.another_tenant(
        "fabrikam.onmicrosoft.com",
        "fabrikam-cli-token",
        support::fixture::fabrikam(),
    );
    server.app_with_secret("multi-app", "multi-secret");
    let dir = scratch("tenants");
    let out = dir.join("t.json");
    std::fs::write(dir.join("t.json.state"), "an older state").unwrap_or_default();
    let mut args = vec!["--login-url", &server.base, "--client-id", "multi-app"];
    args.extend(["--client-secret-env", "S", "--out", path(&out)]);
    args.extend([
        "--tenant",
        "contoso.onmicrosoft.com",
        "--tenant",
        "fabrikam.onmicrosoft.com",
    ]);
    let mut full: Vec<String> = vec!["import".into(), "--graph-url".into(), server.base.clone()];
    full.extend(["--arm-url".into(), server.base.clone()]);
    full.extend(args.iter().map(|a| a.to_string()));
    let run = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_tenantry"))
            .args(&full)
            .env("S", "multi-secret")
            .output()
    })
    .await;
    let run = match run {
        Ok(Ok(out)) => out,
        other => panic!("tenantry did not run: {other:?}"),
    };
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.starts_with(
            "imported contoso.onmicrosoft.com, fabrikam.onmicrosoft.com: 30 users, 3 guests"
        ),
        "{stdout}"
    );
    let t = tenantry::Tenancy::load(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(t.account("bob@fabrikam.com").is_ok());
    assert!(
        !dir.join("t.json.state").exists(),
        "a state that no longer matches is removed"
    );
    assert!(!stdout.contains("multi-secret") && !stderr.contains("multi-secret"));

    // --since refreshes one tenant only.
    let since = tenantry(
        Some(&server),
        &[
            "--token-env",
            "T",
            "--tenant",
            "a",
            "--tenant",
            "b",
            "--since",
            path(&out),
            "--out",
            path(&out),
        ],
    )
    .await;
    assert_eq!(since.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_mid_way_leaves_no_output_file() {
    let dir = scratch("killed");
    let (out, report) = (dir.join("t.json"), dir.join("r.json"));
    let server = serve().await;
    // Groups drip for a minute: the import is reading when it is killed.
    server.fault(Rule::new(
        "/v1.0/groups",
        Fault::SlowDrip(std::time::Duration::from_secs(60)),
        usize::MAX,
    ));
    let base = server.base.clone();
    let args = [
        "import",
        "--graph-url",
        &base,
        "--arm-url",
        &base,
        "--token-env",
        "T",
        "--out",
        path(&out),
        "--report",
        path(&report),
    ]
    .map(str::to_owned);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenantry"))
        .args(&args)
        .env("T", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        matches!(child.try_wait(), Ok(None)),
        "the import was still reading when killed"
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(!out.exists() && !report.exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "nothing written, temporary or not: {left:?}"
    );
}

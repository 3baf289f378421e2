//! The emulator under abuse: 1,000 concurrent connections (three times,
//! in memory that does not grow), a body over the
//! limit, headers dribbled slowly (slowloris) and a TLS handshake never
//! finished, malformed JSON, forged tokens, path traversal in resource ids.
//! Each gets the service's error and status, the server stays up, and no
//! refused write changes the served state.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::{pem::PemObject, CertificateDer, ServerName};

/// The emulator, cutting off clients slower than `slow` to send their
/// headers or finish the TLS handshake.
async fn abused_with(slow: Duration) -> Fixture {
    let mut config = tenantry_emulator::Config::new(tenantry_emulator::Secret::new(SECRET));
    config.slow_client_timeout = slow;
    start_configured(scenario("contoso-and-fabrikam.json"), config).await
}

/// With a 1-second cut-off, for the slow clients' test.
async fn abused() -> Fixture {
    abused_with(Duration::from_secs(1)).await
}

fn address(f: &Fixture) -> String {
    f.emulator.url().trim_start_matches("https://").to_owned()
}

/// A TLS connection to the emulator, trusting its CA.
async fn tls(f: &Fixture) -> tokio_rustls::client::TlsStream<TcpStream> {
    let ca = CertificateDer::from_pem_file(f.emulator.ca()).unwrap_or_else(|e| panic!("{e}"));
    let mut roots = tokio_rustls::rustls::RootCertStore::empty();
    roots.add(ca).unwrap_or_else(|e| panic!("{e}"));
    let config = tokio_rustls::rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(address(f))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let name = ServerName::try_from("127.0.0.1").unwrap_or_else(|e| panic!("{e}"));
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Whether the server closes `stream` within `within` (a read sees the end
/// or an error).
async fn closed_within<S: AsyncReadExt + Unpin>(stream: &mut S, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        match tokio::time::timeout(deadline - Instant::now(), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_the_server_stays_up() {
    let f = abused().await;
    let arm = f.admin(CONTOSO, ARM).await;
    // Headers dribbled a line every 300 ms: cut off after the 1 s allowed.
    let mut slow = tls(&f).await;
    let started = Instant::now();
    let _ = slow
        .write_all(b"GET /subscriptions?api-version=2022-12-01 HTTP/1.1\r\nHost: x\r\n")
        .await;
    let mut cut = false;
    for n in 0..20 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if slow
            .write_all(format!("X-Drip-{n}: y\r\n").as_bytes())
            .await
            .is_err()
        {
            cut = true;
            break;
        }
        let _ = slow.flush().await;
        if started.elapsed() > Duration::from_millis(1500)
            && closed_within(&mut slow, Duration::from_millis(200)).await
        {
            cut = true;
            break;
        }
    }
    assert!(
        cut,
        "a slowloris client was still connected after {:?}",
        started.elapsed()
    );
    // A TCP connection that never starts TLS is closed too.
    let mut silent = TcpStream::connect(address(&f))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        closed_within(&mut silent, Duration::from_secs(4)).await,
        "a silent connection was kept"
    );
    // Meanwhile, and after, the server answers.
    let (status, _) = f.get(&arm, "/subscriptions?api-version=2022-12-01").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_connections_are_all_answered() {
    // Each side of each connection is a file descriptor in this process.
    let wanted = 1_000u64;
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local struct.
    let connections = unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max.min(2 * wanted + 512).max(limit.rlim_cur);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
        wanted.min(limit.rlim_cur.saturating_sub(256) / 2)
    };
    // The default cut-off (10 s): a thousand handshakes at once on a
    // loaded two-core machine take more than the slow clients' test's 1 s.
    let default = tenantry_emulator::Config::new(tenantry_emulator::Secret::new(SECRET));
    let f = Arc::new(abused_with(default.slow_client_timeout).await);
    let arm = Arc::new(f.admin(CONTOSO, ARM).await);
    // No connection reuse: every request its own connection, all at once.
    let pem = std::fs::read(f.emulator.ca()).unwrap_or_else(|e| panic!("{e}"));
    let ca = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::Client::builder()
        .add_root_certificate(ca)
        .pool_max_idle_per_host(0)
        .http1_only()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let url = f.url("/subscriptions?api-version=2022-12-01");
    // Three waves: memory after the third is what it was after the first
    // (server and clients are this process: its resident set).
    let mut resident = Vec::new();
    for _wave in 0..3 {
        let barrier = Arc::new(tokio::sync::Barrier::new(connections as usize));
        let tasks: Vec<_> = (0..connections)
            .map(|_| {
                let (client, url, arm, barrier) =
                    (client.clone(), url.clone(), arm.clone(), barrier.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    match client.get(&url).bearer_auth(&*arm).send().await {
                        Ok(r) => r.status().as_u16(),
                        Err(_) => 0,
                    }
                })
            })
            .collect();
        let mut ok = 0;
        for t in tasks {
            if matches!(t.await, Ok(200)) {
                ok += 1;
            }
        }
        assert_eq!(
            ok, connections,
            "{ok} of {connections} concurrent connections answered 200"
        );
        resident.push(resident_kib());
    }
    assert!(
        connections >= 500,
        "the machine allows {connections} connections only"
    );
    eprintln!("resident after each wave of {connections} connections: {resident:?} KiB");
    assert!(
        resident[2] <= resident[0] + 32 * 1024,
        "memory grew from wave to wave: {resident:?} KiB"
    );
}

/// This process's resident set, in KiB (Linux's /proc/self/status).
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_get_the_services_errors_and_change_nothing() {
    let f = abused().await;
    let before = f.emulator.snapshot();
    let arm = f.admin(CONTOSO, ARM).await;
    let sub = f.subscription(&arm).await;
    let assignment = format!(
        "/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/2b6f3c51-4d5e-4a6a-8a6d-1f5d2b110b2b?{ARM_API}"
    );

    // A raw body PUT to the assignment: the status and the error body.
    let put = |body: String| {
        let request = f
            .http
            .put(f.url(&assignment))
            .bearer_auth(&arm)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let r = request.send().await.unwrap_or_else(|e| panic!("{e}"));
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            (
                status,
                serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default(),
            )
        }
    };

    // A body over the 16 MiB limit.
    let (status, body) = put("x".repeat(17 << 20)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&body), "RequestTooLarge", "{body}");

    // Malformed and mistyped JSON.
    for bad in [
        "{\"properties\": {\"roleDefinitionId\": ",
        "[1, 2, 3]",
        "{\"properties\": 7}",
        "\u{0}",
    ] {
        let (status, body) = put(bad.to_owned()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(!code(&body).is_empty(), "an ARM error for {bad:?}: {body}");
    }

    // Forged tokens: another signature, a payload edited (a later expiry,
    // another tenant) under the old signature.
    let parts: Vec<&str> = arm.split('.').collect();
    assert_eq!(parts.len(), 3);
    let resigned = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        parts[2].chars().rev().collect::<String>()
    );
    let edited = {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut claims: serde_json::Value =
            serde_json::from_slice(&b64.decode(parts[1]).unwrap_or_default()).unwrap_or_default();
        claims["exp"] = json!(4_102_444_800u64);
        claims["tid"] = json!("00000000-0000-0000-0000-000000000000");
        format!(
            "{}.{}.{}",
            parts[0],
            b64.encode(claims.to_string()),
            parts[2]
        )
    };
    for token in [resigned, edited, "e30.e30.".to_owned(), "a.b".to_owned()] {
        let (status, body) = f.get(&token, "/subscriptions?api-version=2022-12-01").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token}: {body}");
        assert_eq!(code(&body), "InvalidAuthenticationToken", "{body}");
        let (status, body) = f
            .call(
                Method::PUT,
                Some(&token),
                &assignment,
                Some(json!({"properties": {}})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }

    // Path traversal in resource ids: an ARM or Graph error, never a file.
    for path in [
        "/subscriptions/../../etc/passwd?api-version=2022-12-01".to_owned(),
        "/subscriptions/..%2F..%2Fetc%2Fpasswd?api-version=2022-12-01".to_owned(),
        format!("/subscriptions/{sub}/../../../etc/passwd?api-version=2022-12-01"),
        format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/..%2F..%2F..%2Fetc?{ARM_API}"),
        "/v1.0/users/..%2F..%2Fetc%2Fpasswd".to_owned(),
    ] {
        let (status, body) = f.get(&arm, &path).await;
        assert!(status.is_client_error(), "{path}: {status}");
        assert!(!body.to_string().contains("root:"), "{path}: {body}");
    }

    // The server is up, and nothing refused changed what it serves.
    let (status, _) = f.get(&arm, "/subscriptions?api-version=2022-12-01").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(f.emulator.snapshot(), before);
}

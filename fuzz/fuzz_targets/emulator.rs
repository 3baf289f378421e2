//! The emulator's request handling, through its router without a socket:
//! the input is a request written as text — `METHOD PATH?QUERY`, header
//! lines, a blank line, the body — sent with a valid token for the
//! Contoso admin of scenario c08 when it has no `Authorization` of its own
//! and its first byte is odd. Every answer is a well-formed HTTP response
//! below 500 with a JSON or empty body (ARM's, Graph's or OAuth's `error`
//! for a refusal), and nothing panics. (That a refused write changes
//! nothing is emulator/tests/refusals.rs's.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tower::ServiceExt;

const SECRET: &str = "fuzzing-secret";

struct Served {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    token: String,
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        // Scenario c08's state: two directories, groups, custom roles,
        // resources and a moved subscription.
        let (report, t) =
            tenantry::scenario::play(include_str!("../../tests/conformance/c08-before-you-move-it.json"));
        assert!(report.passed(), "{report}");
        let mut config = tenantry_emulator::Config::new(tenantry_emulator::Secret::new(SECRET));
        // No request log: a line per execution would be most of the work.
        config.quiet = true;
        let router = tenantry_emulator::router(t, config).unwrap_or_else(|e| panic!("{e}"));
        let body = format!(
            "grant_type=client_credentials&client_id=admin%40contoso.onmicrosoft.com&client_secret={SECRET}&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"
        );
        let request = axum::http::Request::post("/contoso.onmicrosoft.com/oauth2/v2.0/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        let token = runtime.block_on(async {
            let response = router.clone().oneshot(request).await.unwrap_or_else(|e| match e {});
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap_or_default();
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            v["access_token"].as_str().unwrap_or_default().to_owned()
        });
        assert!(!token.is_empty(), "the fuzz target signs in");
        Served { runtime, router, token }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = served();
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let first = lines.next().unwrap_or("");
    let (method, target) = first.split_once(' ').unwrap_or(("GET", first));
    let mut request = axum::http::Request::builder().method(method).uri(target);
    let mut authorized = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            authorized |= name.trim().eq_ignore_ascii_case("authorization");
            request = request.header(name.trim(), value.trim());
        }
    }
    if !authorized && flags & 1 == 1 {
        request = request.header("authorization", format!("Bearer {}", s.token));
    }
    // What the http crate itself refuses (a bad method or URI) never
    // reaches a server.
    let Ok(request) = request.body(axum::body::Body::from(body.to_owned())) else {
        return;
    };
    s.runtime.block_on(async {
        let response = s
            .router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {});
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
            .await
            .unwrap_or_default();
        if !bytes.is_empty() {
            let parsed = serde_json::from_slice::<serde_json::Value>(&bytes);
            assert!(parsed.is_ok(), "{status}: a body that is not JSON");
            if status.is_client_error() {
                let v = parsed.unwrap_or_default();
                assert!(
                    v.get("error").is_some(),
                    "{status}: an error without ARM's, Graph's or OAuth's error: {v}"
                );
            }
        }
        assert!(
            !status.is_server_error(),
            "{status}: the emulator failed on a request"
        );
    });
});

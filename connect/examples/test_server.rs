//! The importer's loopback test server, on its own: serves Contoso over
//! Graph v1.0 and ARM on 127.0.0.1 and prints where, the token it accepts
//! and the counts an import of it must report.
//!
//! ```text
//! cargo run -p tenantry-connect --example test_server -- [PORT]
//! T=tenantry-test-token cargo run --release -p tenantry-cli -- import \
//!     --graph-url http://127.0.0.1:PORT --arm-url http://127.0.0.1:PORT \
//!     --token-env T --out /tmp/t.json --report /tmp/r.json
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

/// The token the server accepts.
const TOKEN: &str = "tenantry-test-token";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let server = support::Server::start_on(port, support::fixture::contoso(), TOKEN, 100).await;
    let counts: serde_json::Map<String, serde_json::Value> = support::fixture::expected_counts()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into()))
        .collect();
    println!(
        "{}",
        serde_json::json!({ "url": server.base, "token": TOKEN, "counts": counts })
    );
    // Serves until killed.
    std::future::pending::<()>().await;
}

//! What the emulator's HTTPS tests share: an emulator over a scenario's
//! tenancy, a reqwest client trusting the CA it wrote, sign-in and calls.
#![allow(dead_code)] // each test file uses its own part

use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use tenantry::Tenancy;
use tenantry_emulator::{Config, Emulator, Secret};

pub const SECRET: &str = "emulator-test-secret";
pub const CONTOSO: &str = "contoso.onmicrosoft.com";
pub const FABRIKAM: &str = "fabrikam.onmicrosoft.com";
pub const ARM: &str = "https://management.azure.com/.default";
pub const GRAPH: &str = "https://graph.microsoft.com/.default";
pub const ARM_API: &str = "api-version=2022-04-01";

pub fn scenario(name: &str) -> Tenancy {
    let path = format!("{}/tests/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (report, tenancy) = tenantry::scenario::play(&text);
    assert!(report.passed(), "{report}");
    tenancy
}

pub struct Fixture {
    pub emulator: Emulator,
    pub http: Client,
}

/// The emulator over the client-test tenancy (contoso-and-fabrikam.json).
pub async fn start(page_size: Option<usize>) -> Fixture {
    start_with(scenario("contoso-and-fabrikam.json"), page_size).await
}

/// The emulator over `tenancy`, paging at `page_size` if given.
pub async fn start_with(tenancy: Tenancy, page_size: Option<usize>) -> Fixture {
    let mut config = Config::new(Secret::new(SECRET));
    config.page_size = page_size;
    start_configured(tenancy, config).await
}

/// The emulator over `tenancy` with this configuration (quiet).
pub async fn start_configured(tenancy: Tenancy, mut config: Config) -> Fixture {
    config.quiet = true;
    let emulator = Emulator::start(tenancy, config)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let pem = std::fs::read(emulator.ca()).unwrap_or_else(|e| panic!("{e}"));
    let ca = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = Client::builder()
        .add_root_certificate(ca)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    Fixture { emulator, http }
}

impl Fixture {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.url())
    }

    pub async fn sign_in_raw(
        &self,
        tenant: &str,
        client_id: &str,
        secret: &str,
        scope: &str,
    ) -> (StatusCode, Value) {
        let form = [
            ("client_id", client_id),
            ("client_secret", secret),
            ("grant_type", "client_credentials"),
            ("scope", scope),
            (
                "claims",
                r#"{"access_token": {"xms_cc": {"values": ["CP1"]}}}"#,
            ),
        ];
        let r = self
            .http
            .post(self.url(&format!("/{tenant}/oauth2/v2.0/token?client-request-id=x")))
            .form(&form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = r.status();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn token(&self, tenant: &str, account: &str, scope: &str) -> String {
        let (status, body) = self.sign_in_raw(tenant, account, SECRET, scope).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap_or_default().to_owned()
    }

    /// A token of the directory's Global Administrator, `admin@<directory>`.
    pub async fn admin(&self, directory: &str, scope: &str) -> String {
        self.token(directory, &format!("admin@{directory}"), scope)
            .await
    }

    pub async fn call(
        &self,
        method: Method,
        token: Option<&str>,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut r = self.http.request(method, self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let r = r.send().await.unwrap_or_else(|e| panic!("{e}"));
        let status = r.status();
        let text = r.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, Some(token), path, None).await
    }

    /// Contoso's Azure subscription.
    pub async fn subscription(&self, admin: &str) -> String {
        let (_, subs) = self
            .get(admin, "/subscriptions?api-version=2022-12-01")
            .await;
        subs["value"][0]["subscriptionId"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// A user's object id, from Graph.
    pub async fn oid(&self, graph: &str, upn: &str) -> String {
        let (status, user) = self
            .get(graph, &format!("/v1.0/users/{}", upn.replace('@', "%40")))
            .await;
        assert_eq!(status, StatusCode::OK, "{user}");
        user["id"].as_str().unwrap_or_default().to_owned()
    }
}

pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

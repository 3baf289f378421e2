//! Several tenants in one import: an application signs in to Contoso and
//! to Fabrikam at one loopback identity platform; each is read as a lone
//! import reads it, and a guest of one at home in the other is joined to
//! its home account, so that who can manage Fabrikam's subscription names
//! Contoso's ops@contoso.com.

mod support;

use support::{fixture, Server};
use tenantry_connect::{import_tenants, Credentials, Options, Secret};

const CLIENT: &str = "2f1c5a0e-7d1b-4c39-9a53-c0ffee000002";
const SECRET: &str = "multi-tenant-application-secret";

fn options(server: &Server) -> Options {
    let credentials = Credentials::ClientSecret {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: CLIENT.into(),
        secret: Secret::new(SECRET),
    };
    let mut o =
        Options::new(tenantry::Cloud::Public, credentials).unwrap_or_else(|e| panic!("{e}"));
    o.endpoints.graph = server.base.clone();
    o.endpoints.arm = server.base.clone();
    o.endpoints.login = server.base.clone();
    o
}

#[tokio::test]
async fn two_tenants_import_into_one_model_with_their_guests_at_home() {
    let server = Server::start(fixture::contoso(), "contoso-token", 50).await;
    server.another_tenant(
        "fabrikam.onmicrosoft.com",
        "fabrikam-token",
        fixture::fabrikam(),
    );
    server.app_with_secret(CLIENT, SECRET);
    let tenants = [
        "contoso.onmicrosoft.com".to_owned(),
        "fabrikam.onmicrosoft.com".to_owned(),
    ];
    let imported = import_tenants(&options(&server), &tenants, None)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", e.code()));
    let (t, report) = (&imported.tenancy, &imported.report);
    assert_eq!(
        report.directories,
        ["contoso.onmicrosoft.com", "fabrikam.onmicrosoft.com"]
    );
    // Bob, Contoso's guest, is Fabrikam's member: no longer unresolved,
    // and so his membership of Operators holds.
    assert!(
        !report.unresolved.iter().any(|u| u.kind == "guest"),
        "{:?}",
        report.unresolved
    );
    let single = fixture::expected_counts();
    let count = |k: &str| {
        single
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(report.counts["users"], count("users") + 1, "Bob at home");
    assert_eq!(
        report.counts["guests"],
        count("guests") + 2,
        "Bob and ops as guests"
    );
    assert_eq!(report.counts["memberships"], count("memberships") + 1);
    assert_eq!(report.counts["azure_subscriptions"], 3);
    assert!(report.gaps.is_empty(), "{:?}", report.gaps);
    let gets = server.seen().iter().filter(|s| s.method == "GET").count();
    assert_eq!(
        report.requests, gets as u64,
        "GETs; the token requests are not counted"
    );
    let bob = t.account("bob@fabrikam.com");
    assert!(
        bob.is_ok_and(|a| a.home == Some("fabrikam.onmicrosoft.com")),
        "Bob's home"
    );
    let managers = t.who_can_manage(fixture::FABRIKAM_PROD).unwrap_or_default();
    assert!(
        managers
            .iter()
            .any(|m| m.account.to_string() == "ops@contoso.com"),
        "Contoso's ops owns Fabrikam Prod as a guest there: {managers:?}"
    );
    assert!(imported.state.is_none() && !report.refreshable);
}

#[tokio::test]
async fn several_tenants_need_an_application() {
    let server = Server::start(fixture::contoso(), "contoso-token", 50).await;
    let token = Secret::new("contoso-token");
    let mut o = Options::new(
        tenantry::Cloud::Public,
        Credentials::Tokens {
            graph: token.clone(),
            arm: token,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    o.endpoints.graph = server.base.clone();
    o.endpoints.arm = server.base.clone();
    let tenants = [
        "a.onmicrosoft.com".to_owned(),
        "b.onmicrosoft.com".to_owned(),
    ];
    match import_tenants(&o, &tenants, None).await {
        Ok(_) => panic!("a token signed in to two tenants"),
        Err(e) => assert_eq!(e.code(), "IMPORT_OPTIONS"),
    }
    assert!(server.seen().is_empty());
}

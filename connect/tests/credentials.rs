//! Signing in as an application at the loopback identity platform: with
//! its client secret, or with an assertion signed by its certificate's
//! key (`--client-certificate`); a refused credential fails with the
//! audience named and nothing secret in the message.

mod support;

use support::{fixture, Server};
use tenantry_connect::{import, Credentials, Options, Secret};

const TOKEN: &str = "issued-by-the-loopback-identity-platform";
const CLIENT: &str = "2f1c5a0e-7d1b-4c39-9a53-c0ffee000001";
const SECRET: &str = "a-client-secret-that-must-never-show";
const PEM: &str = include_str!("data/test-app.pem");

fn options(server: &Server, credentials: Credentials) -> Options {
    let mut o =
        Options::new(tenantry::Cloud::Public, credentials).unwrap_or_else(|e| panic!("{e}"));
    o.endpoints.graph = server.base.clone();
    o.endpoints.arm = server.base.clone();
    o.endpoints.login = server.base.clone();
    o
}

fn tokens_asked(server: &Server) -> usize {
    server
        .seen()
        .iter()
        .filter(|s| {
            s.path_and_query
                .ends_with("/contoso.onmicrosoft.com/oauth2/v2.0/token")
        })
        .count()
}

#[tokio::test]
async fn a_certificate_signs_in_and_the_import_reads_everything() {
    let server = Server::start(fixture::contoso(), TOKEN, 50).await;
    server.app_with_certificate(CLIENT, PEM);
    let credentials = Credentials::ClientCertificate {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: CLIENT.into(),
        pem: Secret::new(PEM),
    };
    let imported = import(&options(&server, credentials), None)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", e.code()));
    for (kind, n) in fixture::expected_counts() {
        assert_eq!(imported.report.counts.get(kind), Some(&n), "{kind}");
    }
    // One token per audience, kept for the import.
    assert_eq!(tokens_asked(&server), 2);
}

#[tokio::test]
async fn a_client_secret_signs_in_and_a_wrong_one_is_refused_without_showing_it() {
    let server = Server::start(fixture::contoso(), TOKEN, 50).await;
    server.app_with_secret(CLIENT, SECRET);
    let with = |secret: &str| Credentials::ClientSecret {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: CLIENT.into(),
        secret: Secret::new(secret),
    };
    let imported = import(&options(&server, with(SECRET)), None).await;
    assert!(imported.is_ok_and(|i| i.report.counts.get("users") == Some(&29)));
    match import(&options(&server, with("not-the-secret")), None).await {
        Ok(_) => panic!("a wrong secret signed in"),
        Err(e) => {
            assert_eq!(e.code(), "IMPORT_UNAUTHORIZED");
            let said = format!("{e} {} {e:?}", e.hint());
            assert!(said.contains("AADSTS7000215"), "{said}");
            assert!(!said.contains("not-the-secret") && !said.contains(SECRET));
        }
    }
}

#[tokio::test]
async fn a_certificate_the_application_does_not_have_is_refused() {
    let server = Server::start(fixture::contoso(), TOKEN, 50).await;
    // Registered with a secret only: an assertion proves nothing.
    server.app_with_secret(CLIENT, SECRET);
    let credentials = Credentials::ClientCertificate {
        tenant: "contoso.onmicrosoft.com".into(),
        client_id: CLIENT.into(),
        pem: Secret::new(PEM),
    };
    match import(&options(&server, credentials), None).await {
        Ok(_) => panic!("signed in with a certificate the application lacks"),
        Err(e) => {
            assert_eq!(e.code(), "IMPORT_UNAUTHORIZED");
            assert!(!format!("{e:?}").contains("PRIVATE KEY"));
        }
    }
}

//! Importing Contoso from the loopback Graph and ARM server: everything
//! read and joined, the rest reported; GET only; the token nowhere but in
//! the `Authorization` header; and each injected fault either retried to
//! the same model or failing with one line.

mod support;

use std::time::Duration;
use support::fixture::{self, DEV, ELSEWHERE, PRODUCTION};
use support::{Fault, Rule, Server};
use tenantry_connect::{import, Credentials, Imported, Options, Secret};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test-token-7f3a9c";

fn options(server: &Server) -> Options {
    server.options(support::tokens(TOKEN))
}

async fn serve() -> Server {
    Server::start(fixture::contoso(), TOKEN, 4).await
}

async fn run(server: &Server) -> Result<Imported, tenantry::Error> {
    import(&options(server), None).await
}

async fn clean() -> Imported {
    let server = serve().await;
    match run(&server).await {
        Ok(i) => i,
        Err(e) => panic!("{}: {e}", e.code()),
    }
}

#[tokio::test]
async fn a_tenant_imports_whole_with_every_join_and_every_gap_reported() {
    let server = serve().await;
    let imported = match run(&server).await {
        Ok(i) => i,
        Err(e) => panic!("{}: {e}", e.code()),
    };
    let (t, report) = (&imported.tenancy, &imported.report);
    for (kind, n) in fixture::expected_counts() {
        assert_eq!(
            report.counts.get(kind),
            Some(&n),
            "{kind}: {:?}",
            report.counts
        );
    }
    let unresolved = |kind: &str| {
        report
            .unresolved
            .iter()
            .filter(|u| u.kind == kind)
            .map(|u| u.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(unresolved("guest"), [fixture::entra_guest().to_string()]);
    assert_eq!(unresolved("user").len(), 1, "the name with '&'");
    let carol = t.account("carol_partner.com#EXT#@contoso.onmicrosoft.com");
    assert!(
        carol.is_ok_and(|a| a.name == Some("Carol Partner")),
        "an external member, its name without the tab"
    );
    assert_eq!(unresolved("member"), [fixture::entra_guest().to_string()]);
    assert_eq!(
        unresolved("principal"),
        [fixture::deleted_user().to_string()]
    );
    assert_eq!(
        unresolved("role_definition"),
        [fixture::LIGHTHOUSE_DELETE_ROLE, fixture::BLOB_READER]
    );
    assert_eq!(unresolved("subscription"), [ELSEWHERE]);
    assert_eq!(
        unresolved("assignable_scope"),
        [format!("/subscriptions/{ELSEWHERE}")]
    );
    assert_eq!(
        unresolved("policy_exemption"),
        [fixture::deleted_user().to_string()]
    );
    assert!(unresolved("lighthouse_delegation").is_empty());
    let counted: u64 = report.unresolved_counts.values().sum();
    assert_eq!(counted, report.unresolved.len() as u64);
    assert_eq!(
        report.not_held.get("group members of type device"),
        Some(&1)
    );
    assert!(report.gaps.is_empty(), "{:?}", report.gaps);
    assert_eq!(report.directory, "contoso.onmicrosoft.com");
    assert_eq!(report.requests, server.seen().len() as u64);
    assert_eq!(report.retries, 0);

    // The model answers: who manages Production, and through what.
    assert_eq!(t.profile(), tenantry::Profile::Current);
    let managers = t.who_can_manage(PRODUCTION).unwrap_or_default();
    let names: Vec<String> = managers.iter().map(|m| m.account.to_string()).collect();
    assert!(names.contains(&"admin@contoso.com".to_owned()), "{names:?}");
    let identity = "sp:shop-identity@contoso.onmicrosoft.com".to_owned();
    assert!(names.contains(&identity), "{names:?}");
    assert!(
        managers.iter().any(|m| m
            .via
            .iter()
            .any(|v| matches!(v, tenantry::query::Via::Elevated(_)))),
        "admin's User Access Administrator at / is an elevation: {managers:?}"
    );
    let partner = managers
        .iter()
        .find(|m| m.account.to_string() == format!("id:{}", fixture::lighthouse_operator()));
    assert!(
        partner.is_some_and(|m| m
            .via
            .iter()
            .any(|v| matches!(v, tenantry::query::Via::Lighthouse(t) if t.to_string() == fixture::PARTNER_TENANT))),
        "the partner's Contributor through Lighthouse: {managers:?}"
    );
    let web = format!("/subscriptions/{PRODUCTION}/resourceGroups/web");
    let start = "Microsoft.Compute/virtualMachines/start/action";
    for who in [
        "ops@contoso.com",
        "dev@contoso.onmicrosoft.com",
        "msa:jo@outlook.com",
    ] {
        let p = t.can_perform(who, start, &web);
        assert!(
            p.as_ref().is_ok_and(|p| p.allowed),
            "{who}: through Operators ⊃ Night shift: {p:?}"
        );
    }
    let p = t.can_perform("user3@contoso.com", start, &web);
    assert!(p.is_ok_and(|p| !p.allowed));
    let s = t.subscription(PRODUCTION);
    assert!(
        s.as_ref().is_ok_and(|s| s.offer == Some("MS-AZR-0003P")
            && s.management_group == Some("platform")
            && s.owner == tenantry::query::Owner::Unknown),
        "{s:?}"
    );
    assert!(t.subscription(DEV).is_ok_and(|s| s.offer.is_none()));
    let policy = t.subscription_policy("contoso.onmicrosoft.com");
    assert!(
        policy.is_ok_and(|p| p.block_leaving && !p.block_entering),
        "the policy"
    );
    assert_eq!(
        t.subscriptions_of("contoso.onmicrosoft.com")
            .map(|s| s.len())
            .ok(),
        Some(3)
    );

    // The resource inventory, as the snapshot holds it: identities joined
    // to their service principals, what the providers said.
    assert_eq!(
        unresolved("identity"),
        [fixture::id_of(777).to_string()],
        "the AKS cluster's identity is in no list"
    );
    assert_eq!(
        report
            .not_held
            .get("resources without a managed identity, of types a move does not affect"),
        Some(&1)
    );
    let snapshot: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap_or_default();
    let resources = snapshot["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let of = |name: &str| {
        resources
            .iter()
            .find(|r| r["id"].as_str().is_some_and(|id| id.ends_with(name)))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        of("/vm-web")["system_identity"],
        "sp:vm-web@contoso.onmicrosoft.com"
    );
    assert_eq!(
        of("/sites/shop")["user_identities"],
        serde_json::json!(["sp:shop-identity@contoso.onmicrosoft.com"])
    );
    let vault = of("/shop-secrets");
    assert_eq!(vault["key_vault_tenant"], fixture::TENANT);
    assert_eq!(vault["access_policies"].as_array().map(Vec::len), Some(2));
    assert_eq!(of("/shop-db")["entra_authentication"], true);
    assert_eq!(of("/shop-aks")["entra_authentication"], true);
    assert!(of("/shop-aks")["system_identity"].is_null());
    assert_eq!(of("/shoplake")["acls"], true);
    assert!(of("/web-net").is_null());

    // Saved and loaded, the same model.
    let json = t.to_json();
    let again = tenantry::Tenancy::from_json(&json).map(|t| t.to_json());
    assert_eq!(again.ok().as_deref(), Some(json.as_str()));
}

#[tokio::test]
async fn only_get_requests_are_sent_and_the_token_appears_nowhere_else() {
    let server = serve().await;
    let imported = run(&server).await;
    let seen = server.seen();
    assert!(seen.len() > 20, "{} requests", seen.len());
    for s in &seen {
        assert_eq!(s.method, axum::http::Method::GET, "{}", s.path_and_query);
        assert_eq!(
            s.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert!(!s.path_and_query.contains(TOKEN));
    }
    let Ok(imported) = imported else {
        panic!("the import failed")
    };
    let report = serde_json::to_string(&imported.report).unwrap_or_default();
    let opts = options(&server);
    for text in [
        report,
        imported.tenancy.to_json(),
        format!("{:?}", imported.report),
        format!("{opts:?}"),
    ] {
        assert!(!text.contains(TOKEN), "the token leaked: {text:.200}");
        assert!(!text.contains("test-token"), "part of the token leaked");
    }
    assert!(format!("{opts:?}").contains("<redacted>"));
}

/// The import survives the fault, builds the same model and says it
/// retried.
async fn survives(rule: Rule, retries: u64) -> Imported {
    let reference = clean().await.tenancy.to_json();
    let server = serve().await;
    server.fault(rule.clone());
    let imported = match run(&server).await {
        Ok(i) => i,
        Err(e) => panic!("{:?}: {}: {e}", rule.fault, e.code()),
    };
    assert_eq!(
        imported.tenancy.to_json(),
        reference,
        "{:?}: another model",
        rule.fault
    );
    assert!(
        imported.report.retries >= retries,
        "{:?}: {} retries",
        rule.fault,
        imported.report.retries
    );
    imported
}

#[tokio::test]
async fn throttling_with_retry_after_is_waited_out() {
    let i = survives(
        Rule::new("/v1.0/users", Fault::TooMany(Some("1".into())), 2),
        2,
    )
    .await;
    assert_eq!(i.report.throttled_responses, 2);
    assert!(
        i.report.throttled_seconds >= 2.0,
        "{}",
        i.report.throttled_seconds
    );
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(1));
    survives(
        Rule::new("roleAssignments", Fault::Unavailable(Some(date)), 1),
        1,
    )
    .await;
}

#[tokio::test]
async fn throttling_without_retry_after_backs_off() {
    let i = survives(Rule::new("/v1.0/groups", Fault::TooMany(None), 3), 3).await;
    assert_eq!(i.report.throttled_responses, 3);
    survives(Rule::new("subscriptions?", Fault::Unavailable(None), 2), 2).await;
}

#[tokio::test]
async fn transient_failures_are_retried() {
    survives(
        Rule::new("/v1.0/servicePrincipals", Fault::ServerError, 2),
        2,
    )
    .await;
    survives(Rule::new("/v1.0/users", Fault::Truncated, 1), 1).await;
    survives(Rule::new("/v1.0/domains", Fault::WrongContentType, 1), 1).await;
    survives(Rule::new("managementGroups", Fault::HtmlPage, 1), 1).await;
    survives(Rule::new("/members", Fault::ServerError, 3), 3).await;
}

#[tokio::test]
async fn a_slow_drip_times_out_and_is_read_again() {
    let reference = clean().await.tenancy.to_json();
    let server = serve().await;
    server.fault(Rule::new(
        "/v1.0/groups?",
        Fault::SlowDrip(Duration::from_secs(3)),
        1,
    ));
    let mut o = options(&server);
    o.timeout = Duration::from_millis(600);
    let imported = import(&o, None).await;
    let Ok(imported) = imported else {
        panic!("{:?}", imported.err())
    };
    assert_eq!(imported.tenancy.to_json(), reference);
    assert!(imported.report.retries >= 1);
}

#[tokio::test]
async fn an_empty_page_with_a_next_link_is_followed() {
    survives(Rule::new("/v1.0/users", Fault::EmptyFirstPage, 1), 0).await;
}

#[tokio::test]
async fn a_forbidden_subscription_is_a_gap_and_the_rest_is_imported() {
    let server = serve().await;
    server.fault(Rule::new(
        &format!("subscriptions/{DEV}/providers/Microsoft.Authorization/roleAssignments"),
        Fault::Forbidden,
        usize::MAX,
    ));
    let imported = match run(&server).await {
        Ok(i) => i,
        Err(e) => panic!("{}: {e}", e.code()),
    };
    let gaps = &imported.report.gaps;
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert!(gaps[0].what.contains(DEV) && gaps[0].what.contains("role assignments"));
    assert!(
        gaps[0].needs.contains("roleAssignments/read"),
        "{}",
        gaps[0].needs
    );
    assert!(gaps[0].detail.contains("AuthorizationFailed"));
    // Dev's own two assignments are missing; the inherited one came with
    // Production's list.
    assert_eq!(imported.report.counts.get("role_assignments"), Some(&6));
    assert!(imported
        .tenancy
        .who_can_manage(PRODUCTION)
        .is_ok_and(|m| !m.is_empty()));
}

/// The import fails with one line naming the cause.
async fn fails(rule: Rule, code: &str, says: &str) {
    let server = serve().await;
    server.fault(rule.clone());
    let mut o = options(&server);
    o.attempts = 3;
    match import(&o, None).await {
        Ok(_) => panic!("{:?}: the import succeeded", rule.fault),
        Err(e) => {
            let line = e.to_string();
            assert_eq!(e.code(), code, "{:?}: {line}", rule.fault);
            assert!(!line.contains('\n'), "{line}");
            assert!(line.contains(says), "{:?}: {line}", rule.fault);
            assert!(!line.contains(TOKEN) && !e.hint().contains(TOKEN));
            assert_eq!(e.family(), tenantry::Family::Import);
        }
    }
}

#[tokio::test]
async fn faults_that_do_not_pass_fail_with_one_line() {
    fails(
        Rule::new("/v1.0/groups", Fault::Expired, 1),
        "IMPORT_UNAUTHORIZED",
        "The token for http://127.0.0.1",
    )
    .await;
    fails(
        Rule::new("/v1.0/users", Fault::ServerError, usize::MAX),
        "IMPORT_HTTP",
        "HTTP 500",
    )
    .await;
    fails(
        Rule::new("subscriptions?", Fault::TooMany(None), usize::MAX),
        "IMPORT_THROTTLED",
        "after 3 attempts",
    )
    .await;
    fails(
        Rule::new("/v1.0/domains", Fault::WrongContentType, usize::MAX),
        "IMPORT_BAD_RESPONSE",
        "text/plain",
    )
    .await;
    fails(
        Rule::new("/v1.0/users?", Fault::ForeignNextLink, 1),
        "IMPORT_BAD_RESPONSE",
        "leaves the service",
    )
    .await;
}

#[tokio::test]
async fn an_expired_token_mid_import_says_which_audience() {
    let server = serve().await;
    let mut rule = Rule::new("roleAssignments", Fault::Expired, 1);
    rule.after = 1;
    server.fault(rule);
    let e = run(&server).await.err();
    let e = e.map(|e| (e.code(), e.to_string()));
    let (code, line) = e.unwrap_or_default();
    assert_eq!(code, "IMPORT_UNAUTHORIZED");
    assert!(line.contains("expired"), "{line}");
    assert!(
        line.contains(&server.base),
        "names the ARM audience: {line}"
    );
}

#[test]
fn options_are_checked_before_anything_is_read() {
    let token = Secret::new(TOKEN);
    let creds = Credentials::Tokens {
        graph: token.clone(),
        arm: token,
    };
    let e = Options::new(tenantry::Cloud::Germany, creds.clone()).err();
    assert_eq!(e.map(|e| e.code()), Some("IMPORT_OPTIONS"));
    let Ok(mut o) = Options::new(tenantry::Cloud::Public, creds) else {
        panic!("public cloud options")
    };
    assert!(o.validate().is_ok());
    o.endpoints.graph = "http://graph.example.com".into();
    let e = o
        .validate()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("--graph-url") && e.contains("only https"), "{e}");
    o.endpoints.graph = "http://[::1]:8080".into();
    assert!(o.validate().is_ok(), "loopback may be http");
    o.concurrency = 0;
    assert!(o.validate().is_err());
}

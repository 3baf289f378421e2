//! The emulator's surface through a real HTTPS client (reqwest with the
//! CA the emulator wrote): sign-in and its refusals, tokens checked on
//! every request, tenant isolation, paging, role assignments written
//! through core's rules, the import round trip. (`refusals.rs` holds one
//! request per core refusal an endpoint gives.)

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tenantry::Tenancy;
use tenantry_emulator::Secret;

#[tokio::test]
async fn sign_in_is_refused_with_the_identity_platforms_codes() {
    let f = start(None).await;
    let (status, config) = f
        .call(
            Method::GET,
            None,
            "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let endpoint = config["token_endpoint"].as_str().unwrap_or_default();
    assert!(endpoint.starts_with(f.emulator.url()), "{endpoint}");

    let (status, body) = f
        .sign_in_raw(CONTOSO, "admin@contoso.onmicrosoft.com", "wrong", ARM)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"]
        .as_str()
        .unwrap_or_default()
        .starts_with("AADSTS7000215:"));
    assert!(
        !body.to_string().contains("wrong"),
        "the secret sent is not echoed: {body}"
    );

    let (status, body) = f
        .sign_in_raw(CONTOSO, "admin@fabrikam.onmicrosoft.com", SECRET, ARM)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unauthorized_client");
    assert!(body["error_description"]
        .as_str()
        .unwrap_or_default()
        .starts_with("AADSTS700016:"));

    let (status, body) = f
        .sign_in_raw(
            "nowhere.onmicrosoft.com",
            "admin@contoso.onmicrosoft.com",
            SECRET,
            ARM,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_tenant");

    let (status, body) = f
        .call(
            Method::GET,
            None,
            "/nowhere.onmicrosoft.com/v2.0/.well-known/openid-configuration",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error_description"]
        .as_str()
        .unwrap_or_default()
        .starts_with("AADSTS90002:"));
}

#[tokio::test]
async fn tokens_carry_the_claims_tooling_reads() {
    use base64::Engine;
    let f = start(None).await;
    let token = f.token(CONTOSO, "jane@contoso.onmicrosoft.com", ARM).await;
    let body = token.split('.').nth(1).unwrap_or_default();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body)
            .unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    let (_, org) = f
        .get(
            &f.token(CONTOSO, "jane@contoso.onmicrosoft.com", GRAPH)
                .await,
            "/v1.0/organization",
        )
        .await;
    let tid = org["value"][0]["id"].as_str().unwrap_or_default();
    assert_eq!(claims["tid"], tid);
    assert_eq!(claims["upn"], "jane@contoso.onmicrosoft.com");
    assert_eq!(claims["aud"], "https://management.azure.com");
    assert_eq!(claims["iss"], format!("https://sts.windows.net/{tid}/"));
    let graph = f
        .token(CONTOSO, "admin@contoso.onmicrosoft.com", GRAPH)
        .await;
    assert_eq!(
        claims["oid"].as_str(),
        Some(f.oid(&graph, "jane@contoso.onmicrosoft.com").await.as_str())
    );
    assert!(claims["exp"].as_u64().unwrap_or(0) > claims["iat"].as_u64().unwrap_or(u64::MAX));
}

#[tokio::test]
async fn requests_without_a_good_token_are_refused() {
    let f = start(None).await;
    let (status, body) = f
        .call(
            Method::GET,
            None,
            "/subscriptions?api-version=2022-12-01",
            None,
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "AuthenticationFailed")
    );
    let (status, body) = f
        .get("abc.def.ghi", "/subscriptions?api-version=2022-12-01")
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken")
    );
    let graph = f
        .token(CONTOSO, "admin@contoso.onmicrosoft.com", GRAPH)
        .await;
    let (status, body) = f.get(&graph, "/subscriptions?api-version=2022-12-01").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationTokenAudience"
        )
    );
    let arm = f.admin(CONTOSO, ARM).await;
    let (status, body) = f.get(&arm, "/v1.0/users").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken")
    );
    let (status, body) = f.call(Method::GET, None, "/v1.0/users", None).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken")
    );
    assert!(body["error"]["innerError"]["date"].is_string(), "{body}");
    let (status, body) = f.get(&arm, "/subscriptions").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "MissingApiVersionParameter")
    );
}

#[tokio::test]
async fn a_token_sees_nothing_of_another_directory() {
    let f = start(None).await;
    let contoso = f.admin(CONTOSO, ARM).await;
    let fabrikam = f.admin(FABRIKAM, ARM).await;
    let sub = f.subscription(&contoso).await;
    let (_, theirs) = f
        .get(&fabrikam, "/subscriptions?api-version=2022-12-01")
        .await;
    let names: Vec<&str> = theirs["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["displayName"].as_str())
        .collect();
    assert_eq!(names, ["Fabrikam Production"]);
    let (status, body) = f
        .get(
            &fabrikam,
            &format!("/subscriptions/{sub}?api-version=2022-12-01"),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationTokenTenant")
    );
    let path =
        format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments?{ARM_API}");
    let (status, body) = f.get(&fabrikam, &path).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationTokenTenant")
    );
    let graph = f.admin(FABRIKAM, GRAPH).await;
    let (_, users) = f.get(&graph, "/v1.0/users?$select=userPrincipalName").await;
    let upns: Vec<&str> = users["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["userPrincipalName"].as_str())
        .collect();
    assert_eq!(
        upns,
        [
            "admin@fabrikam.onmicrosoft.com",
            "finn@fabrikam.onmicrosoft.com"
        ]
    );
    let (status, body) = f
        .get(&graph, "/v1.0/users/jane%40contoso.onmicrosoft.com")
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "Request_ResourceNotFound")
    );
}

#[tokio::test]
async fn graph_pages_keep_the_query_and_never_end_on_an_empty_page() {
    let f = start(Some(2)).await;
    let graph = f
        .token(CONTOSO, "jane@contoso.onmicrosoft.com", GRAPH)
        .await;
    let mut next = Some(f.url("/v1.0/users?$select=id,userPrincipalName&$top=5"));
    let mut upns = Vec::new();
    while let Some(link) = next.take() {
        let path = link
            .strip_prefix(f.emulator.url())
            .unwrap_or(&link)
            .to_owned();
        let (status, page) = f.get(&graph, &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["value"].as_array().cloned().unwrap_or_default();
        assert!(!items.is_empty(), "an empty page: {page}");
        for u in &items {
            assert_eq!(u.as_object().map(|o| o.len()), Some(2), "$select kept: {u}");
            upns.push(
                u["userPrincipalName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
        next = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    assert_eq!(upns.len(), 7);
    assert_eq!(upns[0], "admin@contoso.onmicrosoft.com");
    let (status, body) = f.get(&graph, "/v1.0/users?$top=1000").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "Request_UnsupportedQuery")
    );
    let (_, found) = f
        .get(
            &graph,
            "/v1.0/users?$filter=startswith(displayName,'J')&$select=displayName",
        )
        .await;
    let names: Vec<&str> = found["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["displayName"].as_str())
        .collect();
    assert_eq!(names, ["Jane Doe", "John Smith"]);
    let (_, roles) = f.get(&graph, "/v1.0/directoryRoles").await;
    let role = &roles["value"][0];
    assert_eq!(
        role["roleTemplateId"],
        "62e90394-69f5-4237-9190-012177145e10"
    );
    let (_, members) = f
        .get(
            &graph,
            &format!(
                "/v1.0/directoryRoles/{}/members",
                role["id"].as_str().unwrap_or_default()
            ),
        )
        .await;
    assert_eq!(members["value"][0]["@odata.type"], "#microsoft.graph.user");
    assert_eq!(
        members["value"][0]["userPrincipalName"],
        "admin@contoso.onmicrosoft.com"
    );
}

#[tokio::test]
async fn role_assignments_are_written_through_cores_rules() {
    let f = start(Some(2)).await;
    let admin = f.admin(CONTOSO, ARM).await;
    let reader = f
        .token(CONTOSO, "reader@contoso.onmicrosoft.com", ARM)
        .await;
    let graph = f
        .token(CONTOSO, "admin@contoso.onmicrosoft.com", GRAPH)
        .await;
    let sub = f.subscription(&admin).await;
    let jane = f.oid(&graph, "jane@contoso.onmicrosoft.com").await;
    let base = format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments");
    let name = "2d2b8b5e-7c1e-4b8f-9a55-3f1f1f1f1f1f";
    let body = json!({"properties": {
        "roleDefinitionId": format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        "principalId": jane, "principalType": "User"}});

    let (status, made) = f
        .call(
            Method::PUT,
            Some(&admin),
            &format!("{base}/{name}?{ARM_API}"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["name"], name);
    assert_eq!(made["properties"]["principalId"], jane.as_str());

    let filter = format!("{base}?{ARM_API}&$filter=principalId%20eq%20'{jane}'");
    let (_, listed) = f.get(&admin, &filter).await;
    assert_eq!(
        listed["value"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    assert_eq!(listed["value"][0]["name"], name);

    let other = "0e0e0e0e-1111-4222-8333-444444444444";
    let (status, again) = f
        .call(
            Method::PUT,
            Some(&admin),
            &format!("{base}/{other}?{ARM_API}"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        (status, code(&again)),
        (StatusCode::CONFLICT, "RoleAssignmentExists")
    );
    assert_eq!(
        again["error"]["additionalInfo"][0]["info"]["code"],
        "ALREADY_ASSIGNED"
    );

    let (status, denied) = f
        .call(
            Method::PUT,
            Some(&reader),
            &format!("{base}/{other}?{ARM_API}"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        (status, code(&denied)),
        (StatusCode::FORBIDDEN, "AuthorizationFailed")
    );

    let mut nobody = body.clone();
    nobody["properties"]["principalId"] = json!("99999999-9999-4999-8999-999999999999");
    let (status, unknown) = f
        .call(
            Method::PUT,
            Some(&admin),
            &format!("{base}/{other}?{ARM_API}"),
            Some(nobody),
        )
        .await;
    assert_eq!(
        (status, code(&unknown)),
        (StatusCode::BAD_REQUEST, "PrincipalNotFound")
    );

    let mut no_role = body.clone();
    no_role["properties"]["roleDefinitionId"] = json!(
        "/providers/Microsoft.Authorization/roleDefinitions/11111111-2222-4333-8444-555555555555"
    );
    let (status, unknown) = f
        .call(
            Method::PUT,
            Some(&admin),
            &format!("{base}/{other}?{ARM_API}"),
            Some(no_role),
        )
        .await;
    assert_eq!(
        (status, code(&unknown)),
        (StatusCode::BAD_REQUEST, "RoleDefinitionDoesNotExist")
    );

    // Paged at two: every assignment of the subscription, inherited and below.
    let mut next = Some(format!("{base}?{ARM_API}"));
    let mut seen = 0;
    while let Some(path) = next.take() {
        let (_, page) = f.get(&admin, &path).await;
        seen += page["value"].as_array().map_or(0, Vec::len);
        next = page["nextLink"]
            .as_str()
            .map(|l| l.strip_prefix(f.emulator.url()).unwrap_or(l).to_owned());
    }
    assert_eq!(seen, 6);

    let (status, gone) = f
        .call(
            Method::DELETE,
            Some(&admin),
            &format!("{base}/{name}?{ARM_API}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(gone["name"], name);
    let (status, _) = f
        .call(
            Method::DELETE,
            Some(&admin),
            &format!("{base}/{name}?{ARM_API}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, missing) = f.get(&admin, &format!("{base}/{name}?{ARM_API}")).await;
    assert_eq!(
        (status, code(&missing)),
        (StatusCode::NOT_FOUND, "RoleAssignmentNotFound")
    );

    let snapshot = Tenancy::from_json(&f.emulator.snapshot()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        snapshot
            .role_assignments(&sub)
            .map(|a| a.len())
            .unwrap_or(0),
        5
    );
}

#[tokio::test]
async fn graph_creates_users_through_r2() {
    let f = start(None).await;
    let admin = f
        .token(CONTOSO, "admin@contoso.onmicrosoft.com", GRAPH)
        .await;
    let jane = f
        .token(CONTOSO, "jane@contoso.onmicrosoft.com", GRAPH)
        .await;
    let new = json!({"accountEnabled": true, "displayName": "Nia New", "mailNickname": "nia",
        "userPrincipalName": "nia@contoso.onmicrosoft.com", "passwordProfile": {"password": "x"}});
    let (status, made) = f
        .call(Method::POST, Some(&admin), "/v1.0/users", Some(new.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["displayName"], "Nia New");
    let (status, again) = f
        .call(Method::POST, Some(&admin), "/v1.0/users", Some(new.clone()))
        .await;
    assert_eq!(
        (status, code(&again)),
        (StatusCode::BAD_REQUEST, "Request_BadRequest")
    );
    assert_eq!(again["error"]["details"][0]["code"], "USER_EXISTS");
    let mut other = new.clone();
    other["userPrincipalName"] = json!("mallory@contoso.onmicrosoft.com");
    let (status, denied) = f
        .call(Method::POST, Some(&jane), "/v1.0/users", Some(other))
        .await;
    assert_eq!(
        (status, code(&denied)),
        (StatusCode::FORBIDDEN, "Authorization_RequestDenied")
    );
    let mut bad = new;
    bad["userPrincipalName"] = json!("nia@elsewhere.example");
    let (status, _) = f
        .call(Method::POST, Some(&admin), "/v1.0/users", Some(bad))
        .await;
    assert!(status.is_client_error(), "{status}");
}

#[tokio::test]
async fn the_served_state_resets() {
    let f = start(None).await;
    let admin = f
        .token(CONTOSO, "admin@contoso.onmicrosoft.com", GRAPH)
        .await;
    let before = f.emulator.snapshot();
    let new = json!({"userPrincipalName": "nia@contoso.onmicrosoft.com", "displayName": "Nia"});
    let (status, _) = f
        .call(Method::POST, Some(&admin), "/v1.0/users", Some(new))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(f.emulator.snapshot(), before);
    let (status, _) = f.call(Method::POST, None, "/_tenantry/reset", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, user) = f
        .get(&admin, "/v1.0/users/nia%40contoso.onmicrosoft.com")
        .await;
    assert_eq!(
        (status, code(&user)),
        (StatusCode::NOT_FOUND, "Request_ResourceNotFound")
    );
    // The token signed before the reset still signs the same account in.
    let (status, _) = f.get(&admin, "/v1.0/me").await;
    assert_eq!(status, StatusCode::OK);
}

/// What a tenancy says about who is where and who manages what: the
/// facts an import from the emulator must give back.
fn facts(t: &Tenancy) -> Vec<String> {
    let mut out = Vec::new();
    for d in t.directories() {
        let mut users = t.users_of(d.initial_domain).unwrap_or_default();
        users.sort_unstable();
        out.push(format!("{} {} users {users:?}", d.initial_domain, d.id));
        let mut subs = t.subscriptions_of(d.initial_domain).unwrap_or_default();
        subs.sort_unstable();
        out.push(format!("{} subscriptions {subs:?}", d.initial_domain));
    }
    for s in t.subscriptions() {
        let id = s.id.to_string();
        // Graph names an Office 365 subscription by its SKU only: what an
        // import calls it is the SKU's part number, not the plan's name.
        let name = match s.kind {
            tenantry::SubscriptionKind::Office365 => "",
            tenantry::SubscriptionKind::Azure => s.name,
        };
        out.push(format!("{id} {name} {:?} in {}", s.kind, s.directory));
        let mut assignments: Vec<String> = t
            .role_assignments(&id)
            .unwrap_or_default()
            .iter()
            .map(|a| format!("{} {} {}", a.principal, a.role, a.scope))
            .collect();
        assignments.sort_unstable();
        out.push(format!("{id} assignments {assignments:?}"));
        let mut managers: Vec<String> = t
            .who_can_manage(&id)
            .unwrap_or_default()
            .iter()
            .map(|m| format!("{} {}", m.account, m.reason))
            .collect();
        managers.sort_unstable();
        out.push(format!("{id} managers {managers:?}"));
    }
    out
}

#[tokio::test]
async fn an_import_from_the_emulator_gives_back_what_it_serves() {
    let f = start(Some(3)).await;
    let served = Tenancy::from_json(&f.emulator.snapshot()).unwrap_or_else(|e| panic!("{e}"));
    let mut options = tenantry_connect::Options::new(
        tenantry::Cloud::Public,
        tenantry_connect::Credentials::ClientSecret {
            tenant: CONTOSO.into(),
            client_id: "admin@contoso.onmicrosoft.com".into(),
            secret: Secret::new(SECRET),
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    options.endpoints.graph = f.emulator.url().to_owned();
    options.endpoints.arm = f.emulator.url().to_owned();
    options.endpoints.login = f.emulator.url().to_owned();
    options.ca_cert = Some(std::fs::read(f.emulator.ca()).unwrap_or_default());
    let imported = tenantry_connect::import(&options, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // One directory is imported: Contoso's facts, and nothing of Fabrikam.
    let contoso = |facts: Vec<String>| -> Vec<String> {
        facts
            .into_iter()
            .filter(|f| !f.contains("fabrikam") && !f.contains("Fabrikam"))
            .collect()
    };
    assert_eq!(contoso(facts(&imported.tenancy)), contoso(facts(&served)));
}

#[tokio::test]
async fn a_subscription_changes_directory_through_the_two_party_request() {
    let f = start(None).await;
    let contoso = f.admin(CONTOSO, ARM).await;
    let fabrikam = f.admin(FABRIKAM, ARM).await;
    let finn = f
        .token(FABRIKAM, "finn@fabrikam.onmicrosoft.com", ARM)
        .await;
    let sub = f.subscription(&contoso).await;
    let (_, org) = f
        .get(&f.admin(FABRIKAM, GRAPH).await, "/v1.0/organization")
        .await;
    let to = org["value"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let request = format!("/subscriptions/{sub}/providers/Microsoft.Subscription/changeTenantRequest/default?api-version=2024-08-01-preview");
    let accept = format!("/subscriptions/{sub}/providers/Microsoft.Subscription/acceptChangeTenant?api-version=2024-08-01-preview");

    // A directory that never set its policy blocks both ways: both admins
    // elevate and open theirs first.
    for token in [&contoso, &fabrikam] {
        let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
        let (status, _) = f.call(Method::POST, Some(token), elevate, None).await;
        assert_eq!(status, StatusCode::OK);
        let open = json!({"blockSubscriptionsLeavingTenant": false, "blockSubscriptionsIntoTenant": false});
        let policy = "/providers/Microsoft.Subscription/policies/default?api-version=2021-10-01";
        let (status, body) = f.call(Method::PUT, Some(token), policy, Some(open)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, none) = f.get(&contoso, &request).await;
    assert_eq!(
        (status, code(&none)),
        (StatusCode::NOT_FOUND, "ChangeTenantRequestNotFound")
    );
    let body = json!({"properties": {"destinationTenantId": to}});
    let (status, made) = f
        .call(Method::PUT, Some(&contoso), &request, Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["properties"]["destinationTenantId"], to.as_str());
    let (status, again) = f
        .call(Method::PUT, Some(&contoso), &request, Some(body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&again), "CHANGE_REQUEST_PENDING");

    let (status, denied) = f.call(Method::POST, Some(&finn), &accept, None).await;
    assert_eq!(
        (status, code(&denied)),
        (StatusCode::FORBIDDEN, "AuthorizationFailed")
    );
    let (status, _) = f.call(Method::POST, Some(&fabrikam), &accept, None).await;
    assert_eq!(status, StatusCode::OK);

    let (status, moved) = f
        .get(
            &fabrikam,
            &format!("/subscriptions/{sub}?api-version=2022-12-01"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["tenantId"], to.as_str());
    let (status, body) = f
        .get(
            &contoso,
            &format!("/subscriptions/{sub}?api-version=2022-12-01"),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::UNAUTHORIZED, "InvalidAuthenticationTokenTenant")
    );
}

#[tokio::test]
async fn the_subscription_policy_and_elevation_go_through_core() {
    let f = start(None).await;
    let admin = f.admin(CONTOSO, ARM).await;
    let jane = f.token(CONTOSO, "jane@contoso.onmicrosoft.com", ARM).await;
    let policy = "/providers/Microsoft.Subscription/policies/default?api-version=2021-10-01";
    let body =
        json!({"blockSubscriptionsLeavingTenant": true, "blockSubscriptionsIntoTenant": false});
    let (status, denied) = f
        .call(Method::PUT, Some(&jane), policy, Some(body.clone()))
        .await;
    assert_eq!(
        (status, code(&denied)),
        (StatusCode::FORBIDDEN, "AuthorizationFailed")
    );
    let (status, unelevated) = f
        .call(Method::PUT, Some(&admin), policy, Some(body.clone()))
        .await;
    assert_eq!(
        (status, code(&unelevated)),
        (StatusCode::FORBIDDEN, "AuthorizationFailed")
    );
    assert_eq!(
        unelevated["error"]["additionalInfo"][0]["info"]["code"],
        "ELEVATION_REQUIRED"
    );

    let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
    let (status, denied) = f.call(Method::POST, Some(&jane), elevate, None).await;
    assert_eq!(
        (status, code(&denied)),
        (StatusCode::FORBIDDEN, "AuthorizationFailed")
    );
    let (status, _) = f.call(Method::POST, Some(&admin), elevate, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, set) = f.call(Method::PUT, Some(&admin), policy, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    let (_, read) = f.get(&jane, policy).await;
    assert_eq!(read["properties"]["blockSubscriptionsLeavingTenant"], true);
    assert_eq!(read["properties"]["blockSubscriptionsIntoTenant"], false);
    let root =
        format!("/providers/Microsoft.Authorization/roleAssignments?{ARM_API}&$filter=atScope()");
    let (status, at_root) = f.get(&admin, &root).await;
    assert_eq!(status, StatusCode::OK, "{at_root}");
    let roles: Vec<&str> = at_root["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["properties"]["roleDefinitionId"].as_str())
        .collect();
    assert!(
        roles
            .iter()
            .any(|r| r.ends_with("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9")),
        "{at_root}"
    );
}

#[tokio::test]
async fn a_service_principal_signs_in_by_its_application_id() {
    use base64::Engine;
    let f = start(None).await;
    let graph = f.admin(CONTOSO, GRAPH).await;
    let (status, sps) = f.get(&graph, "/v1.0/servicePrincipals").await;
    assert_eq!(status, StatusCode::OK, "{sps}");
    let deployer = sps["value"]
        .as_array()
        .and_then(|v| v.iter().find(|s| s["displayName"] == "Deployer"))
        .cloned()
        .unwrap_or(Value::Null);
    let app_id = deployer["appId"].as_str().unwrap_or_default().to_owned();
    let oid = deployer["id"].as_str().unwrap_or_default().to_owned();
    assert!(!app_id.is_empty() && app_id != oid, "{deployer}");

    // Its object id is not what it signs in with, and another
    // directory does not hold it.
    let (status, body) = f.sign_in_raw(CONTOSO, &oid, SECRET, ARM).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error_codes"][0], 700_016);
    let (status, body) = f.sign_in_raw(FABRIKAM, &app_id, SECRET, ARM).await;
    assert_eq!(body["error_codes"][0], 700_016, "{status} {body}");
    let (status, body) = f.sign_in_raw(CONTOSO, &app_id, "wrong", ARM).await;
    assert_eq!(body["error_codes"][0], 7_000_215, "{status} {body}");

    // An app-only token: appid and idtyp, no upn.
    let arm = f.token(CONTOSO, &app_id, ARM).await;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(arm.split('.').nth(1).unwrap_or_default())
            .unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    assert_eq!(claims["appid"], app_id.as_str());
    assert_eq!(claims["oid"], oid.as_str());
    assert_eq!(claims["idtyp"], "app");
    assert!(claims.get("upn").is_none(), "{claims}");

    // Without a role it reads no subscription and may not read one.
    let admin = f.admin(CONTOSO, ARM).await;
    let sub = f.subscription(&admin).await;
    let (status, subs) = f.get(&arm, "/subscriptions?api-version=2022-12-01").await;
    assert_eq!(status, StatusCode::OK, "{subs}");
    assert_eq!(subs["value"].as_array().map(Vec::len), Some(0), "{subs}");
    let base = format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments");
    let (status, body) = f.get(&arm, &format!("{base}?{ARM_API}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), "AuthorizationFailed");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&app_id) && message.contains(&oid),
        "{message}"
    );

    // Reader at the subscription, given by the admin, lets it read.
    let reader = format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7");
    let (status, made) = f
        .call(
            Method::PUT,
            Some(&admin),
            &format!("{base}/5e5e5e5e-1111-4222-8333-444444444444?{ARM_API}"),
            Some(json!({"properties": {
                "roleDefinitionId": reader, "principalId": oid,
                "principalType": "ServicePrincipal"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["properties"]["principalType"], "ServicePrincipal");
    let (_, subs) = f.get(&arm, "/subscriptions?api-version=2022-12-01").await;
    assert_eq!(subs["value"][0]["subscriptionId"], sub.as_str(), "{subs}");
    let (status, listed) = f
        .get(
            &arm,
            &format!("{base}?{ARM_API}&$filter=assignedTo('{oid}')"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(
        listed["value"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );
    let (_, tenants) = f.get(&arm, "/tenants?api-version=2022-12-01").await;
    assert_eq!(
        tenants["value"].as_array().map(Vec::len),
        Some(1),
        "{tenants}"
    );

    // A Reader writes nothing, and the refusal names the application.
    let before = f.emulator.snapshot();
    let (status, body) = f
        .call(
            Method::PUT,
            Some(&arm),
            &format!("{base}/6e6e6e6e-1111-4222-8333-444444444444?{ARM_API}"),
            Some(json!({"properties": {"roleDefinitionId": reader, "principalId": oid}})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(f.emulator.snapshot(), before);

    // Graph: directory reads work, `/me` is for delegated tokens only.
    let app_graph = f.token(CONTOSO, &app_id, GRAPH).await;
    let (status, users) = f.get(&app_graph, "/v1.0/users").await;
    assert_eq!(status, StatusCode::OK, "{users}");
    let (status, me) = f.get(&app_graph, "/v1.0/me").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{me}");
    assert_eq!(code(&me), "BadRequest");
    let (status, body) = f
        .call(
            Method::POST,
            Some(&app_graph),
            "/v1.0/users",
            Some(json!({"userPrincipalName": "bot-made@contoso.onmicrosoft.com"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), "Authorization_RequestDenied");
    assert_eq!(f.emulator.snapshot(), before);
}

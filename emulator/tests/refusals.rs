//! One request per core refusal an endpoint of the emulator can produce,
//! each answered with the status and code the real service uses and with
//! core's code, rule and hint beside it (ARM's `additionalInfo`, Graph's
//! `details`), and no change to the served state. Every code of core's
//! table is either produced here or listed in [`UNREACHABLE`] with the
//! reason no endpoint can produce it, so a new code needs a decision.

mod common;

use std::collections::BTreeSet;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Map, Value};
use tenantry::Tenancy;

/// Core's codes no request to the emulator can produce, and why.
const UNREACHABLE: &[(&str, &str)] = &[
    ("DOMAIN_TAKEN", "sign-ups (R1, R3) and domain verification have no endpoint"),
    ("ENTERPRISE_AGREEMENT_NOT_SUPPORTED", "Azure sign-up (R3) has no endpoint"),
    ("HOME_DIRECTORY_ONLY", "a token is issued only for a directory the account is a user of"),
    ("REQUIRES_GLOBAL_OR_BILLING_ADMIN", "buying Office 365 (R10) has no endpoint"),
    ("NOT_GLOBAL_ADMIN_OF_TARGET", "the classic link of an Office 365 tenant (R6) has no endpoint"),
    ("ALREADY_MEMBER", "invitations and \"Use existing directory\" (R5) have no endpoint"),
    ("NOT_ASSIGNED", "ARM answers a DELETE of an assignment that is not there with 204, before core"),
    ("PARTNER_EXISTS", "Partner Center (N6, N7) has no endpoint"),
    ("DIRECTORY_LIMIT", "joining a directory (R5) has no endpoint"),
    ("REQUIRES_SERVICE_ADMIN", "classic administrators are read-only on the wire"),
    ("NOT_A_USER_OF_TARGET", "the one-party directory change (R6) has no endpoint; the two-party request does not need it"),
    ("CROSS_CLOUD", "the emulator serves one cloud"),
    ("CO_ADMIN_LIMIT", "classic administrators are read-only on the wire"),
    ("SERVICE_ADMIN_IN_TARGET_TENANT", "the classic link of an Office 365 tenant (R6) has no endpoint"),
    ("SERVICE_ADMIN_IS_TARGET_GLOBAL_ADMIN", "the classic link of an Office 365 tenant (R6) has no endpoint"),
    ("SERVICE_ADMIN_AMBIGUOUS", "the classic link of an Office 365 tenant (R6) has no endpoint"),
    ("NO_SUBSCRIPTION_ACCESS", "the classic portal's sign-in is not served"),
    ("LAST_GLOBAL_ADMIN", "directory roles are read-only on the wire"),
    ("UNKNOWN_PARTNER", "Partner Center (N6, N7) has no endpoint"),
    ("INVALID_SNAPSHOT", "the emulator starts from a checked tenancy, and reset restores its own snapshot"),
    ("INVALID_SCENARIO", "the emulator builds every operation itself from a checked request"),
    ("CLASSIC_ADMIN_RETIRED", "classic administrators are read-only: under current rules the list is empty, as ARM's is"),
    ("CLASSIC_PORTAL_RETIRED", "the classic portal's operations have no endpoint"),
    ("CLOUD_RETIRED", "the emulator serves one cloud, which is open"),
    ("AMBIGUOUS_REFERENCE", "the wire names principals, roles and directories by id, which are unique"),
    ("GROUP_CYCLE", "group membership is read-only on the wire"),
    ("CUSTOM_ROLE_LIMIT", "role definitions are read-only on the wire"),
    ("MANAGEMENT_GROUP_DEPTH", "management groups are read-only on the wire"),
    ("ROLE_IN_USE", "role definitions are read-only on the wire"),
    ("NO_RELATIONSHIP", "GDAP relationships (N7) have no endpoint"),
    ("GROUP_NOT_ROLE_ASSIGNABLE", "directory roles are read-only on the wire"),
    ("NO_DIRECT_OWNER", "a blocking fact of move_impact, which no operation refuses with"),
    ("RESOURCE_EXISTS", "resources (create_resource) have no endpoint: ARM's resource PUTs are not served"),
    ("IO_ERROR", "the emulator reads and writes no file while serving (--save writes at shutdown)"),
    ("IMPORT_OPTIONS", "an importer's error, not the emulator's"),
    ("IMPORT_UNAUTHORIZED", "an importer's error, not the emulator's"),
    ("IMPORT_HTTP", "an importer's error, not the emulator's"),
    ("IMPORT_NETWORK", "an importer's error, not the emulator's"),
    ("IMPORT_BAD_RESPONSE", "an importer's error, not the emulator's"),
    ("IMPORT_THROTTLED", "an importer's error, not the emulator's"),
    ("INTERNAL", "a panic while answering, which no request is known to cause (the fuzzer's emulator target found none); the handler answers it 500, as errors.rs's test shows"),
];

/// Core's codes the emulator answers itself, before core is asked, with
/// the wire answer core's refusal maps to (so they carry no core code).
const ANSWERED_BEFORE_CORE: &[&str] = &["UNKNOWN_SUBSCRIPTION"];

/// The wire refusal a request must get.
struct Wanted {
    status: StatusCode,
    code: &'static str,
    /// Core's code beside it.
    core: &'static str,
}

fn wanted(status: StatusCode, code: &'static str, core: &'static str) -> Wanted {
    Wanted { status, code, core }
}

/// Sends a request that must be refused as `want` says, without changing
/// what the emulator serves, and notes the core code it produced.
async fn refused(
    f: &Fixture,
    seen: &mut BTreeSet<&'static str>,
    (method, token, path, body): (Method, &str, &str, Option<Value>),
    want: Wanted,
) {
    let before = f.emulator.snapshot();
    let (status, answer) = f.call(method.clone(), Some(token), path, body).await;
    let what = format!("{method} {path} for {}", want.core);
    assert_eq!(status, want.status, "{what}: {answer}");
    assert_eq!(code(&answer), want.code, "{what}: {answer}");
    let error = &answer["error"];
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {answer}"
    );
    let (core, hint) = if path.starts_with("/v1.0/") {
        assert!(error["innerError"]["request-id"].is_string(), "{answer}");
        (
            &error["details"][0]["code"],
            &error["details"][0]["message"],
        )
    } else {
        let info = &error["additionalInfo"][0];
        assert_eq!(info["type"], "TenantryError", "{what}: {answer}");
        (&info["info"]["code"], &info["info"]["hint"])
    };
    assert_eq!(core, want.core, "{what}: {answer}");
    assert!(
        hint.as_str().is_some_and(|h| !h.is_empty()),
        "{what}: {answer}"
    );
    assert_eq!(
        f.emulator.snapshot(),
        before,
        "{what} changed the served state"
    );
    seen.insert(want.core);
}

/// Applies an operation to a tenancy as a scenario writes it.
fn apply(tenancy: &mut Tenancy, op: &str, args: Value) {
    let Value::Object(args) = args else {
        panic!("{op}: arguments are an object")
    };
    let operation = tenantry::scenario::build_operation(op, args).unwrap_or_else(|e| panic!("{e}"));
    tenancy
        .apply(&operation)
        .unwrap_or_else(|e| panic!("{op}: {e}"));
}

/// The subscription of that display name the token can read.
async fn subscription_named(f: &Fixture, token: &str, name: &str) -> String {
    let (_, subs) = f.get(token, "/subscriptions?api-version=2022-12-01").await;
    subs["value"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["displayName"] == name)
        .and_then(|s| s["subscriptionId"].as_str())
        .unwrap_or_else(|| panic!("no subscription {name} in {subs}"))
        .to_owned()
}

/// A directory's tenant id, from Graph.
async fn tenant_id(f: &Fixture, graph: &str) -> String {
    let (_, org) = f.get(graph, "/v1.0/organization").await;
    org["value"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn role_body(sub: &str, role: &str, principal: &str) -> Value {
    json!({"properties": {
        "roleDefinitionId": format!("/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{role}"),
        "principalId": principal, "principalType": "User"}})
}

const READER_ROLE: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const CONTRIBUTOR_ROLE: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const NOBODY: &str = "99999999-9999-4999-8999-999999999999";

/// Role assignments: PUT refused by the caller's rights, an existing
/// assignment, an unknown or foreign principal, an unknown role or
/// management group; DELETE refused by the caller's rights.
async fn role_assignments(seen: &mut BTreeSet<&'static str>) {
    let f = start(None).await;
    let admin = f.admin(CONTOSO, ARM).await;
    let reader = f
        .token(CONTOSO, "reader@contoso.onmicrosoft.com", ARM)
        .await;
    let graph = f.admin(CONTOSO, GRAPH).await;
    let sub = f.subscription(&admin).await;
    let jane = f.oid(&graph, "jane@contoso.onmicrosoft.com").await;
    let reader_oid = f.oid(&graph, "reader@contoso.onmicrosoft.com").await;
    let finn = f
        .oid(
            &f.admin(FABRIKAM, GRAPH).await,
            "finn@fabrikam.onmicrosoft.com",
        )
        .await;
    let put = |scope: &str| {
        format!(
            "{scope}/providers/Microsoft.Authorization/roleAssignments/0e0e0e0e-1111-4222-8333-444444444444?{ARM_API}"
        )
    };
    let at_sub = put(&format!("/subscriptions/{sub}"));
    let cases = [
        (
            &reader,
            at_sub.clone(),
            role_body(&sub, READER_ROLE, &jane),
            wanted(
                StatusCode::FORBIDDEN,
                "AuthorizationFailed",
                "NOT_AUTHORIZED",
            ),
        ),
        (
            &admin,
            at_sub.clone(),
            role_body(&sub, READER_ROLE, &reader_oid),
            wanted(
                StatusCode::CONFLICT,
                "RoleAssignmentExists",
                "ALREADY_ASSIGNED",
            ),
        ),
        (
            &admin,
            at_sub.clone(),
            role_body(&sub, READER_ROLE, NOBODY),
            wanted(
                StatusCode::BAD_REQUEST,
                "PrincipalNotFound",
                "UNKNOWN_PRINCIPAL",
            ),
        ),
        (
            &admin,
            at_sub.clone(),
            // Another directory's user is unknown here: the answer names
            // nothing of that directory (tenant isolation).
            role_body(&sub, READER_ROLE, &finn),
            wanted(
                StatusCode::BAD_REQUEST,
                "PrincipalNotFound",
                "UNKNOWN_PRINCIPAL",
            ),
        ),
        (
            &admin,
            at_sub.clone(),
            role_body(&sub, "11111111-2222-4333-8444-555555555555", &jane),
            wanted(
                StatusCode::BAD_REQUEST,
                "RoleDefinitionDoesNotExist",
                "UNKNOWN_ROLE",
            ),
        ),
        (
            &admin,
            put("/providers/Microsoft.Management/managementGroups/no-such-group"),
            role_body(&sub, READER_ROLE, &jane),
            wanted(
                StatusCode::NOT_FOUND,
                "ManagementGroupNotFound",
                "UNKNOWN_MANAGEMENT_GROUP",
            ),
        ),
    ];
    for (token, path, body, want) in cases {
        refused(&f, seen, (Method::PUT, token, &path, Some(body)), want).await;
    }

    let (_, listed) = f
        .get(
            &admin,
            &format!(
                "/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments?{ARM_API}&$filter=principalId%20eq%20'{reader_oid}'"
            ),
        )
        .await;
    let id = listed["value"][0]["id"].as_str().unwrap_or_default();
    assert!(!id.is_empty(), "{listed}");
    refused(
        &f,
        seen,
        (Method::DELETE, &reader, &format!("{id}?{ARM_API}"), None),
        wanted(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            "NOT_AUTHORIZED",
        ),
    )
    .await;

    // Answered before core: the wire answer of UNKNOWN_SUBSCRIPTION.
    let (status, body) = f
        .get(
            &admin,
            &format!("/subscriptions/{NOBODY}?api-version=2022-12-01"),
        )
        .await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "SubscriptionNotFound")
    );
}

/// A subscription with the most role assignments allowed today refuses
/// one more with `RoleAssignmentLimitExceeded`.
async fn role_assignment_limit(seen: &mut BTreeSet<&'static str>) {
    let mut tenancy = scenario("contoso-and-fabrikam.json");
    let snapshot: Value =
        serde_json::from_str(&tenancy.to_json()).unwrap_or_else(|e| panic!("{e}"));
    let sub = snapshot["subscriptions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["name"] == "Contoso Production")
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("no Contoso Production in the snapshot"))
        .to_owned();
    let held = tenancy
        .role_assignments(&sub)
        .map(|a| a.len())
        .unwrap_or_else(|e| panic!("{e}"));
    for i in held..tenantry::model::MAX_ROLE_ASSIGNMENTS_TODAY {
        apply(
            &mut tenancy,
            "assign_role",
            json!({
                "actor": "admin@contoso.onmicrosoft.com",
                "scope": format!("/subscriptions/{sub}/resourceGroups/rg{i}"),
                "principal": "dev@contoso.onmicrosoft.com",
                "role": "reader",
            }),
        );
    }
    let f = start_with(tenancy, None).await;
    let admin = f.admin(CONTOSO, ARM).await;
    let jane = f
        .oid(
            &f.admin(CONTOSO, GRAPH).await,
            "jane@contoso.onmicrosoft.com",
        )
        .await;
    let path = format!(
        "/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/0e0e0e0e-1111-4222-8333-444444444444?{ARM_API}"
    );
    refused(
        &f,
        seen,
        (
            Method::PUT,
            &admin,
            &path,
            Some(role_body(&sub, CONTRIBUTOR_ROLE, &jane)),
        ),
        wanted(
            StatusCode::BAD_REQUEST,
            "RoleAssignmentLimitExceeded",
            "ROLE_ASSIGNMENT_LIMIT",
        ),
    )
    .await;
}

/// Elevation and the subscription policy.
async fn elevation_and_policy(seen: &mut BTreeSet<&'static str>) {
    let f = start(None).await;
    let admin = f.admin(CONTOSO, ARM).await;
    let jane = f.token(CONTOSO, "jane@contoso.onmicrosoft.com", ARM).await;
    let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
    let policy = "/providers/Microsoft.Subscription/policies/default?api-version=2021-10-01";
    let open =
        json!({"blockSubscriptionsLeavingTenant": false, "blockSubscriptionsIntoTenant": false});
    refused(
        &f,
        seen,
        (Method::POST, &jane, elevate, None),
        wanted(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            "REQUIRES_GLOBAL_ADMIN",
        ),
    )
    .await;
    refused(
        &f,
        seen,
        (Method::PUT, &admin, policy, Some(open)),
        wanted(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            "ELEVATION_REQUIRED",
        ),
    )
    .await;
}

/// The two-party directory change: the policies of both directories, the
/// requester's rights, the destination, the offer, a pending request and
/// none to accept or cancel.
async fn directory_change(seen: &mut BTreeSet<&'static str>) {
    let mut tenancy = scenario("contoso-and-fabrikam.json");
    apply(
        &mut tenancy,
        "sign_up_azure",
        json!({"actor": "admin@contoso.onmicrosoft.com", "offer": "MS-AZR-0144P", "name": "Contoso Students"}),
    );
    let f = start_with(tenancy, None).await;
    let contoso = f.admin(CONTOSO, ARM).await;
    let fabrikam = f.admin(FABRIKAM, ARM).await;
    let jane = f.token(CONTOSO, "jane@contoso.onmicrosoft.com", ARM).await;
    let finn = f
        .token(FABRIKAM, "finn@fabrikam.onmicrosoft.com", ARM)
        .await;
    let sub = subscription_named(&f, &contoso, "Contoso Production").await;
    let students = subscription_named(&f, &contoso, "Contoso Students").await;
    let here = tenant_id(&f, &f.admin(CONTOSO, GRAPH).await).await;
    let there = tenant_id(&f, &f.admin(FABRIKAM, GRAPH).await).await;
    let api = "api-version=2024-08-01-preview";
    let request = |sub: &str| {
        format!("/subscriptions/{sub}/providers/Microsoft.Subscription/changeTenantRequest/default?{api}")
    };
    let accept =
        format!("/subscriptions/{sub}/providers/Microsoft.Subscription/acceptChangeTenant?{api}");
    let to = |tenant: &str| Some(json!({"properties": {"destinationTenantId": tenant}}));
    let policy = |token: &str, leaving: bool, entering: bool| {
        let token = token.to_owned();
        let f = &f;
        async move {
            let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
            let (status, _) = f.call(Method::POST, Some(&token), elevate, None).await;
            assert_eq!(status, StatusCode::OK);
            let body = json!({"blockSubscriptionsLeavingTenant": leaving, "blockSubscriptionsIntoTenant": entering});
            let path = "/providers/Microsoft.Subscription/policies/default?api-version=2021-10-01";
            let (status, set) = f.call(Method::PUT, Some(&token), path, Some(body)).await;
            assert_eq!(status, StatusCode::OK, "{set}");
        }
    };

    // A directory that never set its policy blocks both ways.
    refused(
        &f,
        seen,
        (Method::PUT, &contoso, &request(&sub), to(&there)),
        wanted(
            StatusCode::FORBIDDEN,
            "RequestDisallowedByPolicy",
            "SUBSCRIPTION_POLICY_BLOCKS_LEAVING",
        ),
    )
    .await;
    policy(&contoso, false, false).await;

    let unknown_owner = Some(json!({"properties": {
        "destinationTenantId": there, "destinationOwnerId": "nobody@fabrikam.onmicrosoft.com"}}));
    let foreign_owner = Some(json!({"properties": {
        "destinationTenantId": there, "destinationOwnerId": "jane@contoso.onmicrosoft.com"}}));
    let cases = [
        (
            &contoso,
            request(&sub),
            foreign_owner,
            wanted(
                StatusCode::BAD_REQUEST,
                "PrincipalNotFound",
                "NOT_A_USER_OF_DIRECTORY",
            ),
        ),
        (
            &jane,
            request(&sub),
            to(&there),
            wanted(
                StatusCode::FORBIDDEN,
                "AuthorizationFailed",
                "REQUIRES_OWNER",
            ),
        ),
        (
            &contoso,
            request(&sub),
            to(&here),
            wanted(StatusCode::BAD_REQUEST, "SAME_DIRECTORY", "SAME_DIRECTORY"),
        ),
        (
            &contoso,
            request(&sub),
            to(NOBODY),
            wanted(StatusCode::NOT_FOUND, "TenantNotFound", "UNKNOWN_DIRECTORY"),
        ),
        (
            &contoso,
            request(&sub),
            unknown_owner,
            wanted(
                StatusCode::BAD_REQUEST,
                "PrincipalNotFound",
                "UNKNOWN_ACCOUNT",
            ),
        ),
        (
            &contoso,
            request(&students),
            to(&there),
            wanted(
                StatusCode::BAD_REQUEST,
                "DIRECTORY_CHANGE_NOT_SUPPORTED",
                "DIRECTORY_CHANGE_NOT_SUPPORTED",
            ),
        ),
    ];
    for (token, path, body, want) in cases {
        refused(&f, seen, (Method::PUT, token, &path, body), want).await;
    }
    refused(
        &f,
        seen,
        (Method::POST, &fabrikam, &accept, None),
        wanted(
            StatusCode::BAD_REQUEST,
            "NO_CHANGE_REQUEST",
            "NO_CHANGE_REQUEST",
        ),
    )
    .await;
    refused(
        &f,
        seen,
        (Method::DELETE, &contoso, &request(&sub), None),
        wanted(
            StatusCode::BAD_REQUEST,
            "NO_CHANGE_REQUEST",
            "NO_CHANGE_REQUEST",
        ),
    )
    .await;

    let (status, made) = f
        .call(Method::PUT, Some(&contoso), &request(&sub), to(&there))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    refused(
        &f,
        seen,
        (Method::PUT, &contoso, &request(&sub), to(&there)),
        wanted(
            StatusCode::BAD_REQUEST,
            "CHANGE_REQUEST_PENDING",
            "CHANGE_REQUEST_PENDING",
        ),
    )
    .await;
    // The destination's policy is asked when it accepts.
    refused(
        &f,
        seen,
        (Method::POST, &fabrikam, &accept, None),
        wanted(
            StatusCode::FORBIDDEN,
            "RequestDisallowedByPolicy",
            "SUBSCRIPTION_POLICY_BLOCKS_ENTERING",
        ),
    )
    .await;
    refused(
        &f,
        seen,
        (Method::POST, &finn, &accept, None),
        wanted(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            "REQUIRES_GLOBAL_ADMIN",
        ),
    )
    .await;
}

/// `POST /v1.0/users` through R2.
async fn user_creation(seen: &mut BTreeSet<&'static str>) {
    let f = start(None).await;
    let admin = f.admin(CONTOSO, GRAPH).await;
    let jane = f
        .token(CONTOSO, "jane@contoso.onmicrosoft.com", GRAPH)
        .await;
    let user = |upn: &str| {
        let mut body = Map::new();
        body.insert("accountEnabled".into(), json!(true));
        body.insert("displayName".into(), json!("Nia New"));
        body.insert("mailNickname".into(), json!("nia"));
        body.insert("userPrincipalName".into(), json!(upn));
        body.insert("passwordProfile".into(), json!({"password": "x"}));
        Some(Value::Object(body))
    };
    let cases = [
        (
            &admin,
            user("jane@contoso.onmicrosoft.com"),
            wanted(StatusCode::BAD_REQUEST, "Request_BadRequest", "USER_EXISTS"),
        ),
        (
            &jane,
            user("nia@contoso.onmicrosoft.com"),
            wanted(
                StatusCode::FORBIDDEN,
                "Authorization_RequestDenied",
                "NOT_AUTHORIZED",
            ),
        ),
        (
            &admin,
            user("nia b@contoso.onmicrosoft.com"),
            wanted(
                StatusCode::BAD_REQUEST,
                "Request_BadRequest",
                "INVALID_NAME",
            ),
        ),
    ];
    for (token, body, want) in cases {
        refused(&f, seen, (Method::POST, token, "/v1.0/users", body), want).await;
    }
}

#[tokio::test]
async fn every_core_refusal_an_endpoint_gives_is_the_services_answer() {
    let mut seen = BTreeSet::new();
    role_assignments(&mut seen).await;
    role_assignment_limit(&mut seen).await;
    elevation_and_policy(&mut seen).await;
    directory_change(&mut seen).await;
    user_creation(&mut seen).await;

    let unreachable: BTreeSet<&str> = UNREACHABLE.iter().map(|(c, _)| *c).collect();
    let before: BTreeSet<&str> = ANSWERED_BEFORE_CORE.iter().copied().collect();
    let accounted: BTreeSet<&str> = seen.union(&unreachable).copied().collect();
    let accounted: BTreeSet<&str> = accounted.union(&before).copied().collect();
    let codes: BTreeSet<&str> = tenantry::CODES.iter().copied().collect();
    assert_eq!(
        codes.difference(&accounted).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "core codes neither produced by a request nor listed as unreachable"
    );
    assert_eq!(
        accounted.difference(&codes).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "listed codes core does not have"
    );
    for code in &seen {
        assert!(
            !unreachable.contains(code) && !before.contains(code),
            "{code} is produced by a request but listed as unreachable"
        );
    }
}

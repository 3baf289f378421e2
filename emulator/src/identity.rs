//! The identity endpoint, in the Microsoft identity platform's shape
//! (CLIENTS.md §2): `/{tenant}/v2.0/.well-known/openid-configuration` and
//! `/{tenant}/oauth2/v2.0/token`, the tenant named by a domain or its id.
//!
//! The one flow is client credentials where `client_id` is an account's
//! sign-in name (or a Microsoft account's address) or a service
//! principal's application id, and `client_secret` is the emulator's
//! secret: it signs that account in to the directory, which the account
//! must be a user of, or gives the service principal of that directory an
//! app-only token. `claims` (CAE) is accepted and ignored.

use crate::http::{json, Req};
use crate::server::Shared;
use crate::token::{audience_of, Claims, LIFETIME};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

/// An OAuth error as Entra ID writes it, its `AADSTS` code first.
fn oauth_error(status: StatusCode, error: &str, aadsts: u32, description: &str) -> Response {
    json(
        status,
        &json!({
            "error": error,
            "error_description": format!("AADSTS{aadsts}: {description}"),
            "error_codes": [aadsts],
            "timestamp": crate::http::timestamp(),
            "trace_id": uuid::Uuid::nil(),
            "correlation_id": uuid::Uuid::nil(),
        }),
    )
}

fn unknown_tenant(tenant: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_tenant",
        90002,
        &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
    )
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
pub(crate) fn configuration(shared: &Shared, r: &Req, tenant: &str) -> Response {
    let served = shared.read();
    let Some(d) = served.view.directory(tenant) else {
        return unknown_tenant(tenant);
    };
    let tid = served.view.directories[d].id;
    let base = &r.base;
    json(
        StatusCode::OK,
        &json!({
            "token_endpoint": format!("{base}/{tid}/oauth2/v2.0/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": format!("{base}/{tid}/discovery/v2.0/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": format!("{base}/{tid}/v2.0"),
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": format!("{base}/oidc/userinfo"),
            "authorization_endpoint": format!("{base}/{tid}/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": format!("{base}/{tid}/oauth2/v2.0/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": format!("{base}/{tid}/oauth2/v2.0/logout"),
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "tid", "oid", "upn", "appid", "idtyp"],
            "tenant_region_scope": "NA",
            "cloud_instance_name": "microsoftonline.com",
            "cloud_graph_host_name": "graph.windows.net",
            "msgraph_host": "graph.microsoft.com",
        }),
    )
}

/// Whether two secrets are equal, in time that does not depend on where
/// they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub(crate) fn token(shared: &Shared, r: &Req, tenant: &str) -> Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(&r.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let served = shared.read();
    let Some(d) = served.view.directory(tenant) else {
        return unknown_tenant(tenant);
    };
    let dir = &served.view.directories[d];
    let grant = field("grant_type");
    if grant != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{grant}'. The tenantry emulator signs accounts in with client credentials: client_id is the account's sign-in name, client_secret the emulator's secret."),
        );
    }
    let client_id = field("client_id");
    if !same_secret(field("client_secret"), shared.config.secret.expose()) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7_000_215,
            &format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."),
        );
    }
    let user = dir
        .user(client_id)
        .or_else(|| dir.user(&format!("msa:{client_id}")));
    // The object signed in, and the application's id if it is one.
    let signed_in = if let Some(user) = user {
        (user.id, None, user.user_principal_name.as_str())
    } else if let Some(app) = dir.application(client_id) {
        (app.id, Some(app.app_id), "")
    } else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700_016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'. In the tenantry emulator, client_id is the sign-in name of a user of the directory or the application id of one of its service principals.",
                dir.initial_domain
            ),
        );
    };
    let scope = field("scope");
    let Some((_, audience)) = audience_of(scope) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            70011,
            &format!("The provided value for the input parameter 'scope' is not valid: '{scope}'. Ask for https://management.azure.com/.default or https://graph.microsoft.com/.default."),
        );
    };
    let claims = match signed_in {
        (oid, Some(appid), _) => Claims::app(audience, dir.id, oid, appid),
        (oid, None, upn) => Claims::new(audience, dir.id, oid, upn),
    };
    let token = shared.signer.sign(&claims);
    json(
        StatusCode::OK,
        &json!({
            "token_type": "Bearer",
            "expires_in": LIFETIME,
            "ext_expires_in": LIFETIME,
            "access_token": token,
        }),
    )
}

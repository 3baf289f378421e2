//! The served state and the one handler every request goes through: it
//! reads the request, routes it by path to the identity endpoint, Graph,
//! ARM or the emulator's own control paths, and logs it on stderr (method,
//! path, status, never a header).

use crate::errors::{Refusal, Surface};
use crate::http::{json, Req};
use crate::token::{Audience, Refusal as TokenRefusal, Signer};
use crate::view::View;
use crate::Config;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tenantry::image::Image;
use tenantry::Tenancy;
use uuid::Uuid;

/// The tenancy served, and its view.
pub(crate) struct Served {
    pub tenancy: Tenancy,
    pub view: View,
    /// Role assignment names clients chose on `PUT`, by
    /// [`crate::view::assignment_key`].
    pub names: HashMap<String, String>,
}

impl Served {
    pub fn new(tenancy: Tenancy) -> tenantry::Result<Served> {
        let mut served = Served {
            tenancy,
            view: View::default(),
            names: HashMap::new(),
        };
        served.rebuild()?;
        Ok(served)
    }

    /// The view again, after a write.
    pub fn rebuild(&mut self) -> tenantry::Result<()> {
        let json = self.tenancy.to_json();
        let image = Image::from_snapshot(&json)?;
        self.view = View::build(&image, &self.names);
        Ok(())
    }

    /// Applies an operation (by name, with its arguments as scenarios
    /// write them) through core's rules, and rebuilds the view.
    pub fn apply(&mut self, op: &str, args: Value) -> tenantry::Result<()> {
        let args = match args {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let op = tenantry::scenario::build_operation(op, args)
            .map_err(|e| tenantry::Error::invalid_scenario("the request", e))?;
        self.tenancy.apply(&op)?;
        self.rebuild()
    }
}

/// What every request shares.
pub(crate) struct Shared {
    pub config: Config,
    pub signer: Signer,
    served: RwLock<Served>,
    /// When the emulator started (ISO 8601): the `createdOn` of what it
    /// serves.
    pub created: String,
    /// The snapshot the emulator started from, for `/_tenantry/reset`.
    initial: String,
}

impl Shared {
    pub fn new(config: Config, served: Served) -> Shared {
        let initial = served.tenancy.to_json();
        Shared {
            config,
            signer: Signer::new(),
            served: RwLock::new(served),
            created: crate::http::timestamp(),
            initial,
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Served> {
        self.served.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Served> {
        self.served.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The served tenancy's snapshot.
    pub fn snapshot(&self) -> String {
        self.read().tenancy.to_json()
    }

    fn reset(&self) -> tenantry::Result<()> {
        let tenancy = Tenancy::from_json(&self.initial)?;
        *self.write() = Served::new(tenancy)?;
        Ok(())
    }
}

/// Who is calling, from a checked token.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The directory the token is for.
    pub directory: usize,
    pub tenant: Uuid,
    pub oid: Uuid,
    /// The account, as core names it: the actor of writes.
    pub account: String,
    /// The user principal name, or a service principal's application id.
    pub upn: String,
    /// Whether it is a service principal signed in with an app-only token.
    pub app: bool,
}

/// The caller of a request to `surface`, or the refusal the service gives.
pub(crate) fn authenticate(
    shared: &Shared,
    view: &View,
    r: &Req,
    surface: Surface,
) -> Result<Caller, Refusal> {
    let unauthorized = |code: &str, message: &str| {
        let mut refusal = Refusal::new(surface, StatusCode::UNAUTHORIZED, code, message);
        if surface == Surface::Arm {
            refusal.0.challenge = Some(format!(
                "Bearer authorization_uri=\"{}/common/oauth2/authorize\", error=\"invalid_token\", error_description=\"{message}\"",
                r.base
            ));
        }
        refusal
    };
    let (missing, invalid) = match surface {
        Surface::Arm => ("AuthenticationFailed", "InvalidAuthenticationToken"),
        Surface::Graph => ("InvalidAuthenticationToken", "InvalidAuthenticationToken"),
    };
    let Some(token) = r.bearer() else {
        let message = match surface {
            Surface::Arm => "Authentication failed. The 'Authorization' header is missing.",
            Surface::Graph => "Access token is empty.",
        };
        return Err(unauthorized(missing, message));
    };
    let claims = match shared.signer.check(token) {
        Ok(c) => c,
        Err(TokenRefusal::Expired) => {
            let code = if surface == Surface::Arm {
                "ExpiredAuthenticationToken"
            } else {
                invalid
            };
            return Err(unauthorized(code, "The access token has expired."));
        }
        Err(TokenRefusal::Invalid) => {
            return Err(unauthorized(
                invalid,
                "The access token is invalid: it was not issued by this emulator.",
            ))
        }
    };
    let wanted = match surface {
        Surface::Arm => Audience::Arm,
        Surface::Graph => Audience::Graph,
    };
    if !claims.audience().is_some_and(|a| a.admits(wanted)) {
        let (code, message) = match surface {
            Surface::Arm => (
                "InvalidAuthenticationTokenAudience",
                format!("The access token has been obtained for wrong audience or resource '{}'. It should exactly match with one of the allowed audiences 'https://management.azure.com/','https://management.core.windows.net/'.", claims.aud),
            ),
            Surface::Graph => (
                "InvalidAuthenticationToken",
                "Access token validation failure. Invalid audience.".to_owned(),
            ),
        };
        return Err(unauthorized(code, &message));
    }
    let directory = view.directory(&claims.tid.to_string());
    let Some(directory) = directory else {
        return Err(unauthorized(
            invalid,
            "The access token's tenant no longer exists in the emulator.",
        ));
    };
    let dir = &view.directories[directory];
    let caller = |account: String, upn: String, app: bool| Caller {
        directory,
        tenant: claims.tid,
        oid: claims.oid,
        account,
        upn,
        app,
    };
    if claims.is_app() {
        if let Some(app) = dir.app(claims.oid) {
            // Core names a service principal by its object id.
            return Ok(caller(
                format!("id:{}", app.id),
                app.app_id.to_string(),
                true,
            ));
        }
    } else if let Some(user) = dir.user(&claims.oid.to_string()) {
        return Ok(caller(
            user.account.clone(),
            user.user_principal_name.clone(),
            false,
        ));
    }
    Err(unauthorized(
        invalid,
        "The access token's user or service principal no longer exists in the emulator.",
    ))
}

/// The one handler.
pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, 16 << 20).await {
        Ok(b) => b,
        Err(_) => {
            return json(
                StatusCode::PAYLOAD_TOO_LARGE,
                &serde_json::json!({"error": {"code": "RequestTooLarge", "message": "The request body is larger than 16 MiB or could not be read."}}),
            )
        }
    };
    let r = Req::new(parts, body, shared.config.public_url.as_deref());
    let response = guarded(&r, || route(&shared, &r));
    if !shared.config.quiet {
        eprintln!("{} {} {}", r.method, r.path, response.status().as_u16());
    }
    response
}

/// `answer()`, with a panic inside it (a bug) answered as a 500 in the
/// service's own error shape, carrying core's `INTERNAL`: the server goes
/// on serving.
fn guarded(r: &Req, answer: impl FnOnce() -> Response) -> Response {
    tenantry::guard(|| Ok(answer())).unwrap_or_else(|e| {
        let surface = match r.parts().first() {
            Some(&"v1.0") => Surface::Graph,
            _ => Surface::Arm,
        };
        Refusal::core(surface, &e).into_response()
    })
}

fn route(shared: &Shared, r: &Req) -> Response {
    let p = r.parts();
    match (&r.method, p.as_slice()) {
        (&Method::GET, [tenant, "v2.0", ".well-known", "openid-configuration"]) => {
            crate::identity::configuration(shared, r, tenant)
        }
        (&Method::POST, [tenant, "oauth2", "v2.0", "token"]) => {
            crate::identity::token(shared, r, tenant)
        }
        (_, ["_tenantry", ..]) => control(shared, r, &p[1..]),
        (_, ["v1.0", ..]) => crate::graph::route(shared, r, &p[1..]),
        _ => crate::arm::route(shared, r, &p),
    }
}

/// `/_tenantry/snapshot` and `/_tenantry/reset`, for tests.
fn control(shared: &Shared, r: &Req, p: &[&str]) -> Response {
    match (&r.method, p) {
        (&Method::GET, ["snapshot"]) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            Body::from(shared.snapshot()),
        )
            .into_response(),
        (&Method::POST, ["reset"]) => match shared.reset() {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => Refusal::core(Surface::Arm, &e).into_response(),
        },
        _ => Refusal::new(
            Surface::Arm,
            StatusCode::NOT_FOUND,
            "NotFound",
            "The emulator's control paths are GET /_tenantry/snapshot and POST /_tenantry/reset.",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str) -> Req {
        let (parts, ()) = axum::http::Request::builder()
            .uri(path)
            .body(())
            .unwrap_or_default()
            .into_parts();
        Req::new(parts, Default::default(), None)
    }

    async fn error(response: Response) -> (StatusCode, Value) {
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap_or_default();
        (status, serde_json::from_slice(&body).unwrap_or_default())
    }

    #[tokio::test]
    async fn a_panic_while_answering_is_a_500_in_the_services_shape() {
        let r = request("/subscriptions?api-version=2022-12-01");
        let (status, body) = error(guarded(&r, || panic!("a bug"))).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["error"]["code"], "InternalServerError");
        assert_eq!(body["error"]["message"], "tenantry failed inside: a bug.");
        assert_eq!(
            body["error"]["additionalInfo"][0]["info"]["code"],
            "INTERNAL"
        );
        let r = request("/v1.0/users");
        let (status, body) = error(guarded(&r, || panic!("a bug"))).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["error"]["code"], "generalException");
        assert_eq!(body["error"]["details"][0]["code"], "INTERNAL");
        let (status, _) = error(guarded(&r, || StatusCode::NO_CONTENT.into_response())).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
}

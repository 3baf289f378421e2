//! Every refusal on the wire, in one place: core's error codes as the
//! status and code ARM and Graph use for the same case (CLIENTS.md §3 and
//! §4), and the emulator's own refusals (tokens, queries, paths). Never a
//! 5xx for a refusal: the clients retry those for minutes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The service whose error shape an answer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Surface {
    Arm,
    Graph,
}

/// A refusal: status, service code, message (boxed: refusals travel
/// through every route's `Result`).
#[derive(Debug, Clone)]
pub(crate) struct Refusal(pub Box<Detail>);

/// What a refusal says.
#[derive(Debug, Clone)]
pub(crate) struct Detail {
    pub surface: Surface,
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    /// Core's error, when the refusal is one: code, rule and hint.
    pub core: Option<(String, Option<String>, String)>,
    /// `WWW-Authenticate` on a 401 from ARM.
    pub challenge: Option<String>,
}

impl Refusal {
    /// A refusal of the emulator's own.
    pub fn new(
        surface: Surface,
        status: StatusCode,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Refusal(Box::new(Detail {
            surface,
            status,
            code: code.to_owned(),
            message: message.into(),
            core: None,
            challenge: None,
        }))
    }

    /// Core's refusal, as this surface answers the same case.
    pub fn core(surface: Surface, e: &tenantry::Error) -> Self {
        let (arm, graph) = mapping(e.code());
        let (status, code) = match surface {
            Surface::Arm => arm,
            Surface::Graph => graph,
        };
        let code = if code.is_empty() { e.code() } else { code };
        Refusal(Box::new(Detail {
            surface,
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code: code.to_owned(),
            message: e.to_string(),
            core: Some((
                e.code().to_owned(),
                e.rule().map(|r| format!("{r:?}")),
                e.hint(),
            )),
            challenge: None,
        }))
    }
}

/// ARM's and Graph's (status, code) for a core error code. An empty code
/// means the service has none of its own for the case: core's code is
/// sent as it is.
pub(crate) fn mapping(code: &str) -> ((u16, &'static str), (u16, &'static str)) {
    const DENIED: ((u16, &str), (u16, &str)) = (
        (403, "AuthorizationFailed"),
        (403, "Authorization_RequestDenied"),
    );
    match code {
        "NOT_AUTHORIZED"
        | "REQUIRES_OWNER"
        | "REQUIRES_GLOBAL_ADMIN"
        | "REQUIRES_GLOBAL_OR_BILLING_ADMIN"
        | "REQUIRES_SERVICE_ADMIN"
        | "ELEVATION_REQUIRED"
        | "HOME_DIRECTORY_ONLY"
        | "NO_SUBSCRIPTION_ACCESS"
        | "NOT_GLOBAL_ADMIN_OF_TARGET" => DENIED,
        "ALREADY_ASSIGNED" => ((409, "RoleAssignmentExists"), (400, "Request_BadRequest")),
        "NOT_ASSIGNED" => (
            (404, "RoleAssignmentNotFound"),
            (404, "Request_ResourceNotFound"),
        ),
        "NOT_A_USER_OF_DIRECTORY" | "UNKNOWN_PRINCIPAL" | "UNKNOWN_ACCOUNT" => (
            (400, "PrincipalNotFound"),
            (404, "Request_ResourceNotFound"),
        ),
        "ROLE_ASSIGNMENT_LIMIT" => (
            (400, "RoleAssignmentLimitExceeded"),
            (400, "Request_BadRequest"),
        ),
        "UNKNOWN_SUBSCRIPTION" => (
            (404, "SubscriptionNotFound"),
            (404, "Request_ResourceNotFound"),
        ),
        "UNKNOWN_DIRECTORY" => ((404, "TenantNotFound"), (404, "Request_ResourceNotFound")),
        "UNKNOWN_ROLE" => (
            (400, "RoleDefinitionDoesNotExist"),
            (404, "Request_ResourceNotFound"),
        ),
        "UNKNOWN_MANAGEMENT_GROUP" => (
            (404, "ManagementGroupNotFound"),
            (404, "Request_ResourceNotFound"),
        ),
        "USER_EXISTS" | "DOMAIN_TAKEN" => ((409, "Conflict"), (400, "Request_BadRequest")),
        "INVALID_NAME" | "AMBIGUOUS_REFERENCE" => {
            ((400, "InvalidRequestContent"), (400, "Request_BadRequest"))
        }
        "SUBSCRIPTION_POLICY_BLOCKS_LEAVING" | "SUBSCRIPTION_POLICY_BLOCKS_ENTERING" => (
            (403, "RequestDisallowedByPolicy"),
            (403, "Authorization_RequestDenied"),
        ),
        "CLASSIC_ADMIN_RETIRED" | "CLASSIC_PORTAL_RETIRED" | "CLOUD_RETIRED" => {
            ((400, "OperationNotSupported"), (400, "Request_BadRequest"))
        }
        // Not a refusal: a bug, answered as the services answer theirs.
        "INTERNAL" => ((500, "InternalServerError"), (500, "generalException")),
        // Every other refusal: a 400 carrying core's own code.
        _ => ((400, ""), (400, "")),
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let d = *self.0;
        let mut error = json!({ "code": d.code, "message": d.message });
        if let Some((code, rule, hint)) = &d.core {
            let info = json!({ "code": code, "rule": rule, "hint": hint });
            match d.surface {
                Surface::Arm => {
                    error["additionalInfo"] = json!([{ "type": "TenantryError", "info": info }]);
                }
                Surface::Graph => {
                    error["details"] = json!([{ "code": code, "message": hint, "target": rule }]);
                }
            }
        }
        if d.surface == Surface::Graph {
            error["innerError"] = json!({
                "date": crate::http::timestamp(),
                "request-id": uuid::Uuid::nil(),
                "client-request-id": uuid::Uuid::nil(),
            });
        }
        let mut response =
            (d.status, crate::http::json_body(&json!({ "error": error }))).into_response();
        if let Some(challenge) = d.challenge.and_then(|c| c.parse().ok()) {
            response
                .headers_mut()
                .insert(axum::http::header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::mapping;

    #[test]
    fn every_core_refusal_is_a_client_error_on_both_surfaces() {
        for code in tenantry::CODES.iter().filter(|c| **c != "INTERNAL") {
            let ((arm, _), (graph, _)) = mapping(code);
            assert!((400..500).contains(&arm), "{code} is {arm} on ARM");
            assert!((400..500).contains(&graph), "{code} is {graph} on Graph");
        }
        assert_eq!(mapping("NOT_AUTHORIZED").0, (403, "AuthorizationFailed"));
        assert_eq!(mapping("ALREADY_ASSIGNED").0, (409, "RoleAssignmentExists"));
        assert_eq!(
            mapping("NOT_A_USER_OF_DIRECTORY").0,
            (400, "PrincipalNotFound")
        );
        assert_eq!(
            mapping("ROLE_ASSIGNMENT_LIMIT").0,
            (400, "RoleAssignmentLimitExceeded")
        );
        assert_eq!(
            mapping("UNKNOWN_SUBSCRIPTION").0,
            (404, "SubscriptionNotFound")
        );
        assert_eq!(
            mapping("NOT_AUTHORIZED").1,
            (403, "Authorization_RequestDenied")
        );
        assert_eq!(
            mapping("UNKNOWN_ACCOUNT").1,
            (404, "Request_ResourceNotFound")
        );
    }
}

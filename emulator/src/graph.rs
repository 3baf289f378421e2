//! Microsoft Graph v1.0 (CLIENTS.md §4): users (list with `$top`,
//! `$select`, `$filter`, `$orderby`, `$skiptoken` paging; one by user
//! principal name or id; `memberOf`; `POST` through R2), groups and their
//! members, service principals, the organization, domains, directory
//! roles and their members (`@odata.type` on each), subscribed SKUs and
//! the directory's subscriptions. A token reads the directory it was
//! issued for, and nothing of another.

use crate::errors::{Refusal, Surface};
use crate::http::{json, Req};
use crate::query::{self, Page};
use crate::server::{authenticate, Caller, Shared};
use crate::skus;
use crate::view::{derived_id, Directory, Object, User, View};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Map, Value};
use tenantry::{DirectoryRole, ServicePrincipalKind, SubscriptionKind};

fn refusal(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    Refusal::new(Surface::Graph, status, code, message).into_response()
}

fn not_found(what: &str, id: &str) -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "Request_ResourceNotFound",
        format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present. ({what})"),
    )
}

/// Routes `/v1.0/<p>`.
pub(crate) fn route(shared: &Shared, r: &Req, p: &[&str]) -> Response {
    if r.method == Method::POST && p == ["users"] {
        return create_user(shared, r);
    }
    if r.method != Method::GET {
        return refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "Request_BadRequest",
            format!(
                "{} is not supported on /v1.0/{} by the emulator.",
                r.method,
                p.join("/")
            ),
        );
    }
    let served = shared.read();
    let view = &served.view;
    let caller = match authenticate(shared, view, r, Surface::Graph) {
        Ok(c) => c,
        Err(refusal) => return refusal.into_response(),
    };
    let dir = &view.directories[caller.directory];
    if caller.app && p.first() == Some(&"me") {
        // What Graph answers an app-only token.
        return refusal(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "/me request is only valid with delegated authentication flow.",
        );
    }
    let page = |kind: &str, items: Vec<Map<String, Value>>| list(shared, r, kind, items);
    match p {
        ["users"] => users(shared, r, dir),
        ["me"] => one(r, me(dir, &caller)),
        ["users", id] | ["users", id, ""] => match dir.user(id) {
            Some(u) => one(r, user(dir, u)),
            None => not_found("user", id),
        },
        ["me", "memberOf"] => match dir.user(&caller.oid.to_string()) {
            Some(u) => page("directoryObjects", member_of(view, caller.directory, u)),
            None => not_found("user", &caller.oid.to_string()),
        },
        ["users", id, "memberOf"] => match dir.user(id) {
            Some(u) => page("directoryObjects", member_of(view, caller.directory, u)),
            None => not_found("user", id),
        },
        ["groups"] => page(
            "groups",
            dir.groups.iter().map(|g| typed("group", group(g))).collect()),
        ["groups", id] => match find(dir, id) {
            Some(Object::Group(g)) => one(r, typed("group", group(&dir.groups[g]))),
            _ => not_found("group", id),
        },
        ["groups", id, "members"] => match find(dir, id) {
            Some(Object::Group(g)) => {
                let members = dir.groups[g]
                    .members
                    .iter()
                    .filter_map(|m| dir.objects.get(m).map(|o| object(dir, *o)))
                    .collect();
                page("directoryObjects", members)
            }
            _ => not_found("group", id),
        },
        ["servicePrincipals"] => page(
            "servicePrincipals",
            dir.apps.iter().map(|a| typed("servicePrincipal", app(a))).collect()),
        ["organization"] => page("organization", vec![organization(dir)]),
        ["domains"] => page("domains", domains(dir)),
        ["directoryRoles"] => page(
            "directoryRoles",
            DirectoryRole::ALL
                .iter()
                .filter(|role| dir.holders(**role).next().is_some())
                .map(|role| directory_role(dir, *role))
                .collect()),
        ["directoryRoles", id, "members"] => {
            let role = DirectoryRole::ALL.iter().copied().find(|role| {
                role_id(dir, *role).to_string().eq_ignore_ascii_case(id)
                    || role.template_id().eq_ignore_ascii_case(id)
            });
            match role {
                Some(role) => {
                    let members = dir.holders(role).map(|o| object(dir, o)).collect();
                    page("directoryObjects", members)
                }
                None => not_found("directoryRole", id),
            }
        }
        ["subscribedSkus"] => page("subscribedSkus", subscribed_skus(view, dir)),
        ["directory", "subscriptions"] => page("companySubscriptions", company_subscriptions(view, dir)),
        _ => refusal(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("Resource not found for the segment '{}'. The emulator serves the Graph subset of DESIGN.md §7.", p.first().unwrap_or(&"")),
        ),
    }
}

/// An object found by id in a directory.
fn find(dir: &Directory, id: &str) -> Option<Object> {
    dir.objects.get(&uuid::Uuid::parse_str(id).ok()?).copied()
}

/// One object, `$select` applied.
fn one(r: &Req, mut item: Map<String, Value>) -> Response {
    if let Some(select) = r.param("$select") {
        item = query::select(item, select);
    }
    json(StatusCode::OK, &Value::Object(item))
}

/// A collection, filtered, ordered, selected and paged as Graph does.
fn list(shared: &Shared, r: &Req, kind: &str, items: Vec<Map<String, Value>>) -> Response {
    let context = format!("{}/v1.0/$metadata#{kind}", r.base);
    answer(
        context,
        query::page(r, items, &Page::graph(shared.config.page_size)),
    )
}

/// A page as Graph answers it, or its refusal of the query.
fn answer(context: String, page: Result<(Vec<Value>, Option<String>), String>) -> Response {
    match page {
        Ok((value, next)) => {
            let mut body = json!({ "@odata.context": context, "value": value });
            if let Some(next) = next {
                body["@odata.nextLink"] = Value::String(next);
            }
            json(StatusCode::OK, &body)
        }
        Err(message) => refusal(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message),
    }
}

/// An object with its `@odata.type`, as a collection of directory objects
/// carries it.
fn typed(kind: &str, mut item: Map<String, Value>) -> Map<String, Value> {
    item.insert(
        "@odata.type".into(),
        Value::String(format!("#microsoft.graph.{kind}")),
    );
    item
}

fn object(dir: &Directory, o: Object) -> Map<String, Value> {
    match o {
        Object::User(u) => typed("user", user(dir, &dir.users[u])),
        Object::Group(g) => typed("group", group(&dir.groups[g])),
        Object::App(a) => typed("servicePrincipal", app(&dir.apps[a])),
    }
}

fn me(dir: &Directory, caller: &Caller) -> Map<String, Value> {
    dir.user(&caller.oid.to_string())
        .map(|u| user(dir, u))
        .unwrap_or_default()
}

/// A user as Graph writes it.
pub(crate) fn user(dir: &Directory, u: &User) -> Map<String, Value> {
    match serde_json::to_value(UserOut::of(dir, u)) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// A user as Graph writes it: typed and borrowed, since pages of them are
/// hot; `$select` and `$filter` work on its JSON object ([`user`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserOut<'a> {
    id: uuid::Uuid,
    display_name: &'a str,
    user_principal_name: &'a str,
    mail: Option<&'a str>,
    other_mails: Vec<&'a str>,
    user_type: &'static str,
    creation_type: Option<&'static str>,
    account_enabled: bool,
    given_name: Option<&'a str>,
    surname: Option<&'a str>,
    job_title: Option<&'a str>,
    mobile_phone: Option<&'a str>,
    office_location: Option<&'a str>,
    preferred_language: Option<&'a str>,
    business_phones: [&'a str; 0],
    identities: [Identity<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Identity<'a> {
    sign_in_type: &'static str,
    issuer: &'a str,
    issuer_assigned_id: Option<&'a str>,
}

impl<'a> UserOut<'a> {
    fn of(dir: &'a Directory, u: &'a User) -> UserOut<'a> {
        let identity = if u.microsoft_account {
            Identity {
                sign_in_type: "federated",
                issuer: "MicrosoftAccount",
                issuer_assigned_id: u.mail.as_deref(),
            }
        } else if u.guest {
            Identity {
                sign_in_type: "federated",
                issuer: "ExternalAzureAD",
                issuer_assigned_id: u.mail.as_deref(),
            }
        } else {
            Identity {
                sign_in_type: "userPrincipalName",
                issuer: &dir.initial_domain,
                issuer_assigned_id: Some(&u.user_principal_name),
            }
        };
        UserOut {
            id: u.id,
            display_name: &u.display_name,
            user_principal_name: &u.user_principal_name,
            mail: u.mail.as_deref(),
            other_mails: u.mail.iter().map(String::as_str).collect(),
            user_type: if u.guest { "Guest" } else { "Member" },
            creation_type: u.guest.then_some("Invitation"),
            account_enabled: true,
            given_name: None,
            surname: None,
            job_title: None,
            mobile_phone: None,
            office_location: None,
            preferred_language: None,
            business_phones: [],
            identities: [identity],
        }
    }
}

/// A collection page as Graph writes it.
#[derive(Serialize)]
struct Collection<T> {
    #[serde(rename = "@odata.context")]
    context: String,
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    next_link: Option<String>,
}

/// `/v1.0/users`: typed when the query asks for whole users in their
/// order, through JSON objects when it selects, filters or orders.
fn users(shared: &Shared, r: &Req, dir: &Directory) -> Response {
    let context = format!("{}/v1.0/$metadata#users", r.base);
    let how = Page::graph(shared.config.page_size);
    let plain = ["$select", "$filter", "$orderby"]
        .iter()
        .all(|q| r.param(q).is_none());
    if !plain {
        let build = |i: usize| user(dir, &dir.users[i]);
        return answer(context, query::page_of(r, dir.users.len(), &build, &how));
    }
    match query::window(r, dir.users.len(), &how) {
        Ok((range, next_link)) => {
            let page = Collection {
                context,
                value: dir.users[range]
                    .iter()
                    .map(|u| UserOut::of(dir, u))
                    .collect(),
                next_link,
            };
            (
                [(
                    axum::http::header::CONTENT_TYPE,
                    "application/json; charset=utf-8",
                )],
                serde_json::to_vec(&page).unwrap_or_default(),
            )
                .into_response()
        }
        Err(message) => refusal(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message),
    }
}

fn group(g: &crate::view::Group) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(g.id));
    m.insert("displayName".into(), json!(g.name));
    m.insert("description".into(), Value::Null);
    m.insert("groupTypes".into(), json!([]));
    m.insert("mail".into(), Value::Null);
    m.insert("mailEnabled".into(), json!(false));
    m.insert("securityEnabled".into(), json!(true));
    m.insert("isAssignableToRole".into(), json!(g.role_assignable));
    m
}

fn app(a: &crate::view::App) -> Map<String, Value> {
    let managed = !matches!(a.kind, ServicePrincipalKind::Application);
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id));
    m.insert("appId".into(), json!(a.app_id));
    m.insert("displayName".into(), json!(a.name));
    m.insert("accountEnabled".into(), json!(true));
    m.insert(
        "servicePrincipalType".into(),
        json!(if managed {
            "ManagedIdentity"
        } else {
            "Application"
        }),
    );
    let mut names = Vec::new();
    if managed {
        let explicit = matches!(a.kind, ServicePrincipalKind::ManagedIdentityUser);
        names.push(json!(format!(
            "isExplicit={}",
            if explicit { "True" } else { "False" }
        )));
        if let Some(resource) = &a.resource {
            names.push(json!(resource));
        }
    }
    m.insert("alternativeNames".into(), Value::Array(names));
    m
}

fn member_of(view: &View, directory: usize, u: &User) -> Vec<Map<String, Value>> {
    let dir = &view.directories[directory];
    let mut out: Vec<Map<String, Value>> = u
        .member_of
        .iter()
        .map(|g| typed("group", group(&dir.groups[*g])))
        .collect();
    out.extend(
        u.roles
            .iter()
            .map(|r| typed("directoryRole", directory_role(dir, *r))),
    );
    out
}

fn organization(dir: &Directory) -> Map<String, Value> {
    let verified: Vec<Value> = std::iter::once(&dir.initial_domain)
        .chain(&dir.verified_domains)
        .map(|d| {
            json!({
                "name": d,
                "isInitial": *d == dir.initial_domain,
                "isDefault": *d == dir.initial_domain,
                "type": "Managed",
                "capabilities": "Email, OfficeCommunicationsOnline",
            })
        })
        .collect();
    let mut m = Map::new();
    m.insert("id".into(), json!(dir.id));
    m.insert("displayName".into(), json!(dir.name));
    m.insert("tenantType".into(), json!("AAD"));
    m.insert("countryLetterCode".into(), json!("US"));
    m.insert("verifiedDomains".into(), Value::Array(verified));
    m
}

fn domains(dir: &Directory) -> Vec<Map<String, Value>> {
    std::iter::once(&dir.initial_domain)
        .chain(&dir.verified_domains)
        .map(|d| {
            let initial = *d == dir.initial_domain;
            let mut m = Map::new();
            m.insert("id".into(), json!(d));
            m.insert("authenticationType".into(), json!("Managed"));
            m.insert("isVerified".into(), json!(true));
            m.insert("isInitial".into(), json!(initial));
            m.insert("isDefault".into(), json!(initial));
            m.insert("isRoot".into(), json!(true));
            m.insert(
                "supportedServices".into(),
                json!(["Email", "OfficeCommunicationsOnline"]),
            );
            m
        })
        .collect()
}

/// A directory role's object id in a directory (stable per tenant).
fn role_id(dir: &Directory, role: DirectoryRole) -> uuid::Uuid {
    derived_id(&[&dir.id.to_string(), role.template_id()])
}

fn directory_role(dir: &Directory, role: DirectoryRole) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(role_id(dir, role)));
    m.insert("displayName".into(), json!(role.display_name()));
    m.insert("roleTemplateId".into(), json!(role.template_id()));
    m.insert(
        "description".into(),
        json!(format!("{}.", role.display_name())),
    );
    m.insert("deletedDateTime".into(), Value::Null);
    m
}

/// The directory's Office 365 subscriptions, one SKU per plan.
fn subscribed_skus(view: &View, dir: &Directory) -> Vec<Map<String, Value>> {
    let mut skus: Vec<(skus::Sku, u32, Vec<String>)> = Vec::new();
    for s in office365(view, dir) {
        let sku = skus::of(s.plan.as_deref().unwrap_or(""));
        let seats = s.seats.unwrap_or(0);
        match skus.iter_mut().find(|(k, _, _)| k.id == sku.id) {
            Some((_, n, ids)) => {
                *n += seats;
                ids.push(s.id.to_string());
            }
            None => skus.push((sku, seats, vec![s.id.to_string()])),
        }
    }
    skus.into_iter()
        .map(|(sku, seats, ids)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(format!("{}_{}", dir.id, sku.id)));
            m.insert("accountId".into(), json!(dir.id));
            m.insert("skuId".into(), json!(sku.id));
            m.insert("skuPartNumber".into(), json!(sku.part_number));
            m.insert("appliesTo".into(), json!("User"));
            m.insert("capabilityStatus".into(), json!("Enabled"));
            m.insert("consumedUnits".into(), json!(0));
            m.insert(
                "prepaidUnits".into(),
                json!({ "enabled": seats, "suspended": 0, "warning": 0, "lockedOut": 0 }),
            );
            m.insert("servicePlans".into(), json!([]));
            m.insert("subscriptionIds".into(), json!(ids));
            m
        })
        .collect()
}

fn office365<'a>(
    view: &'a View,
    dir: &'a Directory,
) -> impl Iterator<Item = &'a crate::view::Subscription> {
    dir.subscriptions
        .iter()
        .map(|s| &view.subscriptions[*s])
        .filter(|s| s.kind == SubscriptionKind::Office365)
}

fn company_subscriptions(view: &View, dir: &Directory) -> Vec<Map<String, Value>> {
    office365(view, dir)
        .map(|s| {
            let sku = skus::of(s.plan.as_deref().unwrap_or(""));
            let mut m = Map::new();
            m.insert("id".into(), json!(s.id));
            m.insert("commerceSubscriptionId".into(), json!(s.id));
            m.insert("skuId".into(), json!(sku.id));
            m.insert("skuPartNumber".into(), json!(sku.part_number));
            m.insert("status".into(), json!("Enabled"));
            m.insert("totalLicenses".into(), json!(s.seats.unwrap_or(0)));
            m.insert("isTrial".into(), json!(false));
            m.insert("serviceStatus".into(), json!([]));
            m
        })
        .collect()
}

/// `POST /v1.0/users` through R2 (`add_user`), as the caller.
fn create_user(shared: &Shared, r: &Req) -> Response {
    let mut served = shared.write();
    let caller = match authenticate(shared, &served.view, r, Surface::Graph) {
        Ok(c) => c,
        Err(refusal) => return refusal.into_response(),
    };
    if caller.app {
        // The model grants no Graph application permission
        // (User.ReadWrite.All), so an app-only token creates no user: what
        // Graph answers an application without it.
        return refusal(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation. A service principal's app-only token holds no Graph application permission in the tenantry model; create users as an account that holds User Administrator or Global Administrator.",
        );
    }
    let body: Value = match serde_json::from_slice(&r.body) {
        Ok(v) => v,
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                format!("The request body is not a JSON object: {e}."),
            )
        }
    };
    let Some(upn) = body.get("userPrincipalName").and_then(Value::as_str) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
            "Property 'userPrincipalName' is required to create a user.",
        );
    };
    let directory = served.view.directories[caller.directory]
        .initial_domain
        .clone();
    let mut args = json!({ "actor": caller.account, "directory": directory, "user": upn });
    if let Some(name) = body.get("displayName").and_then(Value::as_str) {
        args["name"] = json!(name);
    }
    if let Err(e) = served.apply("add_user", args) {
        return Refusal::core(Surface::Graph, &e).into_response();
    }
    let dir = &served.view.directories[caller.directory];
    match dir.user(upn) {
        Some(u) => json(StatusCode::CREATED, &Value::Object(user(dir, u))),
        None => not_found("user", upn),
    }
}

//! Azure Resource Manager (CLIENTS.md §3): tenants, subscriptions (those
//! the caller can read), classic administrators (classic profile), role
//! assignments (list with `$filter`, get, `PUT`, `DELETE` at any scope),
//! role definitions, management groups, `elevateAccess` and the tenant's
//! subscription policy. Every write goes through core's rules as the
//! signed-in account; every refusal is ARM's status and code.

use crate::errors::{Refusal, Surface};
use crate::http::{empty, json, Req};
use crate::query::{self, Page};
use crate::server::{authenticate, Caller, Served, Shared};
use crate::view::{assignment_key, derived_id, strip_prefix_ci, Assignment, Role, View};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Map, Value};
use tenantry::{Profile, SubscriptionKind};
use tenantry_connect::wire::arm::quota_of_offer;
use tenantry_connect::wire::ArmPage;
use uuid::Uuid;

const AUTHORIZATION: &str = "Microsoft.Authorization";
const SUBSCRIPTION: &str = "Microsoft.Subscription";

fn refusal(status: StatusCode, code: &str, message: impl Into<String>) -> Refusal {
    Refusal::new(Surface::Arm, status, code, message)
}

/// What a path under `{scope}/providers/Microsoft.Authorization/` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    RoleAssignments,
    RoleDefinitions,
    ClassicAdministrators,
}

/// Routes an ARM path.
pub(crate) fn route(shared: &Shared, r: &Req, p: &[&str]) -> Response {
    if r.param("api-version").is_none() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
        .into_response();
    }
    let answer = if r.method == Method::GET {
        let served = shared.read();
        read(shared, &served, r, p)
    } else {
        let mut served = shared.write();
        write(shared, &mut served, r, p)
    };
    answer.unwrap_or_else(IntoResponse::into_response)
}

fn is(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Where `{scope}/providers/Microsoft.Authorization/<kind>[/<name>]`
/// splits: the scope, the kind and the name.
fn authorization_path<'a>(p: &[&'a str]) -> Option<(String, Kind, Option<&'a str>)> {
    let i = (0..p.len().saturating_sub(2))
        .rev()
        .find(|i| is(p[*i], "providers") && is(p[i + 1], AUTHORIZATION))?;
    let kind = match p[i + 2] {
        k if is(k, "roleAssignments") => Kind::RoleAssignments,
        k if is(k, "roleDefinitions") => Kind::RoleDefinitions,
        k if is(k, "classicAdministrators") => Kind::ClassicAdministrators,
        _ => return None,
    };
    let name = match &p[i + 3..] {
        [] => None,
        [name] => Some(*name),
        _ => return None,
    };
    let scope = format!("/{}", p[..i].join("/"));
    Some((scope, kind, name))
}

fn read(shared: &Shared, served: &Served, r: &Req, p: &[&str]) -> Result<Response, Refusal> {
    let view = &served.view;
    let caller = authenticate(shared, view, r, Surface::Arm)?;
    if let [s, id, pr, m, c, d] = p {
        if is(s, "subscriptions")
            && is(pr, "providers")
            && is(m, SUBSCRIPTION)
            && is(c, "changeTenantRequest")
            && is(d, "default")
        {
            let sub = readable_subscription(served, &caller, id)?;
            return match &sub.change_request {
                Some(c) => Ok(json(StatusCode::OK, &change_request(view, sub.id, c))),
                None => Err(refusal(
                    StatusCode::NOT_FOUND,
                    "ChangeTenantRequestNotFound",
                    format!("No directory change is pending for subscription '{id}'."),
                )),
            };
        }
    }
    if let Some((scope, kind, name)) = authorization_path(p) {
        let scope = place(view, &caller, &scope)?;
        return match (kind, name) {
            (Kind::RoleAssignments, None) => list_assignments(shared, served, r, &caller, &scope),
            (Kind::RoleAssignments, Some(name)) => {
                may(
                    served,
                    &caller,
                    "Microsoft.Authorization/roleAssignments/read",
                    &scope,
                )?;
                match find_assignment(view, &scope, name) {
                    Some(a) => Ok(json(StatusCode::OK, &assignment(shared, view, a))),
                    None => Err(assignment_not_found(name)),
                }
            }
            (Kind::RoleDefinitions, None) => {
                let roles = roles_at(view, &caller)
                    .map(|role| definition(shared, &scope, role))
                    .collect();
                arm_list(shared, r, filter_definitions(r, roles)?)
            }
            (Kind::RoleDefinitions, Some(id)) => roles_at(view, &caller)
                .find(|role| role.id.to_string().eq_ignore_ascii_case(id))
                .map(|role| {
                    json(
                        StatusCode::OK,
                        &Value::Object(definition(shared, &scope, role)),
                    )
                })
                .ok_or_else(|| {
                    refusal(
                        StatusCode::NOT_FOUND,
                        "RoleDefinitionDoesNotExist",
                        format!("The specified role definition with ID '{id}' does not exist."),
                    )
                }),
            (Kind::ClassicAdministrators, None) => {
                classic_administrators(shared, served, r, &caller, &scope)
            }
            (Kind::ClassicAdministrators, Some(_)) => Err(no_route(r)),
        };
    }
    match p {
        [t] if is(t, "tenants") => {
            let tenants = view
                .directories
                .iter()
                .enumerate()
                .filter(|(i, d)| {
                    // A service principal lives in one directory; an
                    // account is a user (member or guest) of several.
                    if caller.app {
                        *i == caller.directory
                    } else {
                        d.user(&caller.account).is_some()
                    }
                })
                .map(|(_, d)| d)
                .map(|d| {
                    let mut m = Map::new();
                    m.insert("id".into(), json!(format!("/tenants/{}", d.id)));
                    m.insert("tenantId".into(), json!(d.id));
                    m.insert("countryCode".into(), json!("US"));
                    m.insert("displayName".into(), json!(d.name));
                    m.insert(
                        "domains".into(),
                        json!(std::iter::once(&d.initial_domain)
                            .chain(&d.verified_domains)
                            .collect::<Vec<_>>()),
                    );
                    m.insert("defaultDomain".into(), json!(d.initial_domain));
                    m.insert("tenantCategory".into(), json!("Home"));
                    m.insert("tenantType".into(), json!("AAD"));
                    m
                })
                .collect();
            arm_list(shared, r, tenants)
        }
        [s] if is(s, "subscriptions") => {
            let subs = view.directories[caller.directory]
                .subscriptions
                .iter()
                .map(|i| &view.subscriptions[*i])
                .filter(|s| s.kind == SubscriptionKind::Azure)
                .filter(|s| readable(served, &caller, &format!("/subscriptions/{}", s.id)))
                .map(|s| subscription(view, s))
                .collect();
            arm_list(shared, r, subs)
        }
        [s, id] if is(s, "subscriptions") => {
            let sub = readable_subscription(served, &caller, id)?;
            Ok(json(
                StatusCode::OK,
                &Value::Object(subscription(view, sub)),
            ))
        }
        [pr, m, g]
            if is(pr, "providers")
                && is(m, "Microsoft.Management")
                && is(g, "managementGroups") =>
        {
            let dir = &view.directories[caller.directory];
            let root = dir.id.to_string();
            let mut groups = vec![management_group(&root, "Tenant Root Group", None, dir.id)];
            for (name, shown, parent) in &dir.management_groups {
                let parent = parent.clone().unwrap_or_else(|| root.clone());
                groups.push(management_group(name, shown, Some(&parent), dir.id));
            }
            arm_list(shared, r, groups)
        }
        [pr, s, po, d]
            if is(pr, "providers")
                && is(s, "Microsoft.Subscription")
                && is(po, "policies")
                && is(d, "default") =>
        {
            Ok(json(StatusCode::OK, &policy(view, caller.directory)))
        }
        _ => Err(no_route(r)),
    }
}

fn write(shared: &Shared, served: &mut Served, r: &Req, p: &[&str]) -> Result<Response, Refusal> {
    let caller = authenticate(shared, &served.view, r, Surface::Arm)?;
    let directory = served.view.directories[caller.directory]
        .initial_domain
        .clone();
    if let Some(answer) = change_tenant(served, r, &caller, p) {
        return answer;
    }
    if let Some((scope, Kind::RoleAssignments, Some(name))) = authorization_path(p) {
        let scope = place(&served.view, &caller, &scope)?;
        return match r.method {
            Method::PUT => create_assignment(shared, served, r, &caller, &scope, name),
            Method::DELETE => delete_assignment(shared, served, &caller, &scope, name),
            _ => Err(no_route(r)),
        };
    }
    match (&r.method, p) {
        (&Method::POST, [pr, a, e])
            if is(pr, "providers") && is(a, AUTHORIZATION) && is(e, "elevateAccess") =>
        {
            served
                .apply(
                    "elevate_access",
                    json!({ "actor": caller.account, "directory": directory }),
                )
                .map_err(|e| Refusal::core(Surface::Arm, &e))?;
            Ok(empty(StatusCode::OK))
        }
        (&Method::PUT, [pr, s, po, d])
            if is(pr, "providers")
                && is(s, "Microsoft.Subscription")
                && is(po, "policies")
                && is(d, "default") =>
        {
            let body: Value = body(r)?;
            // The request's properties at the top level (the REST spec's
            // PutTenantPolicyRequestProperties), or under `properties`.
            let props = body
                .get("properties")
                .filter(|p| p.is_object())
                .unwrap_or(&body);
            let flag = |k: &str| props.get(k).and_then(Value::as_bool).unwrap_or(false);
            let args = json!({
                "actor": caller.account,
                "directory": directory,
                "block_leaving": flag("blockSubscriptionsLeavingTenant"),
                "block_entering": flag("blockSubscriptionsIntoTenant"),
            });
            served
                .apply("set_subscription_policy", args)
                .map_err(|e| Refusal::core(Surface::Arm, &e))?;
            Ok(json(
                StatusCode::OK,
                &policy(&served.view, caller.directory),
            ))
        }
        _ => Err(no_route(r)),
    }
}

fn no_route(r: &Req) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "NoRegisteredProviderFound",
        format!(
            "No registered resource provider found for {} {}: the emulator serves the ARM subset of DESIGN.md §7.",
            r.method, r.path
        ),
    )
}

fn body(r: &Req) -> Result<Value, Refusal> {
    serde_json::from_slice(&r.body).map_err(|e| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
            format!("The request content was invalid and could not be deserialized: {e}."),
        )
    })
}

fn subscription_not_found(id: &str) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "SubscriptionNotFound",
        format!("The subscription '{id}' could not be found."),
    )
}

fn assignment_not_found(name: &str) -> Refusal {
    refusal(
        StatusCode::NOT_FOUND,
        "RoleAssignmentNotFound",
        format!("The role assignment '{name}' is not found."),
    )
}

/// A scope the caller's token may address: its subscription exists and
/// trusts the token's tenant. Subscription scopes come back with ARM's
/// casing (`/subscriptions/{id}/resourceGroups/{name}`).
fn place(view: &View, caller: &Caller, scope: &str) -> Result<String, Refusal> {
    if is(scope, "/subscriptions") {
        return Err(subscription_not_found(""));
    }
    let Some(rest) = strip_prefix_ci(scope, "/subscriptions/") else {
        return Ok(scope.to_owned());
    };
    let (id, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let sub = Uuid::parse_str(id)
        .ok()
        .and_then(|u| view.subscription(u))
        .ok_or_else(|| subscription_not_found(id))?;
    if sub.directory != caller.directory {
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationTokenTenant",
            format!(
                "The access token is from the wrong issuer 'https://sts.windows.net/{}/'. It must match the tenant 'https://sts.windows.net/{}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/{}' to get the token.",
                caller.tenant, view.directories[sub.directory].id, view.directories[sub.directory].id
            ),
        ));
    }
    let mut out = format!("/subscriptions/{}", sub.id);
    let mut parts = tail.split('/').filter(|s| !s.is_empty());
    while let Some(segment) = parts.next() {
        let segment = if is(segment, "resourceGroups") {
            "resourceGroups"
        } else {
            segment
        };
        out.push('/');
        out.push_str(segment);
        if let Some(name) = parts.next() {
            out.push('/');
            out.push_str(name);
        }
    }
    Ok(out)
}

/// A subscription the caller's token addresses and may read.
fn readable_subscription<'a>(
    served: &'a Served,
    caller: &Caller,
    id: &str,
) -> Result<&'a crate::view::Subscription, Refusal> {
    let scope = place(&served.view, caller, &format!("/subscriptions/{id}"))?;
    may(
        served,
        caller,
        "Microsoft.Resources/subscriptions/read",
        &scope,
    )?;
    Uuid::parse_str(id)
        .ok()
        .and_then(|u| served.view.subscription(u))
        .ok_or_else(|| subscription_not_found(id))
}

/// Whether the caller may read the subscription at `scope`.
fn readable(served: &Served, caller: &Caller, scope: &str) -> bool {
    may(
        served,
        caller,
        "Microsoft.Resources/subscriptions/read",
        scope,
    )
    .is_ok()
}

/// Whether the caller may perform `action` at `scope`, as core's evaluator
/// says; a read is also allowed to whoever core says can manage the
/// subscription the scope is in (the classic administrators among them).
fn may(served: &Served, caller: &Caller, action: &str, scope: &str) -> Result<(), Refusal> {
    let manages = || {
        let sub = strip_prefix_ci(scope, "/subscriptions/").and_then(|rest| rest.split('/').next());
        sub.and_then(|id| served.tenancy.who_can_manage(id).ok())
            .is_some_and(|managers| managers.iter().any(|m| *m.account == *caller.account))
    };
    // `/` is the caller's directory's root: core names it by the tenant
    // root group when it holds several directories.
    let root;
    let asked = if scope == "/" {
        root = format!(
            "/providers/Microsoft.Management/managementGroups/{}",
            caller.tenant
        );
        root.as_str()
    } else {
        scope
    };
    match served.tenancy.can_perform(&caller.account, action, asked) {
        Ok(p) if p.allowed => Ok(()),
        Ok(_) if action.ends_with("/read") && manages() => Ok(()),
        Ok(_) => Err(refusal(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            format!(
                "The client '{}' with object id '{}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
                caller.upn, caller.oid
            ),
        )),
        Err(e) => Err(Refusal::core(Surface::Arm, &e)),
    }
}

/// One page of an ARM list (`value`, `nextLink`).
fn arm_list(shared: &Shared, r: &Req, items: Vec<Map<String, Value>>) -> Result<Response, Refusal> {
    let (value, next) = query::page(r, items, &Page::arm(shared.config.page_size))
        .map_err(|m| refusal(StatusCode::BAD_REQUEST, "InvalidQueryParameterValue", m))?;
    let mut body = json!({ "value": value });
    if let Some(next) = next {
        body["nextLink"] = Value::String(next);
    }
    Ok(json(StatusCode::OK, &body))
}

fn subscription(view: &View, s: &crate::view::Subscription) -> Map<String, Value> {
    let offer = s.offer.as_deref().unwrap_or("");
    let quota = quota_of_offer(offer).unwrap_or("PayAsYouGo_2014-09-01");
    let mut m = Map::new();
    m.insert("id".into(), json!(format!("/subscriptions/{}", s.id)));
    m.insert("authorizationSource".into(), json!("RoleBased"));
    m.insert(
        "managedByTenants".into(),
        Value::Array(
            s.managed_by
                .iter()
                .map(|t| json!({ "tenantId": t }))
                .collect(),
        ),
    );
    m.insert("subscriptionId".into(), json!(s.id));
    m.insert("tenantId".into(), json!(view.directories[s.directory].id));
    m.insert("displayName".into(), json!(s.name));
    m.insert("state".into(), json!("Enabled"));
    m.insert(
        "subscriptionPolicies".into(),
        json!({
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": quota,
            "spendingLimit": if quota.starts_with("FreeTrial") { "On" } else { "Off" },
        }),
    );
    m
}

fn management_group(
    name: &str,
    shown: &str,
    parent: Option<&str>,
    tenant: Uuid,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "id".into(),
        json!(format!(
            "/providers/Microsoft.Management/managementGroups/{name}"
        )),
    );
    m.insert(
        "type".into(),
        json!("Microsoft.Management/managementGroups"),
    );
    m.insert("name".into(), json!(name));
    m.insert(
        "properties".into(),
        json!({
            "tenantId": tenant,
            "displayName": shown,
            "details": { "parent": parent.map(|p| json!({ "id": format!("/providers/Microsoft.Management/managementGroups/{p}"), "name": p })) },
        }),
    );
    m
}

fn policy(view: &View, directory: usize) -> Value {
    let d = &view.directories[directory];
    json!({
        "id": "/providers/Microsoft.Subscription/policies/default",
        "name": "default",
        "type": "Microsoft.Subscription/policies",
        "properties": {
            "policyId": derived_id(&[&d.id.to_string(), "policy"]),
            "blockSubscriptionsLeavingTenant": d.block_leaving,
            "blockSubscriptionsIntoTenant": d.block_entering,
            "exemptedPrincipals": d.exempted,
        },
    })
}

/// The built-in roles and the caller's directory's custom roles.
fn roles_at<'a>(view: &'a View, caller: &'a Caller) -> impl Iterator<Item = &'a Role> + 'a {
    view.roles
        .iter()
        .filter(move |r| !r.custom || r.directory == Some(caller.directory))
}

/// A role definition's id as ARM writes it at a scope.
fn definition_id(scope: &str, role: Uuid) -> String {
    let sub = strip_prefix_ci(scope, "/subscriptions/")
        .and_then(|rest| rest.split('/').next())
        .map(|id| format!("/subscriptions/{id}"))
        .unwrap_or_default();
    format!("{sub}/providers/Microsoft.Authorization/roleDefinitions/{role}")
}

fn definition(shared: &Shared, scope: &str, role: &Role) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(definition_id(scope, role.id)));
    m.insert("name".into(), json!(role.id));
    m.insert(
        "type".into(),
        json!("Microsoft.Authorization/roleDefinitions"),
    );
    m.insert(
        "properties".into(),
        json!({
            "roleName": role.name,
            "type": if role.custom { "CustomRole" } else { "BuiltInRole" },
            "description": role.description,
            "assignableScopes": role.assignable_scopes,
            "permissions": [{
                "actions": role.actions,
                "notActions": role.not_actions,
                "dataActions": [],
                "notDataActions": [],
            }],
            "createdOn": shared.created,
            "updatedOn": shared.created,
            "createdBy": null,
            "updatedBy": null,
        }),
    );
    m
}

/// `roleName eq '…'` and `type eq 'BuiltInRole' | 'CustomRole'`.
fn filter_definitions(
    r: &Req,
    roles: Vec<Map<String, Value>>,
) -> Result<Vec<Map<String, Value>>, Refusal> {
    let Some(f) = r.param("$filter") else {
        return Ok(roles);
    };
    let filter = query::Filter::parse(f)
        .map_err(|m| refusal(StatusCode::BAD_REQUEST, "InvalidFilterInQueryString", m))?;
    Ok(roles
        .into_iter()
        .filter(|role| {
            role.get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| filter.matches(p))
        })
        .collect())
}

fn classic_administrators(
    shared: &Shared,
    served: &Served,
    r: &Req,
    caller: &Caller,
    scope: &str,
) -> Result<Response, Refusal> {
    let view = &served.view;
    let sub = strip_prefix_ci(scope, "/subscriptions/")
        .filter(|rest| !rest.contains('/'))
        .and_then(|id| Uuid::parse_str(id).ok())
        .and_then(|id| view.subscription(id))
        .ok_or_else(|| no_route(r))?;
    may(
        served,
        caller,
        "Microsoft.Authorization/classicAdministrators/read",
        scope,
    )?;
    let mut admins: Vec<(String, Vec<&str>)> = Vec::new();
    if view.profile == Profile::Classic {
        let mut add = |who: &str, role: &'static str| {
            let email = who.strip_prefix("msa:").unwrap_or(who).to_owned();
            match admins
                .iter_mut()
                .find(|(e, _)| e.eq_ignore_ascii_case(&email))
            {
                Some((_, roles)) => roles.push(role),
                None => admins.push((email, vec![role])),
            }
        };
        if let Some(s) = &sub.service_administrator {
            add(s, "ServiceAdministrator");
        }
        if let Some(a) = &sub.account_administrator {
            add(a, "AccountAdministrator");
        }
        for c in &sub.co_administrators {
            add(c, "CoAdministrator");
        }
    }
    let items = admins
        .into_iter()
        .map(|(email, roles)| {
            let name = derived_id(&[&sub.id.to_string(), &email.to_ascii_lowercase()]);
            let mut m = Map::new();
            m.insert(
                "id".into(),
                json!(format!("/subscriptions/{}/providers/Microsoft.Authorization/classicAdministrators/{name}", sub.id)),
            );
            m.insert("name".into(), json!(name));
            m.insert("type".into(), json!("Microsoft.Authorization/classicAdministrators"));
            m.insert("properties".into(), json!({ "emailAddress": email, "role": roles.join(";") }));
            m
        })
        .collect();
    arm_list(shared, r, items)
}

/// The scopes above `scope` and itself, lowercase: its path's prefixes
/// within a subscription, the subscription's management groups up to the
/// tenant root group, and `/`.
fn scope_chain(view: &View, caller: &Caller, scope: &str) -> Vec<String> {
    let dir = &view.directories[caller.directory];
    let mg = |name: &str| {
        format!(
            "/providers/microsoft.management/managementgroups/{}",
            name.to_ascii_lowercase()
        )
    };
    let mut chain = Vec::new();
    let lower = scope.to_ascii_lowercase();
    let mut group: Option<String> = None;
    if let Some(rest) = lower.strip_prefix("/subscriptions/") {
        let parts: Vec<&str> = rest.split('/').collect();
        for n in (1..=parts.len()).step_by(2) {
            chain.push(format!("/subscriptions/{}", parts[..n].join("/")));
        }
        let sub = parts
            .first()
            .and_then(|id| Uuid::parse_str(id).ok())
            .and_then(|id| view.subscription(id));
        group = sub.and_then(|s| s.management_group.clone());
        chain.push(mg(&dir.id.to_string()));
    } else if let Some(name) =
        lower.strip_prefix("/providers/microsoft.management/managementgroups/")
    {
        group = Some(name.to_owned());
        chain.push(mg(&dir.id.to_string()));
    }
    let mut seen = 0;
    while let Some(name) = group.take() {
        chain.push(mg(&name));
        seen += 1;
        group = dir
            .management_groups
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&name))
            .and_then(|(_, _, parent)| parent.clone())
            .filter(|_| seen < 16);
    }
    chain.push("/".to_owned());
    chain.sort();
    chain.dedup();
    chain
}

/// ARM's role assignment filters: `atScope()`, `principalId eq '…'`,
/// `assignedTo('…')`, joined by `and`.
#[derive(Debug, Default)]
struct AssignmentFilter {
    at_scope: bool,
    principal: Option<Uuid>,
    assigned_to: Option<Uuid>,
}

fn assignment_filter(r: &Req) -> Result<AssignmentFilter, Refusal> {
    let mut f = AssignmentFilter::default();
    let Some(text) = r.param("$filter") else {
        return Ok(f);
    };
    let bad = |clause: &str| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidFilterInQueryString",
            format!("The filter '{clause}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{{value}}' or assignedTo('{{value}}')'."),
        )
    };
    let id = |s: &str| Uuid::parse_str(s.trim().trim_matches('\'')).ok();
    for clause in text.split(" and ").map(str::trim) {
        let lower = clause.to_ascii_lowercase();
        if lower == "atscope()" {
            f.at_scope = true;
        } else if let Some(v) = lower.strip_prefix("principalid eq ") {
            f.principal = Some(id(v).ok_or_else(|| bad(clause))?);
        } else if let Some(v) = lower
            .strip_prefix("assignedto(")
            .and_then(|v| v.strip_suffix(')'))
        {
            f.assigned_to = Some(id(v).ok_or_else(|| bad(clause))?);
        } else {
            return Err(bad(clause));
        }
    }
    Ok(f)
}

fn list_assignments(
    shared: &Shared,
    served: &Served,
    r: &Req,
    caller: &Caller,
    scope: &str,
) -> Result<Response, Refusal> {
    let view = &served.view;
    may(
        served,
        caller,
        "Microsoft.Authorization/roleAssignments/read",
        scope,
    )?;
    let filter = assignment_filter(r)?;
    let chain = scope_chain(view, caller, scope);
    let below = format!("{}/", scope.trim_end_matches('/').to_ascii_lowercase());
    let holders: Option<Vec<Uuid>> = filter.assigned_to.map(|id| {
        let dir = &view.directories[caller.directory];
        let mut ids = vec![id];
        ids.extend(
            view.groups_of(caller.directory, id)
                .into_iter()
                .map(|g| dir.groups[g].id),
        );
        ids
    });
    let items = view
        .assignments
        .iter()
        .filter(|a| a.directory == caller.directory)
        .filter(|a| {
            let s = a.scope.to_ascii_lowercase();
            // At the scope and above; below it too unless atScope().
            chain.contains(&s) || (!filter.at_scope && (scope == "/" || s.starts_with(&below)))
        })
        .filter(|a| filter.principal.map_or(true, |p| a.principal_id == p))
        .filter(|a| {
            holders
                .as_ref()
                .map_or(true, |h| h.contains(&a.principal_id))
        })
        .collect::<Vec<&Assignment>>();
    let how = Page::arm(shared.config.page_size);
    let (range, next) = query::window(r, items.len(), &how)
        .map_err(|m| refusal(StatusCode::BAD_REQUEST, "InvalidQueryParameterValue", m))?;
    let page = ArmPage {
        value: items[range]
            .iter()
            .map(|a| assignment_out(shared, view, a))
            .collect(),
        next_link: next,
    };
    let body = serde_json::to_vec(&page).unwrap_or_default();
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

fn find_assignment<'a>(view: &'a View, scope: &str, name: &str) -> Option<&'a Assignment> {
    view.assignments
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name) && a.scope.eq_ignore_ascii_case(scope))
}

/// A role assignment as ARM writes it (typed: lists of them are hot).
#[derive(Serialize)]
struct AssignmentOut<'a> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    properties: AssignmentProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentProperties<'a> {
    role_definition_id: String,
    principal_id: Uuid,
    principal_type: &'static str,
    scope: &'a str,
    condition: Option<&'a str>,
    condition_version: Option<&'static str>,
    created_on: &'a str,
    updated_on: &'a str,
    created_by: Option<&'a str>,
    updated_by: Option<&'a str>,
    delegated_managed_identity_resource_id: Option<&'a str>,
    description: Option<&'a str>,
}

fn assignment_out<'a>(shared: &'a Shared, view: &View, a: &'a Assignment) -> AssignmentOut<'a> {
    let role = &view.roles[a.role];
    AssignmentOut {
        id: format!(
            "{}/providers/Microsoft.Authorization/roleAssignments/{}",
            a.scope.trim_end_matches('/'),
            a.name
        ),
        name: &a.name,
        kind: "Microsoft.Authorization/roleAssignments",
        properties: AssignmentProperties {
            role_definition_id: definition_id(&a.scope, role.id),
            principal_id: a.principal_id,
            principal_type: a.principal_type,
            scope: &a.scope,
            condition: a.condition.as_deref(),
            condition_version: a.condition.as_ref().map(|_| "2.0"),
            created_on: &shared.created,
            updated_on: &shared.created,
            created_by: None,
            updated_by: None,
            delegated_managed_identity_resource_id: None,
            description: None,
        },
    }
}

fn assignment(shared: &Shared, view: &View, a: &Assignment) -> Value {
    serde_json::to_value(assignment_out(shared, view, a)).unwrap_or(Value::Null)
}

/// The principal an object id names, as core names it: the account of a
/// user; `id:` for the rest (and for an id the directory does not hold,
/// which core refuses).
fn principal_name(view: &View, caller: &Caller, id: Uuid) -> String {
    let dir = &view.directories[caller.directory];
    match dir.objects.get(&id) {
        Some(crate::view::Object::User(u)) => dir.users[*u].account.clone(),
        _ => format!("id:{id}"),
    }
}

fn create_assignment(
    shared: &Shared,
    served: &mut Served,
    r: &Req,
    caller: &Caller,
    scope: &str,
    name: &str,
) -> Result<Response, Refusal> {
    let name = Uuid::parse_str(name)
        .map_err(|_| {
            refusal(
                StatusCode::BAD_REQUEST,
                "InvalidRoleAssignmentId",
                format!("The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID."),
            )
        })?
        .to_string();
    let body = body(r)?;
    let props = &body["properties"];
    let text = |k: &str| props.get(k).and_then(Value::as_str);
    let (Some(definition), Some(principal)) = (text("roleDefinitionId"), text("principalId"))
    else {
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "InvalidRequestContent",
            "A role assignment needs properties.roleDefinitionId and properties.principalId.",
        ));
    };
    let role = definition.rsplit('/').next().unwrap_or(definition);
    let principal_id = Uuid::parse_str(principal).map_err(|_| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidPrincipalId",
            format!("The principal ID '{principal}' is not a valid GUID."),
        )
    })?;
    if let Some(existing) = find_assignment(&served.view, scope, &name) {
        let same = existing.principal_id == principal_id
            && served.view.roles[existing.role]
                .id
                .to_string()
                .eq_ignore_ascii_case(role);
        if same {
            return Ok(json(
                StatusCode::CREATED,
                &assignment(shared, &served.view, existing),
            ));
        }
        return Err(refusal(
            StatusCode::BAD_REQUEST,
            "RoleAssignmentUpdateNotPermitted",
            "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
        ));
    }
    let mut args = json!({
        "actor": caller.account,
        "principal": principal_name(&served.view, caller, principal_id),
        "role": role,
        "scope": scope,
    });
    if scope == "/" {
        args["directory"] = json!(served.view.directories[caller.directory].initial_domain);
    }
    if let Some(condition) = text("condition") {
        args["condition"] = json!(condition);
    }
    let role_id = served
        .view
        .role(role, Some(caller.directory))
        .map(|i| served.view.roles[i].id);
    if let Some(role_id) = role_id {
        served
            .names
            .insert(assignment_key(principal_id, role_id, scope), name.clone());
    }
    if let Err(e) = served.apply("assign_role", args) {
        if let Some(role_id) = role_id {
            served
                .names
                .remove(&assignment_key(principal_id, role_id, scope));
        }
        return Err(Refusal::core(Surface::Arm, &e));
    }
    match find_assignment(&served.view, scope, &name) {
        Some(a) => Ok(json(
            StatusCode::CREATED,
            &assignment(shared, &served.view, a),
        )),
        None => Err(assignment_not_found(&name)),
    }
}

fn delete_assignment(
    shared: &Shared,
    served: &mut Served,
    caller: &Caller,
    scope: &str,
    name: &str,
) -> Result<Response, Refusal> {
    let Some(existing) = find_assignment(&served.view, scope, name).cloned() else {
        // ARM answers a delete of nothing with 204 and no body.
        return Ok(empty(StatusCode::NO_CONTENT));
    };
    let body = assignment(shared, &served.view, &existing);
    let role = &served.view.roles[existing.role];
    let role_id = role.id;
    let mut args = json!({
        "actor": caller.account,
        "principal": existing.principal,
        "role": role_id.to_string(),
        "scope": existing.scope,
    });
    if existing.scope == "/" {
        args["directory"] = json!(served.view.directories[caller.directory].initial_domain);
    }
    served
        .apply("remove_role", args)
        .map_err(|e| Refusal::core(Surface::Arm, &e))?;
    served.names.remove(&assignment_key(
        existing.principal_id,
        role_id,
        &existing.scope,
    ));
    Ok(json(StatusCode::OK, &body))
}

/// A pending directory change as `Microsoft.Subscription/changeTenantRequest`
/// writes it (2024-08-01-preview).
fn change_request(view: &View, sub: Uuid, c: &(String, Option<String>)) -> Value {
    let to = view.directory(&c.0).map(|d| view.directories[d].id);
    json!({
        "id": format!("/subscriptions/{sub}/providers/Microsoft.Subscription/changeTenantRequest/default"),
        "name": "default",
        "type": "Microsoft.Subscription/changeTenantRequest",
        "properties": {
            "destinationTenantId": to,
            "destinationOwnerId": c.1,
            "status": "Pending",
        },
    })
}

/// The two-party directory change (N4): `PUT` and `DELETE`
/// `/subscriptions/{id}/providers/Microsoft.Subscription/changeTenantRequest/default`
/// (request, cancel: a token of the subscription's directory) and `POST
/// /subscriptions/{id}/providers/Microsoft.Subscription/acceptChangeTenant`
/// (accept: a token of the destination directory). `None` for other paths.
fn change_tenant(
    served: &mut Served,
    r: &Req,
    caller: &Caller,
    p: &[&str],
) -> Option<Result<Response, Refusal>> {
    let [s, id, pr, m, rest @ ..] = p else {
        return None;
    };
    if !(is(s, "subscriptions") && is(pr, "providers") && is(m, SUBSCRIPTION)) {
        return None;
    }
    let request = matches!(rest, [c, d] if is(c, "changeTenantRequest") && is(d, "default"));
    let accept = matches!(rest, [a] if is(a, "acceptChangeTenant"));
    if !(request || accept) {
        return None;
    }
    Some(change_tenant_at(served, r, caller, id, accept))
}

fn change_tenant_at(
    served: &mut Served,
    r: &Req,
    caller: &Caller,
    id: &str,
    accept: bool,
) -> Result<Response, Refusal> {
    let sub_id = Uuid::parse_str(id)
        .ok()
        .and_then(|u| served.view.subscription(u))
        .ok_or_else(|| subscription_not_found(id))?
        .id;
    let core = |e: tenantry::Error| Refusal::core(Surface::Arm, &e);
    let actor = json!({ "actor": caller.account, "subscription": sub_id.to_string() });
    match (&r.method, accept) {
        (&Method::POST, true) => {
            served
                .apply("accept_directory_change", actor)
                .map_err(core)?;
            Ok(empty(StatusCode::OK))
        }
        (&Method::PUT, false) => {
            place(&served.view, caller, &format!("/subscriptions/{id}"))?;
            let body = body(r)?;
            let props = body
                .get("properties")
                .filter(|p| p.is_object())
                .unwrap_or(&body);
            let Some(to) = props.get("destinationTenantId").and_then(Value::as_str) else {
                return Err(refusal(
                    StatusCode::BAD_REQUEST,
                    "InvalidRequestContent",
                    "A directory change request needs properties.destinationTenantId.",
                ));
            };
            let mut args = actor;
            args["directory"] = json!(to);
            if let Some(owner) = props.get("destinationOwnerId").and_then(Value::as_str) {
                // An object id of the destination's, or an address.
                let account = served
                    .view
                    .directory(to)
                    .and_then(|d| served.view.directories[d].user(owner))
                    .map_or_else(|| owner.to_owned(), |u| u.account.clone());
                args["acceptor"] = json!(account);
            }
            served
                .apply("request_directory_change", args)
                .map_err(core)?;
            let view = &served.view;
            match view
                .subscription(sub_id)
                .and_then(|s| s.change_request.clone())
            {
                Some(c) => Ok(json(StatusCode::CREATED, &change_request(view, sub_id, &c))),
                None => Err(no_route(r)),
            }
        }
        (&Method::DELETE, false) => {
            place(&served.view, caller, &format!("/subscriptions/{id}"))?;
            served
                .apply("cancel_directory_change", actor)
                .map_err(core)?;
            Ok(empty(StatusCode::OK))
        }
        _ => Err(no_route(r)),
    }
}

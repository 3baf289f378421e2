//! A loopback Microsoft Graph and ARM server for the importer's tests: it
//! serves a tenant written from the documented shapes (the wire types of
//! `tenantry_connect::wire`), pages every list, checks the bearer token,
//! records every request, and injects faults on request.

#![allow(dead_code)] // each test binary uses part of it

pub mod fixture;
pub mod scaled;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Response, StatusCode, Uri};
use bytes::Bytes;
use http_body::Frame;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path_and_query: String,
    pub authorization: Option<String>,
}

/// A fault to inject.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with this `Retry-After` (none: no header).
    TooMany(Option<String>),
    /// 503 with this `Retry-After`.
    Unavailable(Option<String>),
    /// 500.
    ServerError,
    /// 200 with half the JSON.
    Truncated,
    /// 200 with the JSON as `text/plain`.
    WrongContentType,
    /// 502 with an HTML page, as a proxy answers.
    HtmlPage,
    /// 200 whose body drips: a few bytes, then a pause longer than the
    /// client's timeout.
    SlowDrip(Duration),
    /// 401 as for an expired token.
    Expired,
    /// 403 as for a missing permission.
    Forbidden,
    /// 200 with an empty page that links to the real one.
    EmptyFirstPage,
    /// 200 with an empty page whose next link is on another host.
    ForeignNextLink,
}

/// A fault on the requests whose path contains `path`, `times` times
/// (`usize::MAX`: always), after `after` matching requests went through.
#[derive(Debug, Clone)]
pub struct Rule {
    pub path: String,
    pub fault: Fault,
    pub after: usize,
    pub times: usize,
}

impl Rule {
    pub fn new(path: &str, fault: Fault, times: usize) -> Rule {
        Rule {
            path: path.to_owned(),
            fault,
            after: 0,
            times,
        }
    }
}

/// A list the server pages: its items, or a function making item `i` (so
/// that a tenant of a million users is served without holding them).
#[derive(Clone)]
pub enum List {
    Items(Vec<serde_json::Value>),
    Made {
        len: usize,
        make: Arc<dyn Fn(usize) -> serde_json::Value + Send + Sync>,
    },
}

impl List {
    pub fn made(
        len: usize,
        make: impl Fn(usize) -> serde_json::Value + Send + Sync + 'static,
    ) -> List {
        List::Made {
            len,
            make: Arc::new(make),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            List::Items(v) => v.len(),
            List::Made { len, .. } => *len,
        }
    }

    fn page(&self, skip: usize, top: usize) -> Vec<serde_json::Value> {
        match self {
            List::Items(v) => v.iter().skip(skip).take(top).cloned().collect(),
            List::Made { len, make } => (skip..(*len).min(skip.saturating_add(top)))
                .map(|i| make(i))
                .collect(),
        }
    }
}

impl std::fmt::Debug for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "List({} items)", self.len())
    }
}

/// What the server serves: each path's full list (paged by the server)
/// or single object.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    /// Graph lists, by path below `/v1.0/` (e.g. `users`).
    pub graph: BTreeMap<String, List>,
    /// ARM lists, by path (e.g. `subscriptions`).
    pub arm: BTreeMap<String, List>,
    /// Single objects, by path (ARM's management-group tree, the policy).
    pub objects: BTreeMap<String, serde_json::Value>,
    /// Paths that answer 400 (retired APIs).
    pub retired: Vec<String>,
}

impl Tenant {
    pub fn list<T: Serialize>(items: &[T]) -> List {
        List::Items(
            items
                .iter()
                .map(|i| serde_json::to_value(i).unwrap_or_default())
                .collect(),
        )
    }
}

/// An application the token endpoint knows: its secret, or the public
/// key of its certificate (RSAPublicKey DER).
#[derive(Debug, Clone)]
struct App {
    client_id: String,
    secret: Option<String>,
    public_key: Option<Vec<u8>>,
}

/// Another tenant the server serves, to the token it issues for it.
#[derive(Debug, Clone)]
struct Other {
    /// The tenant as the token endpoint's path names it.
    sign_in: String,
    token: String,
    tenant: Tenant,
}

struct Inner {
    apps: Vec<App>,
    others: Vec<Other>,
    tenant: Tenant,
    token: String,
    page: usize,
    arm_page: usize,
    rules: Vec<Rule>,
    seen: Vec<Seen>,
    base: String,
    /// Graph's change log: each change's round, the list it is of
    /// (`users`, `groups`) and the item a delta query gives for it.
    changes: Vec<(u64, String, serde_json::Value)>,
    /// The round now: a delta link names the round it was given at.
    round: u64,
    /// Delta links of rounds before this one answer 410 Gone.
    expired_before: u64,
}

/// One bearer token for both services.
pub fn tokens(token: &str) -> tenantry_connect::Credentials {
    let token = tenantry_connect::Secret::new(token);
    tenantry_connect::Credentials::Tokens {
        graph: token.clone(),
        arm: token,
    }
}

/// A running server.
#[derive(Clone)]
pub struct Server {
    inner: Arc<Mutex<Inner>>,
    pub addr: SocketAddr,
    pub base: String,
}

impl Server {
    /// Starts serving `tenant` on a free loopback port, accepting `token`,
    /// `page` items per page.
    pub async fn start(tenant: Tenant, token: &str, page: usize) -> Server {
        Server::start_on(0, tenant, token, page).await
    }

    /// [`Server::start`] on a given port (0: any free one).
    pub async fn start_on(port: u16, tenant: Tenant, token: &str, page: usize) -> Server {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let base = format!("http://{addr}");
        let inner = Arc::new(Mutex::new(Inner {
            apps: Vec::new(),
            others: Vec::new(),
            tenant,
            token: token.to_owned(),
            page,
            arm_page: page,
            rules: Vec::new(),
            seen: Vec::new(),
            base: base.clone(),
            changes: Vec::new(),
            round: 0,
            expired_before: 0,
        }));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&inner));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server { inner, addr, base }
    }

    /// Import options that read this server for Graph, ARM and the
    /// identity platform, with short backoff and timeouts for tests.
    pub fn options(&self, credentials: tenantry_connect::Credentials) -> tenantry_connect::Options {
        let mut o = tenantry_connect::Options::new(tenantry::Cloud::Public, credentials)
            .unwrap_or_else(|e| panic!("{e}"));
        o.endpoints.graph = self.base.clone();
        o.endpoints.arm = self.base.clone();
        o.endpoints.login = self.base.clone();
        o.backoff = Duration::from_millis(5);
        o.max_backoff = Duration::from_secs(2);
        o.timeout = Duration::from_secs(5);
        o
    }

    /// ARM's page size, when it differs from Graph's.
    pub fn arm_page(&self, n: usize) {
        self.lock().arm_page = n;
    }

    pub fn fault(&self, rule: Rule) {
        self.lock().rules.push(rule);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.lock().seen.clone()
    }

    /// Lets an application sign in with its client secret.
    pub fn app_with_secret(&self, client_id: &str, secret: &str) {
        self.lock().apps.push(App {
            client_id: client_id.to_owned(),
            secret: Some(secret.to_owned()),
            public_key: None,
        });
    }

    /// Lets an application sign in with the certificate of `pem` (its
    /// private key's public half checks the assertions' signatures).
    pub fn app_with_certificate(&self, client_id: &str, pem: &str) {
        use rustls::pki_types::{pem::PemObject, PrivateKeyDer};
        let public_key = match PrivateKeyDer::from_pem_slice(pem.as_bytes()) {
            Ok(PrivateKeyDer::Pkcs8(der)) => {
                ring::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der())
                    .map(|k| ring::signature::KeyPair::public_key(&k).as_ref().to_vec())
                    .ok()
            }
            _ => None,
        };
        assert!(public_key.is_some(), "the test PEM holds a PKCS#8 RSA key");
        self.lock().apps.push(App {
            client_id: client_id.to_owned(),
            secret: None,
            public_key,
        });
    }

    /// Serves `tenant` too, to requests with `token`: the token endpoint
    /// issues it to applications signing in to `sign_in`.
    pub fn another_tenant(&self, sign_in: &str, token: &str, tenant: Tenant) {
        self.lock().others.push(Other {
            sign_in: sign_in.to_owned(),
            token: token.to_owned(),
            tenant,
        });
    }

    /// Forgets the requests seen so far.
    pub fn forget_seen(&self) {
        self.lock().seen.clear();
    }

    /// Changes what the server serves (what a full read sees).
    pub fn edit(&self, f: impl FnOnce(&mut Tenant)) {
        f(&mut self.lock().tenant);
    }

    /// Logs a change to `list` (`users` or `groups`) as a delta query
    /// gives it, in a new round.
    pub fn change(&self, list: &str, item: serde_json::Value) {
        let mut s = self.lock();
        s.round += 1;
        let round = s.round;
        s.changes.push((round, list.to_owned(), item));
    }

    /// Every delta link given so far answers 410 Gone from now on.
    pub fn expire_delta_links(&self) {
        let mut s = self.lock();
        s.round += 1;
        s.expired_before = s.round;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .body(Body::from(value.to_string()))
        .unwrap_or_default()
}

fn error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    json(
        status,
        &serde_json::json!({ "error": { "code": code, "message": message } }),
    )
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let path_and_query = uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (fault, answer) = {
        let mut s = inner.lock().unwrap_or_else(|p| p.into_inner());
        s.seen.push(Seen {
            method: method.clone(),
            path_and_query: path_and_query.clone(),
            authorization: authorization.clone(),
        });
        if method == Method::POST && uri.path().ends_with("/oauth2/v2.0/token") {
            return token(&s, uri.path(), &body);
        }
        if method != Method::GET {
            return error(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                "read-only",
            );
        }
        let bearer = authorization
            .as_deref()
            .and_then(|a| a.strip_prefix("Bearer "));
        let tenant = if bearer == Some(s.token.as_str()) {
            None
        } else {
            s.others
                .iter()
                .position(|o| Some(o.token.as_str()) == bearer)
        };
        if bearer != Some(s.token.as_str()) && tenant.is_none() {
            return error(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "Access token is empty or invalid.",
            );
        }
        let path = uri.path().to_owned();
        let mut fault = None;
        for rule in s.rules.iter_mut() {
            if path_and_query.contains(&rule.path) {
                if rule.after > 0 {
                    rule.after -= 1;
                } else if rule.times > 0 {
                    rule.times = rule.times.saturating_sub(1);
                    fault = Some(rule.fault.clone());
                    break;
                }
            }
        }
        let served = match tenant {
            Some(i) => &s.others[i].tenant,
            None => &s.tenant,
        };
        (fault, answer(&s, served, &path, uri.query().unwrap_or("")))
    };
    match fault {
        None => answer,
        Some(Fault::TooMany(after)) => throttle(StatusCode::TOO_MANY_REQUESTS, after),
        Some(Fault::Unavailable(after)) => throttle(StatusCode::SERVICE_UNAVAILABLE, after),
        Some(Fault::ServerError) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            "Something went wrong.",
        ),
        Some(Fault::Truncated) => {
            let (status, body) = parts(answer).await;
            let cut = body.len() / 2;
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Body::from(body.slice(..cut)))
                .unwrap_or_default()
        }
        Some(Fault::WrongContentType) => {
            let (status, body) = parts(answer).await;
            Response::builder()
                .status(status)
                .header("content-type", "text/plain")
                .body(Body::from(body))
                .unwrap_or_default()
        }
        Some(Fault::HtmlPage) => Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .header("content-type", "text/html")
            .body(Body::from(
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            ))
            .unwrap_or_default(),
        Some(Fault::SlowDrip(pause)) => {
            let (status, body) = parts(answer).await;
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Body::new(Drip::new(body, pause)))
                .unwrap_or_default()
        }
        Some(Fault::Expired) => Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .header(
                "www-authenticate",
                "Bearer error=\"invalid_token\", error_description=\"The access token has expired\"",
            )
            .header("content-type", "application/json")
            .body(Body::from(
                r#"{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}}"#,
            ))
            .unwrap_or_default(),
        Some(Fault::Forbidden) => error(
            StatusCode::FORBIDDEN,
            "AuthorizationFailed",
            "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'.",
        ),
        Some(Fault::EmptyFirstPage) => {
            let s = inner.lock().unwrap_or_else(|p| p.into_inner());
            let next = format!("{}{}", s.base, path_and_query.replace("$top=", "$skip=0&$top="));
            let graph = uri.path().starts_with("/v1.0/");
            let link = if graph { "@odata.nextLink" } else { "nextLink" };
            json(StatusCode::OK, &serde_json::json!({ "value": [], link: next }))
        }
        Some(Fault::ForeignNextLink) => json(
            StatusCode::OK,
            &serde_json::json!({
                "value": [],
                "@odata.nextLink": "https://graph.attacker.example/v1.0/users?$skiptoken=1",
                "nextLink": "https://graph.attacker.example/v1.0/users?$skiptoken=1",
            }),
        ),
    }
}

fn throttle(status: StatusCode, after: Option<String>) -> Response<Body> {
    let mut r = error(status, "TooManyRequests", "Too many requests; retry later.");
    if let Some(a) = after.and_then(|a| a.parse().ok()) {
        r.headers_mut().insert("retry-after", a);
    }
    r
}

async fn parts(r: Response<Body>) -> (StatusCode, Bytes) {
    let status = r.status();
    let body = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    (status, body)
}

/// The answer without faults: a page of a list, an object, or 404.
fn answer(s: &Inner, tenant: &Tenant, path: &str, query: &str) -> Response<Body> {
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    if tenant.retired.iter().any(|r| path.ends_with(r.as_str())) {
        return error(
            StatusCode::BAD_REQUEST,
            "ClassicAdministratorsRetired",
            "Classic administrators are retired.",
        );
    }
    let (graph, key) = match path.strip_prefix("/v1.0/") {
        Some(rest) => (true, rest.to_owned()),
        None => (false, path.trim_start_matches('/').to_owned()),
    };
    if let Some(list) = key.strip_suffix("/delta").filter(|_| graph) {
        return delta(s, list, path, query, &params);
    }
    let list = if graph {
        tenant.graph.get(&key)
    } else {
        tenant.arm.get(&key)
    };
    let Some(list) = list else {
        return match tenant.objects.get(&key) {
            Some(o) => json(StatusCode::OK, o),
            None => error(StatusCode::NOT_FOUND, "ResourceNotFound", "Not found."),
        };
    };
    let top = params
        .get("$top")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(usize::MAX)
        .min(if graph { s.page } else { s.arm_page });
    let skip = params
        .get("$skiptoken")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let page = list.page(skip, top);
    let mut body = serde_json::json!({ "value": page });
    if skip + top < list.len() {
        let mut kept: Vec<String> = query
            .split('&')
            .filter(|kv| !kv.starts_with("$skiptoken=") && !kv.starts_with("$skip="))
            .map(str::to_owned)
            .collect();
        kept.push(format!("$skiptoken={}", skip + top));
        let next = format!("{}{}?{}", s.base, path, kept.join("&"));
        let link = if graph { "@odata.nextLink" } else { "nextLink" };
        body[link] = serde_json::Value::String(next);
    }
    json(StatusCode::OK, &body)
}

/// The identity platform's token endpoint: client credentials with a
/// secret or a signed client assertion, answered with the server's token.
fn token(s: &Inner, path: &str, body: &[u8]) -> Response<Body> {
    use base64::Engine as _;
    let refuse = |status: StatusCode, code: &str, description: &str| {
        json(
            status,
            &serde_json::json!({ "error": code, "error_description": description }),
        )
    };
    let form: BTreeMap<String, String> = String::from_utf8_lossy(body)
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    if field("grant_type") != "client_credentials" || !field("scope").ends_with("/.default") {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "AADSTS900144: grant_type and scope are required.",
        );
    }
    let Some(app) = s.apps.iter().find(|a| a.client_id == field("client_id")) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
        );
    };
    let proved = match (&app.secret, &app.public_key) {
        (Some(secret), _) => form.get("client_secret") == Some(secret),
        (None, Some(key)) => {
            let jwt = field("client_assertion");
            let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            let claims: serde_json::Value = jwt
                .split('.')
                .nth(1)
                .and_then(|c| b64.decode(c).ok())
                .and_then(|c| serde_json::from_slice(&c).ok())
                .unwrap_or_default();
            let signed = jwt.rsplit_once('.').and_then(|(signed, signature)| {
                b64.decode(signature)
                    .ok()
                    .map(|sig| (signed.to_owned(), sig))
            });
            let verified = signed.is_some_and(|(signed, signature)| {
                ring::signature::UnparsedPublicKey::new(
                    &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                    key,
                )
                .verify(signed.as_bytes(), &signature)
                .is_ok()
            });
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            verified
                && field("client_assertion_type")
                    == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                && claims["aud"] == serde_json::json!(format!("{}{path}", s.base))
                && claims["iss"] == serde_json::json!(app.client_id)
                && claims["sub"] == serde_json::json!(app.client_id)
                && claims["exp"].as_u64().is_some_and(|exp| exp > now)
                && !form.contains_key("client_secret")
        }
        (None, None) => false,
    };
    if !proved {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "AADSTS7000215: Invalid client secret or assertion provided.",
        );
    }
    let sign_in = path.split('/').nth(1).unwrap_or("");
    let token = s
        .others
        .iter()
        .find(|o| o.sign_in == sign_in)
        .map_or(s.token.as_str(), |o| o.token.as_str());
    json(
        StatusCode::OK,
        &serde_json::json!({ "token_type": "Bearer", "expires_in": 3599, "access_token": token }),
    )
}

/// A delta query round of `list`: `$deltatoken=latest` gives the link
/// of now and no items; a round's link gives the changes logged since,
/// paged, and the last page the link of now.
fn delta(
    s: &Inner,
    list: &str,
    path: &str,
    query: &str,
    params: &BTreeMap<String, String>,
) -> Response<Body> {
    let link = |round: u64| format!("{}{path}?$deltatoken={round}", s.base);
    let since = match params.get("$deltatoken").map(String::as_str) {
        Some("latest") => {
            return json(
                StatusCode::OK,
                &serde_json::json!({ "value": [], "@odata.deltaLink": link(s.round) }),
            )
        }
        Some(t) => match t.parse::<u64>() {
            Ok(round) => round,
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    "Invalid delta token.",
                )
            }
        },
        None => {
            return error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "This server serves delta rounds from $deltatoken only.",
            )
        }
    };
    if since < s.expired_before {
        return error(
            StatusCode::GONE,
            "syncStateNotFound",
            "The sync state generation is not found. Please restart the sync.",
        );
    }
    let items: Vec<&serde_json::Value> = s
        .changes
        .iter()
        .filter(|(round, of, _)| *round > since && of == list)
        .map(|(_, _, item)| item)
        .collect();
    let skip = params
        .get("$skiptoken")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<&serde_json::Value> = items.iter().skip(skip).take(s.page).copied().collect();
    let mut body = serde_json::json!({ "value": page });
    if skip + s.page < items.len() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|kv| !kv.starts_with("$skiptoken="))
            .collect();
        body["@odata.nextLink"] = serde_json::Value::String(format!(
            "{}{path}?{}&$skiptoken={}",
            s.base,
            kept.join("&"),
            skip + s.page
        ));
    } else {
        body["@odata.deltaLink"] = serde_json::Value::String(link(s.round));
    }
    json(StatusCode::OK, &body)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A body that sends a few bytes, then pauses, then the rest.
struct Drip {
    chunks: VecDeque<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
    paused: bool,
}

impl Drip {
    fn new(body: Bytes, pause: Duration) -> Drip {
        let head = body.slice(..body.len().min(8));
        let tail = body.slice(body.len().min(8)..);
        Drip {
            chunks: VecDeque::from([head, tail]),
            pause: Box::pin(tokio::time::sleep(pause)),
            paused: false,
        }
    }
}

impl http_body::Body for Drip {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if self.chunks.len() == 1 && !self.paused {
            match self.pause.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(()) => self.paused = true,
            }
        }
        Poll::Ready(self.chunks.pop_front().map(|c| Ok(Frame::data(c))))
    }
}

use std::future::Future as _;

//! GET requests to Graph and ARM, and nothing else: a bearer token per
//! service, bounded concurrency, a timeout on every request, `Retry-After`
//! honoured on 429 and 503 (seconds or an HTTP date), jittered exponential
//! backoff when it is missing and for transient failures (connect errors,
//! timeouts, 500, 502, 504, truncated or non-JSON bodies), a bounded
//! number of attempts, and next links followed exactly as given but only
//! to the service they came from (a token is never sent elsewhere).

use crate::auth::Auth;
use crate::error;
use crate::options::Options;
use crate::wire::{ErrorBody, Page};
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use tenantry::Error;
use tokio::sync::Semaphore;

/// Graph or ARM: which root, which token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Service {
    Graph,
    Arm,
}

/// What a GET came back with, when it did not fail the import.
#[derive(Debug)]
pub(crate) enum Got<T> {
    Ok(T),
    /// 403: the import lacks a permission; the service's message.
    Forbidden(String),
    /// 404 (or 400 for an API that no longer answers): the message.
    Absent(String),
}

impl<T> Got<T> {
    /// The same answer with its value converted.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Got<U> {
        match self {
            Got::Ok(v) => Got::Ok(f(v)),
            Got::Forbidden(m) => Got::Forbidden(m),
            Got::Absent(m) => Got::Absent(m),
        }
    }
}

/// Counters the report and the progress bar read.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub(crate) requests: AtomicU64,
    pub(crate) retries: AtomicU64,
    /// Answers of 429 or 503.
    pub(crate) throttled: AtomicU64,
    /// Time spent waiting out throttling.
    pub(crate) throttled_ms: AtomicU64,
    /// Time spent waiting before retries, throttling included.
    pub(crate) waited_ms: AtomicU64,
    /// Bytes of response bodies read.
    pub(crate) bytes: AtomicU64,
    /// Items of lists read.
    pub(crate) objects: AtomicU64,
}

/// The client of one import.
pub(crate) struct Http {
    client: reqwest::Client,
    auth: Auth,
    graph: Url,
    arm: Url,
    permits: Semaphore,
    attempts: u32,
    backoff: Duration,
    max_backoff: Duration,
    jitter: AtomicU64,
    pub(crate) stats: Stats,
}

/// Why an attempt failed in a way worth another.
enum Transient {
    Throttled(Option<Duration>),
    Failed(Error, Option<Duration>),
}

impl Http {
    pub(crate) fn new(options: &Options) -> Result<Http, Error> {
        // ring, not aws-lc: installed once per process, a second call is
        // a no-op.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(30)))
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(options.concurrency)
            .user_agent(concat!("tenantry-connect/", env!("CARGO_PKG_VERSION")))
            .no_proxy();
        if let Some(pem) = &options.ca_cert {
            let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|e| {
                error::options("--ca-cert", &format!("is not PEM certificates ({e})"))
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let client = builder
            .build()
            .map_err(|e| error::options("the HTTP client", &format!("cannot start ({e})")))?;
        let root = |option: &str, s: &str| {
            Url::parse(&format!("{}/", s.trim_end_matches('/')))
                .map_err(|e| error::options(option, &format!("'{s}' is not a URL ({e})")))
        };
        let mut seed = [0u8; 8];
        let _ = getrandom::fill(&mut seed);
        Ok(Http {
            auth: Auth::new(options, client.clone())?,
            client,
            graph: root("--graph-url", &options.endpoints.graph)?,
            arm: root("--arm-url", &options.endpoints.arm)?,
            permits: Semaphore::new(options.concurrency),
            attempts: options.attempts,
            backoff: options.backoff,
            max_backoff: options.max_backoff,
            jitter: AtomicU64::new(u64::from_le_bytes(seed) | 1),
            stats: Stats::default(),
        })
    }

    /// The absolute URL of a path below a service's root.
    /// A service's root, as configured.
    pub(crate) fn root(&self, service: Service) -> &Url {
        match service {
            Service::Graph => &self.graph,
            Service::Arm => &self.arm,
        }
    }

    pub(crate) fn url(&self, service: Service, path_and_query: &str) -> String {
        let root = match service {
            Service::Graph => &self.graph,
            Service::Arm => &self.arm,
        };
        format!("{}{}", root, path_and_query.trim_start_matches('/'))
    }

    /// Every page of a list, each handed to `each` as it arrives; the
    /// last page's delta link, if it had one.
    pub(crate) async fn pages<T, P>(
        &self,
        service: Service,
        first: String,
        mut each: impl FnMut(Vec<T>),
    ) -> Result<Got<Option<String>>, Error>
    where
        P: Page<T> + DeserializeOwned,
    {
        let mut next = Some(first);
        let mut delta = None;
        while let Some(url) = next.take() {
            match self.get::<P>(service, &url).await? {
                Got::Ok(page) => {
                    let (items, link, delta_link) = page.into_parts();
                    delta = delta_link;
                    self.stats
                        .objects
                        .fetch_add(items.len() as u64, Ordering::Relaxed);
                    each(items);
                    if let Some(link) = link {
                        self.check_same_service(service, &url, &link)?;
                        next = Some(link);
                    }
                }
                refused => return Ok(refused.map(|_| None)),
            }
        }
        Ok(Got::Ok(delta))
    }

    /// A next link (or a saved delta link) must stay on the service it
    /// came from.
    pub(crate) fn check_same_service(
        &self,
        service: Service,
        from: &str,
        link: &str,
    ) -> Result<(), Error> {
        let root = match service {
            Service::Graph => &self.graph,
            Service::Arm => &self.arm,
        };
        let same = Url::parse(link).is_ok_and(|u| {
            u.scheme() == root.scheme()
                && u.host_str() == root.host_str()
                && u.port_or_known_default() == root.port_or_known_default()
        });
        if same {
            Ok(())
        } else {
            Err(error::bad_response(
                from,
                &format!(
                    "its next link {} leaves the service at {root}, so it was not followed (the token is sent to that service only)",
                    link.split('?').next().unwrap_or(link)
                ),
            ))
        }
    }

    /// One GET, retried as the module says.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        service: Service,
        url: &str,
    ) -> Result<Got<T>, Error> {
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt::<T>(service, url).await;
            let (wait, last, throttled) = match outcome {
                Ok(got) => return Ok(got),
                Err(Attempt::Fatal(e)) => return Err(e),
                Err(Attempt::Unauthorized(detail)) => {
                    // A token that expired mid-import: a fresh one, once.
                    if !refreshed && self.auth.refresh(service).await? {
                        refreshed = true;
                        continue;
                    }
                    return Err(error::unauthorized(self.auth.audience(service), &detail));
                }
                Err(Attempt::Again(Transient::Throttled(after))) => {
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    (
                        after.unwrap_or_else(|| self.backoff_for(attempt)),
                        error::throttled(url, attempt),
                        true,
                    )
                }
                Err(Attempt::Again(Transient::Failed(e, after))) => {
                    (after.unwrap_or_else(|| self.backoff_for(attempt)), e, false)
                }
            };
            if attempt >= self.attempts {
                return Err(last);
            }
            let wait = wait.min(self.max_backoff);
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            let ms = wait.as_millis() as u64;
            self.stats.waited_ms.fetch_add(ms, Ordering::Relaxed);
            if throttled {
                self.stats.throttled_ms.fetch_add(ms, Ordering::Relaxed);
            }
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt<T: DeserializeOwned>(
        &self,
        service: Service,
        url: &str,
    ) -> Result<Got<T>, Attempt> {
        let token = self.auth.token(service).await.map_err(Attempt::Fatal)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| Attempt::Fatal(error::network(url, "the import was stopped")))?;
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let sent = self
            .client
            .get(url)
            .bearer_auth(token.expose())
            .header(ACCEPT, "application/json")
            .send()
            .await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                let reason = describe(&e);
                return Err(Attempt::Again(Transient::Failed(
                    error::network(url, &reason),
                    None,
                )));
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let retry_after = retry_after(&headers);
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let reason = format!("the body was cut off ({})", describe(&e));
                return Err(Attempt::Again(Transient::Failed(
                    error::network(url, &reason),
                    retry_after,
                )));
            }
        };
        self.stats
            .bytes
            .fetch_add(body.len() as u64, Ordering::Relaxed);
        match status.as_u16() {
            200..=299 => {
                let json = headers
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| {
                        v.trim_start()
                            .to_ascii_lowercase()
                            .starts_with("application/json")
                    });
                if !json {
                    let kind = headers
                        .get(CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("no content type");
                    return Err(Attempt::Again(Transient::Failed(
                        error::bad_response(
                            url,
                            &format!("the content type is {kind}, not application/json"),
                        ),
                        retry_after,
                    )));
                }
                serde_json::from_slice::<T>(&body)
                    .map(Got::Ok)
                    .map_err(|e| {
                        Attempt::Again(Transient::Failed(
                            error::bad_response(url, &format!("the JSON does not parse ({e})")),
                            retry_after,
                        ))
                    })
            }
            401 => Err(Attempt::Unauthorized(unauthorized_detail(&headers, &body))),
            403 => Ok(Got::Forbidden(service_message(&body, status))),
            404 => Ok(Got::Absent(service_message(&body, status))),
            429 | 503 => Err(Attempt::Again(Transient::Throttled(retry_after))),
            408 | 500 | 502 | 504 => Err(Attempt::Again(Transient::Failed(
                error::http(url, status.as_u16(), &service_message(&body, status)),
                retry_after,
            ))),
            code => Err(Attempt::Fatal(error::http(
                url,
                code,
                &service_message(&body, status),
            ))),
        }
    }

    /// Full jitter: a random wait up to `backoff · 2^(attempt-1)`, capped.
    fn backoff_for(&self, attempt: u32) -> Duration {
        let ceiling = self
            .backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_backoff);
        let mut x = self.jitter.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.jitter.store(x, Ordering::Relaxed);
        let fraction = (x >> 11) as f64 / (1u64 << 53) as f64;
        ceiling.mul_f64(0.5 + fraction / 2.0)
    }
}

/// How one attempt ended, when not with an answer.
enum Attempt {
    Again(Transient),
    Unauthorized(String),
    Fatal(Error),
}

/// `Retry-After`: delay seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A reqwest error in words, with its cause (never a URL's secrets: the
/// token is a header, which reqwest never prints).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the body could not be read"
    } else {
        "the request failed"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    if cause.is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {cause}")
    }
}

/// The service's error message, or the status's reason.
fn service_message(body: &[u8], status: StatusCode) -> String {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(b) if !b.error.code.is_empty() || !b.error.message.is_empty() => {
            format!("{} {}", b.error.code, b.error.message)
                .trim()
                .to_owned()
        }
        _ => status
            .canonical_reason()
            .unwrap_or("no reason given")
            .to_owned(),
    }
}

/// What a 401 says: `WWW-Authenticate`'s error description, else the body.
fn unauthorized_detail(headers: &HeaderMap, body: &[u8]) -> String {
    let challenge = headers
        .get(WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|part| part.trim().strip_prefix("error_description="))
                .map(|d| d.trim_matches('"').to_owned())
        });
    challenge.unwrap_or_else(|| service_message(body, StatusCode::UNAUTHORIZED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(later);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&date).unwrap_or(HeaderValue::from_static("")),
        );
        let wait = retry_after(&h).unwrap_or_default();
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO), "a date past is now");
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn a_401_says_what_the_challenge_says() {
        let mut h = HeaderMap::new();
        h.insert(
            WWW_AUTHENTICATE,
            HeaderValue::from_static(
                "Bearer authorization_uri=\"https://login\", error=\"invalid_token\", error_description=\"The access token has expired\"",
            ),
        );
        assert_eq!(unauthorized_detail(&h, b""), "The access token has expired");
        let body = br#"{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed"}}"#;
        assert_eq!(
            unauthorized_detail(&HeaderMap::new(), body),
            "InvalidAuthenticationToken Lifetime validation failed"
        );
    }
}

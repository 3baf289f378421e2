//! The request as the routes read it (method, percent-decoded path
//! segments, query, body, the base URL next links are built from) and the
//! JSON answers they give.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::time::{SystemTime, UNIX_EPOCH};

/// One request.
#[derive(Debug)]
pub(crate) struct Req {
    pub method: Method,
    /// The path as sent (still percent-encoded).
    pub path: String,
    /// The path's segments, percent-decoded.
    pub segments: Vec<String>,
    /// The query's parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// `https://<host as the client named it>`: where next links point.
    pub base: String,
}

impl Req {
    /// The request of these parts; `public` overrides the base URL.
    pub fn new(parts: axum::http::request::Parts, body: Bytes, public: Option<&str>) -> Req {
        let path = parts.uri.path().to_owned();
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let query = parts
            .uri
            .query()
            .map(|q| {
                // `+` is a plus in a URL's query (form encoding would make it
                // a space): keep it by encoding it before decoding.
                let q = q.replace('+', "%2B");
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_else(|| "127.0.0.1".to_owned());
        let base = match public {
            Some(p) => p.trim_end_matches('/').to_owned(),
            None => format!("https://{host}"),
        };
        Req {
            method: parts.method,
            path,
            segments,
            query,
            headers: parts.headers,
            body,
            base,
        }
    }

    /// A query parameter, by name (case-insensitively, `$` included).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The segments, as `&str`.
    pub fn parts(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }

    /// The URL of the next page: this request's path and query with the
    /// skip token replaced, under the base URL.
    pub fn next_link(&self, token_name: &str, token: usize) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.query {
            if !k.eq_ignore_ascii_case(token_name) {
                q.append_pair(k, v);
            }
        }
        q.append_pair(token_name, &token.to_string());
        format!("{}{}?{}", self.base, self.path, q.finish())
    }

    /// The bearer token, if one was sent.
    pub fn bearer(&self) -> Option<&str> {
        let value = self.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim())
            .filter(|t| !t.is_empty())
    }
}

/// A JSON body with `Content-Type: application/json` (kiota picks its
/// parser by it: without it a Graph answer parses as nothing).
pub(crate) fn json_body(value: &serde_json::Value) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

/// A JSON answer with this status.
pub(crate) fn json(status: StatusCode, value: &serde_json::Value) -> Response {
    (status, json_body(value)).into_response()
}

/// An empty answer (`204`).
pub(crate) fn empty(status: StatusCode) -> Response {
    status.into_response()
}

/// Now, as ISO 8601 in UTC (`2026-12-02T18:25:01Z`).
pub(crate) fn timestamp() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso8601(secs)
}

/// A Unix time as ISO 8601 in UTC.
pub(crate) fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_iso_8601() {
        assert_eq!(super::iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso8601(1_796_236_701), "2026-12-02T18:38:21Z");
        assert_eq!(super::iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }
}

//! The one place the importer's failures become tenantry errors: each an
//! `IMPORT_*` code of core's table, with a sentence and what to do. URLs
//! are shortened, never carry credentials (tokens travel in headers only),
//! and a service's own message is cut to one line.

use tenantry::{Error, ErrorKind};

/// The longest URL or message an error repeats.
const MAX: usize = 200;

/// One line of at most [`MAX`] characters.
pub(crate) fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

/// [`one_line`], without the full stop the error's sentence adds.
fn part(text: &str) -> String {
    one_line(text).trim_end_matches('.').to_owned()
}

pub(crate) fn options(option: &str, reason: &str) -> Error {
    Error::new(ErrorKind::ImportOptions {
        option: option.to_owned(),
        reason: reason.to_owned(),
    })
}

pub(crate) fn unauthorized(audience: &str, detail: &str) -> Error {
    Error::new(ErrorKind::ImportUnauthorized {
        audience: audience.to_owned(),
        detail: part(detail),
    })
}

pub(crate) fn http(url: &str, status: u16, detail: &str) -> Error {
    Error::new(ErrorKind::ImportHttp {
        url: one_line(url),
        status,
        detail: part(detail),
    })
}

pub(crate) fn network(url: &str, reason: &str) -> Error {
    Error::new(ErrorKind::ImportNetwork {
        url: one_line(url),
        reason: part(reason),
    })
}

pub(crate) fn bad_response(url: &str, reason: &str) -> Error {
    Error::new(ErrorKind::ImportBadResponse {
        url: one_line(url),
        reason: part(reason),
    })
}

pub(crate) fn throttled(url: &str, attempts: u32) -> Error {
    Error::new(ErrorKind::ImportThrottled {
        url: one_line(url),
        attempts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_short_line() {
        let long = format!("first\nsecond\t{}", "x".repeat(400));
        let line = one_line(&long);
        assert!(line.starts_with("first second x"));
        assert!(!line.contains('\n'));
        assert_eq!(line.chars().count(), MAX + 1);
        let e = http("https://graph.microsoft.com/v1.0/users", 500, "boom");
        assert_eq!(e.code(), "IMPORT_HTTP");
        assert_eq!(e.family(), tenantry::Family::Import);
        assert_eq!(
            e.to_string(),
            "GET https://graph.microsoft.com/v1.0/users failed with HTTP 500: boom."
        );
    }
}

//! Human output: tables wrapped to the terminal's width (or `COLUMNS`, or
//! 120 columns when the output is not a terminal); and `--json`, the
//! records every binding returns.

use crate::exit::Failure;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use tenantry::record::{Manager, Via};

/// A table with these headers, sized to the terminal.
pub(crate) fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    if !t.is_tty() {
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
            .filter(|w| *w >= 40)
            .unwrap_or(120);
        t.set_width(width);
    }
    t
}

/// A value as pretty JSON: what `--json` prints. Core's records always
/// serialize, so a failure is a bug (`INTERNAL`, exit 1), not bad usage.
pub(crate) fn json(value: &impl serde::Serialize) -> Result<Option<String>, Failure> {
    serde_json::to_string_pretty(value)
        .map(Some)
        .map_err(|e| tenantry::Error::internal(format!("could not write JSON: {e}")).into())
}

/// How a grant reaches an account in core's words, one step after
/// another: `through group:Ops@… > inherited from /`; empty for a direct
/// grant.
pub(crate) fn chain(via: &[Via]) -> String {
    via.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" > ")
}

/// A manager's grant as one line: its reason, and its chain if any.
pub(crate) fn grant(m: &Manager) -> String {
    match m.via.as_deref().map(chain).filter(|c| !c.is_empty()) {
        Some(via) => format!("{} {via}", m.reason),
        None => m.reason.clone(),
    }
}

//! Loading snapshots: a serde visitor that validates and builds the state
//! section by section while it parses, reading names straight from the text
//! (no intermediate document, no copies but the ones the state keeps).
//!
//! - [`sections`]: the visitor over the document's sections, each built as
//!   it parses when what it refers to is built, else kept for later;
//! - [`documents`]: the shapes of the items, borrowed from the text;
//! - [`build`]: building and validating directories, accounts, users,
//!   subscriptions and partners, with the invariant checks of
//!   [`crate::invariants`];
//! - [`events`]: the event log, every reference resolved.
//!
//! Every check names the item it refuses: `subscriptions[3].directory`,
//! `directories[0].users[5].kind`. A document that does not parse at all is
//! parsed again with path tracking to say where.

mod build;
mod documents;
mod events;
mod principals;
mod sections;

use super::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
use crate::error::{Error, Result};
use crate::state::State;
use build::Builder;
use sections::SnapshotVisitor;
use serde::de::Deserializer;
use serde::Deserialize;
use std::fmt::Display;

/// How many references are resolved together, their memory warmed at once.
const BATCH: usize = 64;

/// Loads and validates a snapshot.
pub(super) fn load(json: &str) -> Result<State> {
    let mut builder = Builder::default();
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed = de
        .deserialize_map(SnapshotVisitor(&mut builder))
        .and_then(|()| de.end());
    match parsed {
        Ok(()) => builder.finish(),
        Err(e) => Err(builder.failure.take().unwrap_or_else(|| locate(json, &e))),
    }
}

/// Builds and validates the state from an image's items, as loading a
/// snapshot of them would.
pub(super) fn from_image(image: crate::image::Image<'_>) -> Result<State> {
    let mut builder = Builder::default();
    builder.format = Some(SNAPSHOT_FORMAT.to_owned());
    builder.version = Some(SNAPSHOT_VERSION);
    builder.profile = Some(image.profile);
    builder.kept = build::Kept {
        directories: image.directories,
        accounts: image.accounts,
        groups: image.groups,
        subscriptions: image.subscriptions,
        service_principals: image.service_principals,
        custom_roles: image.custom_roles,
        role_assignments: image.role_assignments,
        partners: image.partners,
        gdap: image.gdap_relationships,
        resources: image.resources,
        events: Vec::new(),
    };
    builder.finish()
}

/// Explains a document that does not parse: another format or version
/// first, then the exact place, found by parsing again with path tracking.
fn locate(json: &str, e: &serde_json::Error) -> Error {
    #[derive(Deserialize)]
    struct Header {
        #[serde(default)]
        format: Option<String>,
        #[serde(default)]
        version: Option<u32>,
    }
    if let Ok(h) = serde_json::from_str::<Header>(json) {
        if let Err(header) = check_header(h.format.as_deref(), h.version) {
            return header;
        }
    }
    let mut builder = Builder::default();
    let mut track = serde_path_to_error::Track::new();
    let mut de = serde_json::Deserializer::from_str(json);
    let traced = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let path = match traced.deserialize_map(SnapshotVisitor(&mut builder)) {
        Err(_) => track.path().to_string(),
        Ok(()) => ".".into(),
    };
    let at = if path == "." || path == "?" {
        "the document".to_owned()
    } else {
        path
    };
    Error::invalid_snapshot(
        format!("{at} (line {}, column {})", e.line(), e.column()),
        e.to_string(),
    )
}

fn check_header(format: Option<&str>, version: Option<u32>) -> Result<()> {
    if format != Some(SNAPSHOT_FORMAT) {
        return Err(Error::invalid_snapshot(
            "format",
            format!("expected \"{SNAPSHOT_FORMAT}\", found {format:?}"),
        ));
    }
    match version {
        // Version 1 (the classic model) loads as the classic profile.
        Some(1) | Some(SNAPSHOT_VERSION) => Ok(()),
        Some(v) if v > SNAPSHOT_VERSION => Err(Error::invalid_snapshot(
            "version",
            format!("version {v} is newer than this library reads ({SNAPSHOT_VERSION}); upgrade tenantry"),
        )),
        v => Err(Error::invalid_snapshot("version", format!("unsupported version {v:?}"))),
    }
}

fn bad(at: impl Display, reason: impl Into<String>) -> Error {
    Error::invalid_snapshot(at.to_string(), reason)
}

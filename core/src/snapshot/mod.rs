//! Snapshots: the whole state, event log included, as JSON with a format
//! version. Loading validates every reference and every invariant (I1–I9)
//! and refuses a bad snapshot with `INVALID_SNAPSHOT`, naming where.
//! Saving is atomic: a temporary file in the same directory, flushed, then
//! renamed over the old one.
//!
//! References are written as FORMAT.md writes them (directories by initial
//! domain, accounts by reference, subscriptions by id), so snapshots are
//! readable and diffable. Entities are written in creation order, and every
//! derived list is ordered canonically, so save → load → save is
//! byte-identical.
//!
//! The document's sections are written in this order — `format`,
//! `version`, `directories`, `accounts`, `subscriptions`, `partners`,
//! `events` — and each refers only to earlier ones, so loading builds the
//! state while it parses, from the text itself, without an intermediate
//! document. Sections may come in any order: one that comes before what it
//! refers to is kept until that is built.

mod load;
mod write;

use crate::error::{Error, Result};
use crate::ids::IdSource;
use crate::tenancy::Tenancy;
use std::io::Write;
use std::path::Path;
use write::SnapshotSer;

/// The value of a snapshot's `format` field.
pub const SNAPSHOT_FORMAT: &str = "tenantry-snapshot";
/// The snapshot format version this library writes and reads.
pub const SNAPSHOT_VERSION: u32 = 2;

impl Tenancy {
    /// The whole state as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&SnapshotSer(&self.state)).unwrap_or_default()
    }

    /// The whole state as indented JSON, one field per line.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&SnapshotSer(&self.state)).unwrap_or_default()
    }

    /// Writes the snapshot to `out`.
    pub fn write_json(&self, out: impl Write) -> Result<()> {
        serde_json::to_writer(out, &SnapshotSer(&self.state)).map_err(|e| Error::io("<writer>", e))
    }

    /// Loads a snapshot, validating every reference and invariant. New ids
    /// are random; see [`Tenancy::from_json_with_ids`].
    pub fn from_json(json: &str) -> Result<Tenancy> {
        Tenancy::from_json_with_ids(json, IdSource::random())
    }

    /// Loads a snapshot with this id source for the ids it creates next.
    pub fn from_json_with_ids(json: &str, ids: IdSource) -> Result<Tenancy> {
        Ok(Tenancy {
            state: load::load(json)?,
            ids,
        })
    }

    /// Builds a tenancy from an image's items (an import's), validating
    /// every reference and invariant exactly as [`Tenancy::from_json`]
    /// does: a refusal is `INVALID_SNAPSHOT` naming the item
    /// (`groups[3].members[0]`). New ids are random.
    pub fn from_image(image: crate::image::Image<'_>) -> Result<Tenancy> {
        Ok(Tenancy {
            state: load::from_image(image)?,
            ids: IdSource::random(),
        })
    }

    /// Saves the snapshot atomically: a failed save leaves the old file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        write_atomically(path.as_ref(), |out| {
            serde_json::to_writer(out, &SnapshotSer(&self.state)).map_err(std::io::Error::from)
        })
    }

    /// Loads a snapshot file, validating it. New ids are random; see
    /// [`Tenancy::load_with_ids`].
    pub fn load(path: impl AsRef<Path>) -> Result<Tenancy> {
        Tenancy::load_with_ids(path, IdSource::random())
    }

    /// Loads a snapshot file with this id source for the ids it creates
    /// next (seeded, to continue reproducibly).
    pub fn load_with_ids(path: impl AsRef<Path>, ids: IdSource) -> Result<Tenancy> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display(), e))?;
        Tenancy::from_bytes_with_ids(&bytes, ids)
    }

    /// Loads a snapshot from its bytes (a file's, standard input's): text
    /// that is not UTF-8 is `INVALID_SNAPSHOT` naming the first bad byte.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tenancy> {
        Tenancy::from_bytes_with_ids(bytes, IdSource::random())
    }

    /// [`Tenancy::from_bytes`] with this id source.
    pub fn from_bytes_with_ids(bytes: &[u8], ids: IdSource) -> Result<Tenancy> {
        let json = std::str::from_utf8(bytes).map_err(|e| {
            Error::invalid_snapshot(
                format!("byte {}", e.valid_up_to()),
                "the snapshot is not UTF-8 text",
            )
        })?;
        Tenancy::from_json_with_ids(json, ids)
    }
}

/// Writes a file atomically: `write` fills a temporary file beside `path`,
/// which is flushed to disk and then renamed over it, so that `path` holds
/// the old content or the new one, never part of either. A failure
/// (`IO_ERROR`, naming the path) removes the temporary file and leaves the
/// old one. [`Tenancy::save`] and every report writer go through it.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path.display(), e);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io(std::io::Error::other("not a file path")))?;
    // Unique per process and per call, so that two threads (or workers)
    // writing the same path never share a temporary file; the old file's
    // permissions carry over to the new one.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        if let Some(p) = permissions {
            file.set_permissions(p)?;
        }
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        drop(out);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

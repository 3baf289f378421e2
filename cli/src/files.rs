//! Files and environment variables the commands read and write.

use crate::exit::Failure;
use std::path::{Path, PathBuf};
use tenantry_connect::Secret;

/// Writes `bytes` to `path` through a temporary file in its directory, so
/// that `path` holds the old content or the new, never part of it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let io = |e: std::io::Error| Failure::Tenantry(tenantry::Error::io(path.display(), e));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// A secret (a `what`: token, client secret) from an environment
/// variable; bad usage when it is unset or blank.
pub(crate) fn env_secret(var: &str, what: &str) -> Result<Secret, Failure> {
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => Ok(Secret::new(v.trim())),
        _ => Err(Failure::Usage(format!(
            "the environment variable {var} holds no {what}"
        ))),
    }
}

/// A snapshot from a path, or from standard input for `-`.
pub(crate) fn load_snapshot(path: &Path) -> Result<tenantry::Tenancy, Failure> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| Failure::Tenantry(tenantry::Error::io("standard input", e)))?;
        return Ok(tenantry::Tenancy::from_json(&text)?);
    }
    Ok(tenantry::Tenancy::load(path)?)
}

//! Files and environment variables the commands read and write.

use crate::exit::Failure;
use std::path::Path;
use tenantry_connect::Secret;

/// Writes `bytes` to `path` atomically (core's [`tenantry::write_atomically`]):
/// `path` holds the old content or the new, never part of it.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    Ok(tenantry::write_atomically(path, |out| {
        out.write_all(bytes)
    })?)
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

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
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| Failure::Tenantry(tenantry::Error::io("standard input", e)))?;
        return Ok(tenantry::Tenancy::from_bytes(&bytes)?);
    }
    Ok(tenantry::Tenancy::load(path)?)
}

/// `--out -`: refused, `-` is standard input to every command.
pub(crate) fn not_stdin(out: &Path) -> Result<(), Failure> {
    if out.as_os_str() == "-" {
        return Err(Failure::Usage(
            "--out names a file; `-` is standard input, which output cannot go to".into(),
        ));
    }
    Ok(())
}

/// Checks an output path before anything is read: `-` is refused (it
/// means standard input to every command), and so is the input snapshot
/// itself when the output is not a snapshot (`keeps_snapshot` false).
pub(crate) fn check_output(out: &Path, input: &Path, keeps_snapshot: bool) -> Result<(), Failure> {
    not_stdin(out)?;
    let same = match (out.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same && !keeps_snapshot {
        return Err(Failure::Usage(format!(
            "--out {} is the snapshot itself: name another file",
            out.display()
        )));
    }
    Ok(())
}

//! What the command-line tests share: running the binary, and scratch
//! files.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `tenantry` with these arguments (160 columns wide, standard input
/// closed); its status, standard output and standard error.
pub fn tenantry(args: &[&str]) -> (Output, String, String) {
    tenantry_with_input(args, None)
}

/// [`tenantry`] with `input` on standard input.
pub fn tenantry_with_input(args: &[&str], input: Option<&[u8]>) -> (Output, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tenantry"));
    cmd.args(args)
        .env("COLUMNS", "160")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("{e}"));
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        std::io::Write::write_all(&mut stdin, bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// A path as the argument it is.
pub fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// A fresh file name in this test binary's scratch directory.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "tenantry-cli-{}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join(name);
    let _ = std::fs::remove_file(&file);
    file
}

/// A conformance scenario of tests/conformance, by file name.
pub fn scenario_file(name: &str) -> String {
    format!("{}/../tests/conformance/{name}", env!("CARGO_MANIFEST_DIR"))
}

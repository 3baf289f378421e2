//! Runs conformance scenario files (FORMAT.md) and reports each as passed or
//! failed, ending with `N passed, M failed`; exits 1 if any failed or could
//! not be read.
//!
//! ```text
//! cargo run --release --example conformance -- ../shared/conformance tests/conformance
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use tenantry::scenario;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: conformance PATH... (scenario files or directories of them)");
        return ExitCode::from(2);
    }
    let files = scenario::collect(&args);
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        let report = scenario::run_file(file);
        println!("{report}");
        if report.passed() {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || files.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

//! Every scenario in `tests/conformance/` (the reference scenarios copied
//! from `shared/conformance/` and our own) passes.

use std::path::PathBuf;
use tenantry::scenario;

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

#[test]
fn every_scenario_passes() {
    let files = scenario::collect(&[scenario_dir()]);
    assert!(
        files.len() >= 15,
        "expected at least 15 scenarios, found {}",
        files.len()
    );
    let failures: Vec<String> = files
        .iter()
        .map(|f| scenario::run_file(f))
        .filter(|r| !r.passed())
        .map(|r| r.to_string())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! The conformance scenarios: every file in `tests/conformance/` passes
//! (the reference scenarios copied unchanged from `shared/conformance/`,
//! and our own); together they cover every rule and every error code an
//! operation can return; every file in `tests/invalid-scenarios/` is
//! reported as `INVALID_SCENARIO`, naming why, without a panic.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tenantry::{scenario, Operation, CODES};

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn every_scenario_passes() {
    let files = scenario::collect(&[dir("conformance")]);
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

#[test]
fn every_scenarios_final_state_survives_a_snapshot() {
    for file in scenario::collect(&[dir("conformance")]) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let (_, t) = scenario::play(&text);
        let json = t.to_json();
        let reloaded = tenantry::Tenancy::from_json(&json)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(reloaded.to_json(), json, "{}", file.display());
    }
}

#[test]
fn reference_scenarios_are_exact_copies() {
    let shared = dir("../../shared/conformance");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        // Outside this workplace the shared folder is not beside the
        // repository; the copies in tests/conformance are then the source.
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "json") {
            let copy = dir("conformance").join(entry.file_name());
            assert_eq!(
                std::fs::read(&path).ok(),
                std::fs::read(&copy).ok(),
                "{} must be copied unchanged into tests/conformance",
                path.display()
            );
        }
    }
}

fn steps() -> Vec<Value> {
    scenario::collect(&[dir("conformance")])
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter_map(|text| serde_json::from_str::<Value>(&text).ok())
        .flat_map(|doc| doc["steps"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn scenarios_cover_every_rule_and_error_code() {
    let steps = steps();
    // A refusal of an operation, or a blocking fact of a move's impact.
    let blocking = steps
        .iter()
        .filter(|s| s["expect"] == "move_impact")
        .filter_map(|s| s["equals"]["blocking"].as_array())
        .flatten()
        .filter_map(|b| b["code"].as_str());
    let codes: BTreeSet<&str> = steps
        .iter()
        .filter_map(|s| s["error"].as_str())
        .chain(blocking)
        .collect();
    // Not an operation's refusal: covered by tests/invalid-scenarios, by
    // core/tests/snapshots.rs and by the I/O tests there; the import's by
    // connect/tests; a caught panic by core's guard and each binding's
    // tests.
    let elsewhere = [
        "INVALID_SNAPSHOT",
        "INVALID_SCENARIO",
        "IO_ERROR",
        "INTERNAL",
    ];
    let missing: Vec<&&str> = CODES
        .iter()
        .filter(|c| !elsewhere.contains(c) && !c.starts_with("IMPORT_") && !codes.contains(**c))
        .collect();
    assert!(missing.is_empty(), "no scenario refuses with {missing:?}");

    let rules: BTreeSet<String> = steps
        .iter()
        .filter_map(|s| s["do"].as_str())
        .filter_map(Operation::rule_of)
        .map(|r| r.to_string())
        .collect();
    for n in 1..=12 {
        assert!(
            rules.contains(&format!("R{n}")),
            "no scenario does an operation of R{n}"
        );
    }
}

#[test]
fn unreadable_scenarios_are_invalid_with_a_one_line_reason() {
    let files = scenario::collect(&[dir("invalid-scenarios")]);
    assert!(files.len() >= 10, "found {}", files.len());
    for file in files {
        let report = scenario::run_file(&file);
        let failure = report
            .failure
            .clone()
            .unwrap_or_else(|| panic!("{} passed", file.display()));
        assert!(failure.invalid, "{report}");
        let line = report.to_string();
        assert!(!line.contains('\n'), "not one line: {line}");
        assert!(line.contains("INVALID_SCENARIO"), "{line}");
    }
}

//! `tenantry impact` and `tenantry restore-plan`, run as the binary over a
//! snapshot of scenario c08 taken just before its move.

mod common;

use common::{path, scratch, tenantry};
use std::path::PathBuf;

const CONTOSO: &str = "contoso.onmicrosoft.com";
const FABRIKAM: &str = "fabrikam.onmicrosoft.com";

/// The scenario's state before the move, saved; and the subscription.
fn before_the_move(name: &str) -> (PathBuf, String, tenantry::Tenancy) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/conformance/c08-before-you-move-it.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let steps = doc["steps"].as_array().cloned().unwrap_or_default();
    let cut = steps
        .iter()
        .position(|s| s["do"] == "change_subscription_directory")
        .unwrap_or(steps.len());
    doc["steps"] = serde_json::Value::Array(steps[..cut].to_vec());
    let (report, t) = tenantry::scenario::play(&doc.to_string());
    assert!(report.passed(), "{report}");
    let sub = t
        .subscriptions()
        .find(|s| s.name == "Contoso Production")
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let file = scratch(name);
    t.save(&file).unwrap_or_else(|e| panic!("{e}"));
    (file, sub, t)
}

#[test]
fn impact_prints_the_report_and_its_record() {
    let (file, sub, t) = before_the_move("impact.json");
    let args = [
        "impact",
        path(&file),
        "--subscription",
        &sub,
        "--directory",
        FABRIKAM,
    ];
    let (out, text, err) = tenantry(&args);
    assert!(out.status.success(), "{err}");
    assert!(
        text.contains(&format!("from {CONTOSO} to {FABRIKAM}")),
        "{text}"
    );
    assert!(
        text.contains(
            "Nothing blocks it. Who can make the move (R6): admin@contoso.onmicrosoft.com"
        ),
        "{text}"
    );
    assert!(
        text.contains("20 affected objects, 2 of them not recoverable"),
        "{text}"
    );
    for service in [
        "Azure Kubernetes Service",
        "Azure Key Vault",
        "Role assignments",
        "Billing ownership",
    ] {
        assert!(text.contains(service), "{service} missing: {text}");
    }
    let (out, json, err) = tenantry(&[&args[..], &["--json"]].concat());
    assert!(out.status.success(), "{err}");
    let printed: tenantry::record::MoveImpact =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let core = t
        .move_impact(&sub, FABRIKAM)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(printed, core);
}

#[test]
fn impact_names_what_blocks_the_move() {
    let (file, sub, _) = before_the_move("blocked.json");
    let args = [
        "impact",
        path(&file),
        "--subscription",
        &sub,
        "--directory",
        CONTOSO,
    ];
    let (out, text, err) = tenantry(&args);
    assert!(out.status.success(), "{err}");
    assert!(
        text.contains("Blocked:") && text.contains("SAME_DIRECTORY"),
        "{text}"
    );
    assert!(text.contains("Nothing is affected."), "{text}");
}

#[test]
fn restore_plan_prints_steps_az_commands_and_what_cannot_be_mapped() {
    let (file, sub, t) = before_the_move("restore.json");
    let args = [
        "restore-plan",
        path(&file),
        "--subscription",
        &sub,
        "--directory",
        FABRIKAM,
    ];
    let (out, text, err) = tenantry(&args);
    assert!(out.status.success(), "{err}");
    assert!(text.contains("4 steps, 4 that cannot be mapped"), "{text}");
    assert!(
        text.contains("jane@fabrikam.onmicrosoft.com reader"),
        "{text}"
    );
    assert!(
        text.contains("Cannot be mapped:") && text.contains("temp@contoso.onmicrosoft.com"),
        "{text}"
    );

    let (out, script, err) = tenantry(&[&args[..], &["--az"]].concat());
    assert!(out.status.success(), "{err}");
    let lines: Vec<&str> = script.lines().collect();
    assert_eq!(lines.len(), 4, "{script}");
    assert!(
        lines[0].starts_with("az role definition create --role-definition '{"),
        "{script}"
    );
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("az role assignment create ")),
        "{script}"
    );
    assert!(
        script.contains(&format!("--scope '/subscriptions/{sub}'")),
        "{script}"
    );

    let (out, json, err) = tenantry(&[&args[..], &["--json"]].concat());
    assert!(out.status.success(), "{err}");
    let printed: tenantry::record::RestorePlan =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(
        printed,
        t.restore_plan(&sub, FABRIKAM)
            .unwrap_or_else(|e| panic!("{e}"))
    );
}

#[test]
fn bad_input_exits_1_with_the_code_and_bad_usage_2() {
    let (file, sub, _) = before_the_move("bad.json");
    let bad = file.with_file_name("not-a-snapshot.json");
    std::fs::write(&bad, "{\"format\": 99}").unwrap_or_else(|e| panic!("{e}"));
    let (out, _, err) = tenantry(&[
        "impact",
        path(&bad),
        "--subscription",
        &sub,
        "--directory",
        FABRIKAM,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.trim_end().ends_with("[INVALID_SNAPSHOT]") && err.lines().count() == 1,
        "{err}"
    );

    let unknown = "00000000-0000-0000-0000-000000000000";
    let (out, _, err) = tenantry(&[
        "restore-plan",
        path(&file),
        "--subscription",
        unknown,
        "--directory",
        FABRIKAM,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("[UNKNOWN_SUBSCRIPTION]"), "{err}");

    let (out, _, err) = tenantry(&["impact", path(&file), "--subscription", &sub]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--directory"), "{err}");
}

#[test]
fn diff_of_the_move_names_who_lost_access_and_what_changed() {
    let (before, sub, t) = before_the_move("diff-before.json");
    let mut moved = t.clone();
    let op: tenantry::Operation = tenantry::ops::ChangeSubscriptionDirectory {
        actor: "admin@contoso.onmicrosoft.com".into(),
        subscription: sub.clone(),
        directory: FABRIKAM.into(),
    }
    .into();
    moved.apply(&op).unwrap_or_else(|e| panic!("{e}"));
    let after = before.with_file_name("diff-after.json");
    moved.save(&after).unwrap_or_else(|e| panic!("{e}"));

    let (out, text, err) = tenantry(&["diff", path(&before), path(&after)]);
    assert!(out.status.success(), "{err}");
    assert!(text.starts_with("Who can manage what changed"), "{text}");
    assert!(
        text.contains("gained") && text.contains("admin@fabrikam.onmicrosoft.com"),
        "{text}"
    );
    assert!(text.contains("8 changes:"), "{text}");

    let (out, json, err) = tenantry(&["diff", path(&before), path(&after), "--json"]);
    assert!(out.status.success(), "{err}");
    let printed: tenantry::record::Diff =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(printed, t.diff(&moved));
    assert!(
        printed.changes.iter().any(|c| c.kind == "subscription"
            && c.change == "changed"
            && c.after.as_deref() == Some(&format!("azure subscription in {FABRIKAM}")[..])),
        "{json}"
    );

    let (out, text, _) = tenantry(&["diff", path(&before), path(&before)]);
    assert!(out.status.success());
    assert_eq!(text.trim(), "No changes.");
    let (out, _, err) = tenantry(&["diff", "-", "-"]);
    assert_eq!(out.status.code(), Some(2), "{err}");
}

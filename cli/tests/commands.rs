//! The `tenantry` subcommands, run as the binary over scenario-built
//! snapshots: each one's table and `--json` (compared with core's own
//! records), exit statuses, bad snapshots, bad operation names, missing
//! arguments, help and completions.

mod common;

use common::{path, scenario_file, scratch, tenantry, tenantry_with_input};
use std::path::PathBuf;
use tenantry::record;
use tenantry::Tenancy;

const CONTOSO: &str = "contoso.onmicrosoft.com";
const ADMIN: &str = "admin@contoso.onmicrosoft.com";
/// A user of Fabrikam with no role on c08's Contoso Production.
const JANE: &str = "jane@fabrikam.onmicrosoft.com";

/// The final state of a conformance scenario, saved by `tenantry scenario
/// --out`, and loaded.
fn built(scenario: &str, name: &str) -> (PathBuf, Tenancy) {
    let file = scratch(name);
    let (out, text, err) = tenantry(&["scenario", &scenario_file(scenario), "--out", path(&file)]);
    assert!(out.status.success(), "{text}{err}");
    assert!(text.contains("1 passed, 0 failed"), "{text}");
    let t = Tenancy::load(&file).unwrap_or_else(|e| panic!("{e}"));
    (file, t)
}

fn sub_named(t: &Tenancy, name: &str) -> String {
    t.subscriptions()
        .find(|s| s.name == name)
        .map(|s| s.id.to_string())
        .unwrap_or_else(|| panic!("no subscription {name}"))
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The one line of a failure: `tenantry: sentence hint [CODE, rule R]`.
fn one_failure_line(err: &str, code: &str) {
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tenantry: "), "{err}");
    assert!(err.contains(&format!("[{code}")), "{code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn show_lists_directories_subscriptions_and_users_and_filters_them() {
    let (file, t) = built(
        "c02-access-through-groups-scopes-and-roles.json",
        "show.json",
    );
    let (out, text, err) = tenantry(&["show", path(&file)]);
    assert!(out.status.success(), "{err}");
    for part in ["Directories (1):", "Subscriptions (2):", "Users ("] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(
        text.contains("Pay-As-You-Go") && text.contains(ADMIN),
        "{text}"
    );

    let (out, text, err) = tenantry(&["show", path(&file), "--json"]);
    assert!(out.status.success(), "{err}");
    let shown: serde_json::Value = json(&text);
    let subs: Vec<record::Subscription> =
        serde_json::from_value(shown["subscriptions"].clone()).unwrap_or_else(|e| panic!("{e}"));
    let core: Vec<record::Subscription> = t.subscriptions().map(Into::into).collect();
    assert_eq!(subs, core);
    let dirs: Vec<record::Directory> =
        serde_json::from_value(shown["directories"].clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dirs, t.directories().map(Into::into).collect::<Vec<_>>());
    let users = shown["users"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        users.len(),
        t.users_of(CONTOSO).map(|u| u.len()).unwrap_or(0)
    );
    assert!(users.iter().any(|u| u["account"] == ADMIN
        && u["roles"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r == "global_administrator"))));

    // Filters: one part, matching names.
    let (out, text, _) = tenantry(&[
        "show",
        path(&file),
        "--only",
        "subscriptions",
        "--matching",
        "pay-as",
        "--json",
    ]);
    assert!(out.status.success());
    let shown: serde_json::Value = json(&text);
    assert!(
        shown.get("users").is_none() && shown.get("directories").is_none(),
        "{text}"
    );
    assert_eq!(
        shown["subscriptions"].as_array().map(Vec::len),
        Some(1),
        "{text}"
    );
    let (out, _, err) = tenantry(&["show", path(&file), "--directory", "nowhere.example"]);
    assert_eq!(out.status.code(), Some(1));
    one_failure_line(&err, "UNKNOWN_DIRECTORY");
    let (out, _, err) = tenantry(&["show", path(&file), "--only", "planets"]);
    assert_eq!(out.status.code(), Some(2), "{err}");
}

#[test]
fn who_can_manage_gives_every_grant_with_its_chain() {
    let (file, t) = built(
        "c02-access-through-groups-scopes-and-roles.json",
        "manage.json",
    );
    let sub = sub_named(&t, "Pay-As-You-Go");
    let (out, text, err) = tenantry(&["who-can-manage", path(&file), &sub]);
    assert!(out.status.success(), "{err}");
    assert!(text.contains("Who can manage Pay-As-You-Go"), "{text}");
    assert!(text.contains("inherited from"), "{text}");
    assert!(
        text.contains("through group:Platform Team@contoso.onmicrosoft.com"),
        "{text}"
    );
    let (out, text, err) = tenantry(&["who-can-manage", path(&file), &sub, "--json"]);
    assert!(out.status.success(), "{err}");
    let printed: Vec<record::Manager> = json(&text);
    let core: Vec<record::Manager> = t
        .who_can_manage(&sub)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(Into::into)
        .collect();
    assert_eq!(printed, core);
    assert!(printed.len() >= 3, "{text}");

    let (out, _, err) = tenantry(&[
        "who-can-manage",
        path(&file),
        "00000000-0000-0000-0000-000000000000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    one_failure_line(&err, "UNKNOWN_SUBSCRIPTION");
    // The snapshot on standard input.
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let (out, text, err) =
        tenantry_with_input(&["who-can-manage", "-", &sub, "--json"], Some(&bytes));
    assert!(out.status.success(), "{err}");
    assert_eq!(json::<Vec<record::Manager>>(&text), core);
}

#[test]
fn can_answers_with_the_rule_and_exits_1_for_no() {
    let (file, t) = built("c08-before-you-move-it.json", "can.json");
    let sub = sub_named(&t, "Contoso Production");
    let op = [
        "assign_role",
        "--subscription",
        &sub,
        "--principal",
        JANE,
        "--role",
        "contributor",
    ];
    // Allowed: who holds Owner there.
    let owner = t
        .who_can_manage(&sub)
        .unwrap_or_default()
        .into_iter()
        .find(|m| m.reason.to_string() == "owner")
        .map(|m| m.account.to_string())
        .unwrap_or_else(|| panic!("Contoso Production has an Owner"));
    let (out, text, err) = tenantry(&[&["can", path(&file), &owner][..], &op].concat());
    assert_eq!(out.status.code(), Some(0), "{text}{err}");
    assert!(text.contains("Yes.") && text.contains("R8"), "{text}");
    // Refused: a user with no role there, with code, rule, sentence, hint.
    let nobody = JANE;
    let args = [&["can", path(&file), nobody][..], &op].concat();
    let (out, text, _) = tenantry(&args);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("No.") && text.contains("R8"), "{text}");
    let (out, text, _) = tenantry(&[&args[..], &["--json"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let printed: record::Decision = json(&text);
    let op = tenantry::scenario::build_operation(
        "assign_role",
        serde_json::json!({"actor": nobody, "subscription": sub, "principal": JANE, "role": "contributor"})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(printed, record::Decision::from(t.can(&op)));
    assert!(!printed.allowed && printed.code.is_some() && printed.hint.is_some());
    // The account given twice, differently.
    let (out, _, err) = tenantry(&[&args[..], &["--as", ADMIN]].concat());
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("disagree"), "{err}");
}

#[test]
fn plan_and_apply_take_format_md_arguments_and_apply_saves_only_what_succeeds() {
    let (file, t) = built("c08-before-you-move-it.json", "plan.json");
    let sub = sub_named(&t, "Contoso Production");
    let owner = t
        .who_can_manage(&sub)
        .unwrap_or_default()
        .into_iter()
        .find(|m| m.reason.to_string() == "owner")
        .map(|m| m.account.to_string())
        .unwrap_or_default();
    let op = [
        "assign_role",
        "--as",
        &owner,
        "--subscription",
        &sub,
        "--principal",
        JANE,
        "--role",
        "contributor",
    ];
    let (out, text, err) = tenantry(&[&["plan", path(&file)][..], &op].concat());
    assert!(out.status.success(), "{err}");
    assert!(
        text.contains("Planned (nothing changed)") && text.contains("assigned contributor"),
        "{text}"
    );
    let (out, text, _) = tenantry(&[&["plan", path(&file)][..], &op, &["--json"]].concat());
    assert!(out.status.success());
    let printed: record::Outcome = json(&text);
    let args = serde_json::json!({"actor": owner, "subscription": sub, "principal": JANE, "role": "contributor"});
    let built_op = tenantry::scenario::build_operation(
        "assign_role",
        args.as_object().cloned().unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let planned = t.plan(&built_op).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(printed, record::Outcome::from(planned));
    assert_eq!(printed.effects.len(), 1, "{text}");

    // apply: --out after the operation's arguments; the saved snapshot has
    // the assignment, the input is unchanged.
    let after = scratch("applied.json");
    let (out, text, err) =
        tenantry(&[&["apply", path(&file)][..], &op, &["--out", path(&after)]].concat());
    assert!(out.status.success(), "{err}");
    assert!(text.contains("Saved to"), "{text}");
    let applied = Tenancy::load(&after).unwrap_or_else(|e| panic!("{e}"));
    let holds = |t: &Tenancy| {
        t.role_assignments(&sub)
            .unwrap_or_default()
            .iter()
            .any(|a| a.principal.eq_ignore_ascii_case(JANE) && a.role.to_string() == "contributor")
    };
    assert!(holds(&applied) && !holds(&Tenancy::load(&file).unwrap_or_else(|e| panic!("{e}"))));

    // Refused: exit 1, one line with code and rule, nothing written.
    let refused = scratch("refused.json");
    let bad = [
        "assign_role",
        "--as",
        JANE,
        "--subscription",
        &sub,
        "--principal",
        JANE,
        "--role",
        "contributor",
        "--out",
        path(&refused),
    ];
    let (out, _, err) = tenantry(&[&["apply", path(&file)][..], &bad].concat());
    assert_eq!(out.status.code(), Some(1), "{err}");
    one_failure_line(&err, "NOT_AUTHORIZED");
    assert!(err.contains("rule R8"), "{err}");
    assert!(!refused.exists());
    let (out, _, err) = tenantry(&[&["plan", path(&file)][..], &bad[..9]].concat());
    assert_eq!(out.status.code(), Some(1), "{err}");
    one_failure_line(&err, "NOT_AUTHORIZED");

    // Bad usage: exit 2.
    let (out, _, err) = tenantry(&[
        "apply",
        path(&file),
        "assign_role",
        "--as",
        &owner,
        "--subscription",
        &sub,
        "--principal",
        ADMIN,
        "--role",
        "contributor",
    ]);
    assert_eq!(out.status.code(), Some(2), "no --out: {err}");
    assert!(err.contains("--out"), "{err}");
    let (out, _, err) = tenantry(&["plan", path(&file), "assign_rol", "--as", &owner]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("unknown operation 'assign_rol'") && err.contains("assign_role"),
        "{err}"
    );
    let (out, _, err) = tenantry(&[
        "plan",
        path(&file),
        "assign_role",
        "--as",
        &owner,
        "--subscription",
        &sub,
    ]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--principal") && err.contains("--role"),
        "{err}"
    );
    let (out, _, err) = tenantry(&[
        "plan",
        path(&file),
        "assign_role",
        "--principal",
        ADMIN,
        "--role",
        "contributor",
    ]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--as ACCOUNT"), "{err}");
    let (out, _, err) = tenantry(&[
        "plan",
        path(&file),
        "set_subscription_policy",
        "--as",
        ADMIN,
        "--directory",
        CONTOSO,
        "--block_leaving",
        "maybe",
    ]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // Flags and lists: `--block-leaving` alone is true (Contoso's admin
    // is elevated in c08, so it may set the policy).
    let (out, text, err) = tenantry(&[
        "plan",
        path(&file),
        "set_subscription_policy",
        "--as",
        ADMIN,
        "--directory",
        CONTOSO,
        "--block-leaving",
        "--block_entering",
        "false",
        "--exempted",
        ADMIN,
        "--json",
    ]);
    assert!(out.status.success(), "{err}");
    let planned: serde_json::Value = json(&text);
    let set = &planned["effects"][0]["subscription_policy_set"];
    assert_eq!(
        (&set["block_leaving"], &set["block_entering"]),
        (&true.into(), &false.into()),
        "{text}"
    );
}

#[test]
fn a_bad_snapshot_is_one_invalid_snapshot_line_and_exit_1() {
    let bad = scratch("bad.json");
    std::fs::write(
        &bad,
        br#"{"format": "tenantry-snapshot", "version": 1, "directories": [{"id": 7}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let sub = "00000000-0000-0000-0000-000000000000";
    let html = scratch("bad.html");
    let runs: [&[&str]; 7] = [
        &["show", path(&bad)],
        &["who-can-manage", path(&bad), sub],
        &[
            "can",
            path(&bad),
            ADMIN,
            "create_microsoft_account",
            "--email",
            "a@b.com",
        ],
        &[
            "plan",
            path(&bad),
            "create_microsoft_account",
            "--email",
            "a@b.com",
        ],
        &["profile", "current", path(&bad)],
        &["report", path(&bad), "--out", path(&html)],
        &[
            "impact",
            path(&bad),
            "--subscription",
            sub,
            "--directory",
            CONTOSO,
        ],
    ];
    for args in runs {
        let (out, _, err) = tenantry(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        one_failure_line(&err, "INVALID_SNAPSHOT");
    }
    let (out, _, err) = tenantry(&["show", path(&scratch("missing.json"))]);
    assert_eq!(out.status.code(), Some(1));
    one_failure_line(&err, "IO_ERROR");
    assert!(!html.exists());
}

#[test]
fn profile_re_evaluates_under_the_other_rules_and_saves_it() {
    let (file, t) = built("c09-before-you-move-it-classic.json", "classic.json");
    assert_eq!(t.profile(), tenantry::Profile::Classic);
    let saved = scratch("current.json");
    let (out, text, err) = tenantry(&["profile", "current", path(&file), "--out", path(&saved)]);
    assert!(out.status.success(), "{err}");
    assert!(
        text.contains("Re-evaluated from classic to current rules."),
        "{text}"
    );
    assert!(
        text.contains("classic administrators become Owners"),
        "{text}"
    );
    assert_eq!(
        Tenancy::load(&saved).map(|t| t.profile()).ok(),
        Some(tenantry::Profile::Current)
    );
    let (out, text, _) = tenantry(&["profile", "current", path(&file), "--json"]);
    assert!(out.status.success());
    let printed: serde_json::Value = json(&text);
    let retirement: record::RetirementReport =
        serde_json::from_value(printed["retirement"].clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        retirement,
        record::RetirementReport::from(t.retirement_report())
    );
    let diff: record::Diff =
        serde_json::from_value(printed["diff"].clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(diff, t.diff(&t.with_profile(tenantry::Profile::Current)));
    let (out, text, _) = tenantry(&["profile", "classic", path(&file)]);
    assert!(out.status.success());
    assert!(text.contains("already follows them"), "{text}");
    assert!(
        !text.contains("decide differently"),
        "nothing else is said: {text}"
    );
}

#[test]
fn scenario_runs_files_and_directories_and_exits_1_when_one_fails() {
    let (out, text, err) = tenantry(&[
        "scenario",
        &scenario_file("r08-role-assignments.json"),
        &scenario_file("c03-move-deletes-access.json"),
    ]);
    assert!(out.status.success(), "{err}");
    assert!(text.ends_with("2 passed, 0 failed\n"), "{text}");
    let invalid = format!("{}/../tests/invalid-scenarios", env!("CARGO_MANIFEST_DIR"));
    let (out, text, _) = tenantry(&["scenario", &invalid, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let reports: Vec<serde_json::Value> = json(&text);
    assert!(
        !reports.is_empty()
            && reports
                .iter()
                .all(|r| r["passed"] == false && r["failure"]["invalid"] == true),
        "{text}"
    );
    let (out, _, err) = tenantry(&["scenario", &invalid, "--out", path(&scratch("x.json"))]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let (out, _, err) = tenantry(&["scenario"]);
    assert_eq!(out.status.code(), Some(2), "{err}");
}

#[test]
fn walkthrough_saves_its_final_state_and_who_can_manage_reads_it() {
    let file = scratch("walkthrough.json");
    let (out, text, err) = tenantry(&["walkthrough", "--out", path(&file)]);
    assert!(out.status.success(), "{err}");
    assert!(
        text.contains("Every step behaved as the documents describe."),
        "{text}"
    );
    let t = Tenancy::load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.profile(), tenantry::Profile::Current);
    let sub = sub_named(&t, "Michael's Azure");
    let (out, text, err) = tenantry(&["who-can-manage", path(&file), &sub]);
    assert!(out.status.success(), "{err}");
    assert!(text.contains("msa:msmith@hotmail.com"), "{text}");
    let report = scratch("walkthrough.html");
    let (out, text, err) = tenantry(&["report", path(&file), "--out", path(&report)]);
    assert!(out.status.success(), "{err}");
    assert!(text.contains("8 subscriptions"), "{text}");
    let page = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        page.contains(r#""name":"Michael's Azure""#),
        "the page's data names it"
    );
    let (out, _, err) = tenantry(&["report", path(&file), "--out", "/nonexistent-dir/r.html"]);
    assert_eq!(out.status.code(), Some(1));
    one_failure_line(&err, "IO_ERROR");
}

#[test]
fn help_is_complete_and_completions_are_generated() {
    let (out, text, _) = tenantry(&["--help"]);
    assert!(out.status.success());
    for sub in [
        "show",
        "who-can-manage",
        "can",
        "plan",
        "apply",
        "profile",
        "impact",
        "restore-plan",
        "diff",
        "report",
        "scenario",
        "walkthrough",
        "import",
        "serve",
        "completions",
    ] {
        assert!(text.contains(&format!("  {sub} ")), "{sub} missing: {text}");
        let (out, help, err) = tenantry(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}: {err}");
        assert!(help.contains("Usage: tenantry"), "{sub}: {help}");
    }
    // Every operation, with its documented arguments.
    let (_, help, _) = tenantry(&["plan", "--help"]);
    for name in tenantry::Operation::NAMES {
        assert!(help.contains(name), "{name} missing from plan --help");
        let (out, op_help, err) = tenantry(&["plan", "x.json", name, "--help"]);
        assert!(out.status.success(), "{name}: {err}");
        for arg in tenantry::Operation::arguments(name).unwrap_or_default() {
            let long = if arg.name == "actor" { "as" } else { arg.name };
            assert!(
                op_help.contains(&format!("--{long} ")),
                "{name} --{long}: {op_help}"
            );
        }
    }
    for shell in ["bash", "zsh", "fish"] {
        let (out, script, err) = tenantry(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {err}");
        for word in [
            "who-can-manage",
            "restore-plan",
            "assign_role",
            "domain_prefix",
        ] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let (out, _, _) = tenantry(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn outputs_are_checked_before_anything_is_read_or_written() {
    let (file, t) = built("c08-before-you-move-it.json", "outputs.json");
    let original = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    // The report over its own snapshot, and `-` as an output: bad usage,
    // the snapshot untouched.
    for args in [
        vec!["report", path(&file), "--out", path(&file)],
        vec!["report", path(&file), "--out", "-"],
        vec!["profile", "current", path(&file), "--out", "-"],
        vec!["walkthrough", "--out", "-"],
    ] {
        let (out, _, err) = tenantry(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(std::fs::read(&file).ok(), Some(original));
    // apply may replace its own input: the file then holds the new state.
    let sub = sub_named(&t, "Contoso Production");
    let (out, _, err) = tenantry(&[
        "apply",
        path(&file),
        "assign_role",
        "--as",
        ADMIN,
        "--subscription",
        &sub,
        "--principal",
        JANE,
        "--role",
        "contributor",
        "--out",
        path(&file),
    ]);
    assert!(out.status.success(), "{err}");
    let applied = Tenancy::load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(applied.event_count(), t.event_count() + 1);
    // `can` of an operation no account does.
    let (out, _, err) = tenantry(&[
        "can",
        path(&file),
        ADMIN,
        "create_microsoft_account",
        "--email",
        "x@outlook.com",
    ]);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("does not apply") && err.contains("tenantry plan"),
        "{err}"
    );
    // A snapshot that is not UTF-8 on standard input is the same
    // INVALID_SNAPSHOT a file is.
    let (out, _, err) = tenantry_with_input(&["show", "-"], Some(b"{\"format\": \"\xff\"}"));
    assert_eq!(out.status.code(), Some(1), "{err}");
    one_failure_line(&err, "INVALID_SNAPSHOT");
}

//! Hostile snapshots: each refused with `INVALID_SNAPSHOT` naming the item,
//! without a panic or a stack overflow, in work proportional to the input
//! (DESIGN: bad input never panics and never half-applies). The documents
//! are built as text, as someone else's file would be.

use serde_json::{json, Value};
use tenantry::Tenancy;

/// A small valid current snapshot: one directory, its admin, an Office 365
/// and an Azure subscription.
fn base() -> Value {
    let mut t = Tenancy::with_seed(3).with_profile(tenantry::Profile::Current);
    let ops = [
        json!({"op": "sign_up_office365", "args": {"organization": "Contoso", "domain_prefix": "contoso", "admin": "admin", "plan": "Office 365 E3"}}),
        json!({"op": "sign_up_azure", "args": {"actor": "admin@contoso.onmicrosoft.com", "offer": "MS-AZR-0003P"}}),
    ];
    for op in ops {
        let op: tenantry::Operation = serde_json::from_value(op).unwrap_or_else(|e| panic!("{e}"));
        t.apply(&op).unwrap_or_else(|e| panic!("{e}"));
    }
    serde_json::from_str(&t.to_json()).unwrap_or(Value::Null)
}

/// Loads `text` (bytes, as a file's) and expects `INVALID_SNAPSHOT` whose
/// message names `at`.
fn refused_bytes(bytes: &[u8], at: &str) {
    match Tenancy::from_bytes(bytes) {
        Ok(_) => panic!("accepted a hostile snapshot (expected a refusal at {at})"),
        Err(e) => {
            assert_eq!(e.code(), "INVALID_SNAPSHOT", "{e}");
            let message = e.to_string();
            assert!(
                message.contains(at),
                "expected {at} in: {}",
                &message[..message.len().min(300)]
            );
            assert!(
                message.len() < 2_000,
                "the message stays short: {} bytes",
                message.len()
            );
        }
    }
}

fn refused(doc: &Value, at: &str) {
    refused_bytes(doc.to_string().as_bytes(), at);
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    // A million brackets where a directory list belongs, and inside a
    // field of a directory: serde_json's recursion limit stops both.
    for depth in [200, 1_000_000] {
        let deep = format!(
            r#"{{"format": "tenantry-snapshot", "version": 2, "profile": "current", "directories": {}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        refused_bytes(deep.as_bytes(), "directories");
        let mut d = base();
        d["directories"][0]["verified_domains"] = json!("PLACEHOLDER");
        let text = d.to_string().replace(
            "\"PLACEHOLDER\"",
            &format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        );
        refused_bytes(text.as_bytes(), "directories[0].verified_domains");
    }
}

#[test]
fn a_huge_string_is_refused_by_name_not_kept() {
    // 64 MiB of name: a display name has a limit (256 characters in
    // Entra); the refusal quotes none of it.
    let huge = "x".repeat(64 << 20);
    let mut d = base();
    d["directories"][0]["name"] = json!(huge);
    refused(&d, "directories[0].name");
    let mut d = base();
    d["subscriptions"][1]["name"] = json!(huge);
    refused(&d, "subscriptions[1].name");
}

#[test]
fn duplicate_ids_are_refused_at_the_second() {
    // 200,000 copies of one directory: refused at the first repeat, the
    // rest never indexed.
    let d = base();
    let dir = d["directories"][0].clone();
    let mut many = d.clone();
    many["directories"] = Value::Array(vec![dir; 200_000]);
    refused(&many, "directories[1]");
    let sub = d["subscriptions"][1].clone();
    let mut twice = d.clone();
    if let Some(list) = twice["subscriptions"].as_array_mut() {
        list.push(sub);
    }
    refused(&twice, "subscriptions[2]");
}

#[test]
fn numbers_out_of_range_are_refused() {
    let d = base();
    for (field, value) in [
        ("version", "18446744073709551616"),
        ("version", "1e400"),
        ("version", "-1"),
        ("version", "2.5"),
    ] {
        let text = d
            .to_string()
            .replacen("\"version\":2", &format!("\"{field}\":{value}"), 1);
        refused_bytes(text.as_bytes(), "version");
    }
    for seats in [
        json!(-1),
        json!(0),
        json!(4_294_967_296_u64),
        json!(1e300),
        json!("25"),
    ] {
        let mut bad = d.clone();
        bad["subscriptions"][0]["seats"] = seats.clone();
        refused(&bad, "subscriptions[0].seats");
    }
}

#[test]
fn invalid_utf8_is_refused_naming_the_byte() {
    let text = base().to_string();
    let at = text.find("Contoso").unwrap_or(0);
    let mut bytes = text.into_bytes();
    bytes[at] = 0xff;
    refused_bytes(&bytes, &format!("byte {at}"));
    // A lone surrogate escaped in JSON is not a character either.
    let mut d = base();
    d["directories"][0]["name"] = json!("PLACEHOLDER");
    let escaped = d.to_string().replace("PLACEHOLDER", "\\ud800");
    refused_bytes(escaped.as_bytes(), "directories[0]");
}

#[test]
fn an_event_log_that_disagrees_with_the_state_is_refused() {
    // An event naming an account, a directory or a subscription the state
    // does not hold.
    let d = base();
    for (event, at) in [
        (
            json!({"account_created": {"account": "ghost@nowhere.onmicrosoft.com"}}),
            "events[3]",
        ),
        (
            json!({"directory_created": {"directory": "ghost.onmicrosoft.com"}}),
            "events[3]",
        ),
        (
            json!({"subscription_created": {"subscription": "00000000-0000-0000-0000-000000000000", "kind": "azure", "directory": "contoso.onmicrosoft.com"}}),
            "events[3]",
        ),
        (json!({"no_such_event": {}}), "events[3]"),
        (json!(["not", "an", "event"]), "events[3]"),
    ] {
        let mut bad = d.clone();
        if let Some(list) = bad["events"].as_array_mut() {
            list.insert(3, event);
        }
        refused(&bad, at);
    }
}

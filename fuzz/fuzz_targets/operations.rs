//! Random operation sequences (structure-aware, `arbitrary`): each step
//! names an operation of core's table and picks each of its arguments from
//! a pool of names (the state's own accounts, directories and subscriptions
//! among them). `can` and `apply` agree on every step; after every step
//! the invariants hold; a refused step changes nothing (the event log and
//! the snapshot are as before).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use tenantry::ops::ArgumentKind;
use tenantry::{Operation, Profile, Tenancy};

#[derive(Debug, Arbitrary)]
struct Step {
    op: u8,
    picks: Vec<u8>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    current: bool,
    steps: Vec<Step>,
}

const WORDS: [&str; 16] = [
    "contoso",
    "fabrikam",
    "admin",
    "jane",
    "Contoso",
    "Office 365 E3",
    "MS-AZR-0003P",
    "owner",
    "reader",
    "contributor",
    "/",
    "ops",
    "Microsoft.KeyVault/vaults",
    "rg",
    "*",
    "msa:jo@outlook.com",
];

/// The names a step may use: fixed words, and what the state holds.
fn pool(t: &Tenancy) -> Vec<String> {
    let mut names: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
    names.extend(t.directories().map(|d| d.initial_domain.to_owned()));
    names.extend(t.accounts().take(8).map(|a| a.account.to_string()));
    names.extend(t.subscriptions().take(8).map(|s| s.id.to_string()));
    names.extend(
        t.subscriptions()
            .take(4)
            .map(|s| format!("/subscriptions/{}", s.id)),
    );
    names
}

fuzz_target!(|input: Input| {
    let profile = if input.current {
        Profile::Current
    } else {
        Profile::Classic
    };
    let mut t = Tenancy::with_seed(1).with_profile(profile);
    for step in input.steps.iter().take(64) {
        let name = Operation::NAMES[step.op as usize % Operation::NAMES.len()];
        let names = pool(&t);
        let mut picks = step.picks.iter().copied();
        let mut next = || picks.next().unwrap_or(0) as usize;
        let mut args = Map::new();
        for arg in Operation::arguments(name).unwrap_or_default() {
            let choice = next();
            if !arg.required && choice % 3 == 0 {
                continue;
            }
            let value = match arg.kind {
                ArgumentKind::Text => Value::String(names[choice % names.len()].clone()),
                ArgumentKind::Flag => Value::Bool(choice % 2 == 1),
                ArgumentKind::Number => Value::from(choice as i64 - 8),
                ArgumentKind::List => Value::Array(
                    (0..choice % 3)
                        .map(|_| Value::String(names[next() % names.len()].clone()))
                        .collect(),
                ),
            };
            args.insert(arg.name.to_owned(), value);
        }
        let Ok(op) = tenantry::scenario::build_operation(name, args) else {
            continue;
        };
        let (events, before) = (t.event_count(), t.to_json());
        let decided = t.can(&op).allowed;
        let applied = t.apply(&op);
        assert_eq!(
            decided,
            applied.is_ok(),
            "{name}: `can` and `apply` disagree: {op:?} {:?}",
            applied.as_ref().err()
        );
        match applied {
            Ok(_) => {
                assert!(
                    t.check_invariants().is_ok(),
                    "{name} broke an invariant: {op:?}"
                );
            }
            Err(e) => {
                assert!(!e.code().is_empty());
                assert_eq!(t.event_count(), events, "{name}: a refusal logged events");
                assert!(t.to_json() == before, "{name}: a refusal changed the state");
            }
        }
    }
});

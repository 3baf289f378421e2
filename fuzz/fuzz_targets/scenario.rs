//! Scenario parsing and running (FORMAT.md): any text gives a report —
//! passed, failed, or unreadable (`invalid`) — and the tenancy it built
//! satisfies every invariant; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (report, t) = tenantry::scenario::play(text);
    let _ = report.to_string();
    assert!(
        t.check_invariants().is_ok(),
        "a scenario's state breaks an invariant"
    );
});

//! Snapshot loading: any bytes either load into a tenancy that satisfies
//! every invariant and saves back to a snapshot that loads the same, or are
//! refused with `INVALID_SNAPSHOT` — never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenantry::Tenancy;

fuzz_target!(|data: &[u8]| {
    match Tenancy::from_bytes(data) {
        Ok(t) => {
            assert!(
                t.check_invariants().is_ok(),
                "a loaded snapshot breaks an invariant"
            );
            let json = t.to_json();
            let again = Tenancy::from_json(&json);
            assert!(
                again.is_ok(),
                "a saved snapshot does not load: {:?}",
                again.err()
            );
            assert_eq!(again.map(|a| a.to_json()).ok(), Some(json));
        }
        Err(e) => assert_eq!(e.code(), "INVALID_SNAPSHOT", "{e}"),
    }
});

//! A Tenancy shared across threads: it is `Send + Sync`, so readers share
//! one behind an `RwLock` (never blocking each other) while one writer
//! applies operations; every operation is atomic — checked whole before
//! any change — so every read sees a state between two operations, one that
//! satisfies every invariant.
//!
//! The stress run lasts `TENANTRY_STRESS_SECONDS` (10 by default): 8
//! readers and 1 writer.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tenantry::{Operation, Profile, Tenancy};

fn shareable<T: Send + Sync + 'static>() {}

#[test]
fn a_tenancy_and_its_answers_cross_threads() {
    shareable::<Tenancy>();
    shareable::<tenantry::Error>();
    shareable::<tenantry::Decision>();
    shareable::<tenantry::Outcome>();
    shareable::<tenantry::record::MoveImpact>();
}

fn op(value: serde_json::Value) -> Operation {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

const ADMIN: &str = "admin@contoso.onmicrosoft.com";

fn start() -> (Tenancy, String) {
    let mut t = Tenancy::with_seed(8).with_profile(Profile::Current);
    t.apply(&op(serde_json::json!({"op": "sign_up_office365", "args": {"organization": "Contoso", "domain_prefix": "contoso", "admin": "admin", "plan": "Office 365 E3"}})))
        .unwrap_or_else(|e| panic!("{e}"));
    let sub = t
        .apply(&op(serde_json::json!({"op": "sign_up_azure", "args": {"actor": ADMIN, "offer": "MS-AZR-0003P"}})))
        .unwrap_or_else(|e| panic!("{e}"))
        .subscription
        .map(|s| s.to_string())
        .unwrap_or_default();
    (t, sub)
}

#[test]
fn eight_readers_and_one_writer_see_only_whole_states() {
    let seconds = std::env::var("TENANTRY_STRESS_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10u64);
    let (t, sub) = start();
    let shared = Arc::new(RwLock::new(t));
    let stop = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicU64::new(0));
    let readers: Vec<_> = (0..8)
        .map(|n| {
            let (shared, stop, reads, sub) = (shared.clone(), stop.clone(), reads.clone(), sub.clone());
            std::thread::spawn(move || -> Result<(), String> {
                while !stop.load(Ordering::Relaxed) {
                    let t = shared.read().map_err(|e| e.to_string())?;
                    // Whole states only: the invariants hold, and what the
                    // queries say agrees with itself.
                    t.check_invariants().map_err(|e| format!("reader {n}: {e}"))?;
                    let users = t.users_of("contoso.onmicrosoft.com").map_err(|e| e.to_string())?;
                    let managers = t.who_can_manage(&sub).map_err(|e| e.to_string())?;
                    // Each user the writer adds is made a Reader in the
                    // same batch of two operations: a reader may see the
                    // user before the assignment, never an assignment to a
                    // user it cannot see.
                    for a in t.role_assignments(&sub).map_err(|e| e.to_string())? {
                        if a.principal.contains("@contoso.onmicrosoft.com")
                            && !users.iter().any(|u| u.eq_ignore_ascii_case(&a.principal))
                        {
                            return Err(format!("assignment to {} whose user is missing", a.principal));
                        }
                    }
                    let decision = t.can(&op(serde_json::json!({"op": "assign_role", "args": {"actor": ADMIN, "subscription": sub, "principal": ADMIN, "role": "reader"}})));
                    if !decision.allowed {
                        return Err(format!("the admin, an Owner, may always assign: {}", decision.message()));
                    }
                    if managers.is_empty() {
                        return Err("the subscription always has its Owner".into());
                    }
                    reads.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut writes = 0u64;
    let mut refused = 0u64;
    while Instant::now() < deadline {
        let user = format!("u{writes}");
        let account = format!("{user}@contoso.onmicrosoft.com");
        let mut t = shared.write().unwrap_or_else(|e| panic!("{e}"));
        t.apply(&op(serde_json::json!({"op": "add_user", "args": {"actor": ADMIN, "directory": "contoso.onmicrosoft.com", "user": user}})))
            .unwrap_or_else(|e| panic!("{e}"));
        drop(t);
        // A refused operation changes nothing, in the middle of the run too.
        let mut t = shared.write().unwrap_or_else(|e| panic!("{e}"));
        let before = t.event_count();
        if t.apply(&op(serde_json::json!({"op": "assign_role", "args": {"actor": account, "subscription": sub, "principal": account, "role": "owner"}}))).is_err() {
            refused += 1;
        }
        assert_eq!(
            t.event_count(),
            before,
            "a refusal leaves the state as it was"
        );
        t.apply(&op(serde_json::json!({"op": "assign_role", "args": {"actor": ADMIN, "subscription": sub, "principal": account, "role": "reader"}})))
            .unwrap_or_else(|e| panic!("{e}"));
        drop(t);
        writes += 1;
    }
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        match r.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("a reader panicked"),
        }
    }
    let t = shared.read().unwrap_or_else(|e| panic!("{e}"));
    t.check_invariants().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(refused, writes, "every self-grant was refused");
    assert!(writes > 0 && reads.load(Ordering::Relaxed) > 0);
    eprintln!(
        "{seconds} s: {writes} users written (and {refused} refusals), {} reads",
        reads.load(Ordering::Relaxed)
    );
}

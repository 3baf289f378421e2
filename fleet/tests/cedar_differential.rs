//! A differential test of the "who may" rules of R6–R9: Cedar policies over
//! entities exported from a fleet, and tenantry's `can`, must agree on every
//! request. A disagreement is a bug in one of them.

use indicatif::ProgressBar;
use std::collections::HashMap;
use tenantry_fleet::{build, cedar, Preset};

#[test]
fn cedar_and_tenantry_agree_on_every_request() {
    let fleet = build(&Preset::SMALL, 11, &ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("{} {e}", e.code()));
    let side = cedar::export(&fleet.tenancy).unwrap_or_else(|e| panic!("{e}"));
    let requests = cedar::requests(&fleet, 20_000, 5).unwrap_or_else(|e| panic!("{e}"));

    let wrong = cedar::disagreements(&fleet.tenancy, &side, &requests);
    let shown: Vec<String> = wrong
        .iter()
        .take(5)
        .map(|(r, ours, theirs)| format!("{:?}: tenantry {ours}, cedar {theirs}", r.operation))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} disagree, e.g.\n{}",
        wrong.len(),
        requests.len(),
        shown.join("\n")
    );

    // The batched decisions are the same decisions.
    let one_by_one: Vec<_> = requests
        .iter()
        .map(|r| fleet.tenancy.can(&r.operation))
        .collect();
    let batched: Vec<_> = fleet
        .tenancy
        .can_each(requests.iter().map(|r| &r.operation))
        .collect();
    assert!(one_by_one == batched, "can_each differs from can");
    assert_eq!(
        cedar::tenantry_allows_each(&fleet.tenancy, requests.iter().map(|r| &r.operation)),
        requests
            .iter()
            .map(|r| cedar::tenantry_allows(&fleet.tenancy, r))
            .collect::<Vec<_>>()
    );

    // Both answers are common for every action, so agreement means something.
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for r in &requests {
        let e = seen.entry(r.operation.name()).or_default();
        if side.allows(r) {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    for (action, (allowed, refused)) in &seen {
        assert!(
            *allowed > 200 && *refused > 200,
            "{action}: {allowed} allowed, {refused} refused"
        );
    }
}

#[test]
fn a_policy_that_is_wrong_is_caught() {
    let fleet = build(&Preset::SMALL, 11, &ProgressBar::hidden()).unwrap_or_else(|e| panic!("{e}"));
    let mut side = cedar::export(&fleet.tenancy).unwrap_or_else(|e| panic!("{e}"));
    // Forget that co-administrators may add co-administrators (R7).
    let weakened = cedar::POLICIES.replace(
        "(resource.service_admin == principal || resource.co_admins.contains(principal)) };",
        "resource.service_admin == principal };",
    );
    assert_ne!(weakened, cedar::POLICIES);
    side.policies = weakened.parse().unwrap_or_else(|e| panic!("{e}"));
    let requests = cedar::requests(&fleet, 5_000, 5).unwrap_or_else(|e| panic!("{e}"));
    assert!(!cedar::disagreements(&fleet.tenancy, &side, &requests).is_empty());
}

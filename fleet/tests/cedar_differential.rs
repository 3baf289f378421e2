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

/// Under today's rules: R8 through groups and inherited scopes (management
/// groups, `/`, custom roles) and R6's direct Owner, Cedar's entity
/// hierarchy against tenantry's evaluator over a synthetic current fleet.
#[test]
fn cedar_and_tenantry_agree_under_current_rules() {
    use tenantry_fleet::cedar_current;
    let fleet = build(&Preset::SMALL.current(), 13, &ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("{} {e}", e.code()));
    let rgs = ["rg1", "rg2", "web"];
    let side = cedar_current::export(&fleet.tenancy, &rgs).unwrap_or_else(|e| panic!("{e}"));
    let requests =
        cedar_current::requests(&fleet, &rgs, 4_000, 17).unwrap_or_else(|e| panic!("{e}"));
    let theirs: Vec<bool> = requests.iter().map(|r| side.allows(r)).collect();
    let ours: Vec<bool> = requests
        .iter()
        .map(|r| cedar_current::tenantry_allows(&fleet.tenancy, r))
        .collect();
    let wrong: Vec<String> = requests
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (o, c))| o != c)
        .map(|(r, (o, c))| format!("{:?}: tenantry {o}, cedar {c}", r.operation))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} disagree, e.g.\n{}",
        wrong.len(),
        requests.len(),
        wrong[..wrong.len().min(5)].join("\n")
    );

    // Both answers are common for each action and each kind of scope, and
    // some allowed actors hold no assignment of their own at the
    // subscription (their grant comes through groups or from above).
    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut indirect = 0;
    for (r, allowed) in requests.iter().zip(&theirs) {
        let kind = match &r.operation {
            tenantry::Operation::AssignRole(a) if a.scope.is_some() => {
                "assign_role at a management group"
            }
            tenantry::Operation::AssignRole(a) if a.resource_group.is_some() => {
                "assign_role at a resource group"
            }
            op => op.name(),
        };
        let e = seen.entry(kind).or_default();
        if *allowed {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
        if let (true, tenantry::Operation::AssignRole(a)) = (*allowed, &r.operation) {
            let own = a.subscription.as_ref().is_some_and(|s| {
                fleet
                    .tenancy
                    .role_assignments(s)
                    .is_ok_and(|l| l.iter().any(|x| x.principal.eq_ignore_ascii_case(&a.actor)))
            });
            indirect += usize::from(a.subscription.is_some() && !own);
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    for (action, (allowed, refused)) in &seen {
        assert!(
            *allowed > 50 && *refused > 50,
            "{action}: {allowed} allowed, {refused} refused: {seen:?}"
        );
    }
    assert!(
        indirect > 50,
        "{indirect} allowed through groups or from above"
    );
}

#[test]
fn a_current_policy_that_is_wrong_is_caught() {
    use tenantry_fleet::cedar_current;
    let fleet = build(&Preset::SMALL.current(), 13, &ProgressBar::hidden())
        .unwrap_or_else(|e| panic!("{e}"));
    let rgs = ["rg1", "rg2"];
    let mut side = cedar_current::export(&fleet.tenancy, &rgs).unwrap_or_else(|e| panic!("{e}"));
    // Forget inheritance: grants only at the scope they were made at.
    let exact = r#"permit(principal in ?principal, action == Action::"assign_role", resource == ?resource);"#;
    let mut policies = cedar_policy::PolicySet::new();
    let template =
        cedar_policy::Template::parse(Some(cedar_policy::PolicyId::new("writer")), exact)
            .unwrap_or_else(|e| panic!("{e}"));
    policies
        .add_template(template)
        .unwrap_or_else(|e| panic!("{e}"));
    for p in side.policies.policies() {
        let writer = p.template_id().is_some_and(|t| t.to_string() == "writer");
        if let (true, Some(vals)) = (writer, p.template_links()) {
            policies
                .link(cedar_policy::PolicyId::new("writer"), p.id().clone(), vals)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    side.policies = policies;
    let requests =
        cedar_current::requests(&fleet, &rgs, 1_000, 17).unwrap_or_else(|e| panic!("{e}"));
    assert!(!cedar_current::disagreements(&fleet.tenancy, &side, &requests).is_empty());
}

//! Before you move it, measured (issue "Before you move it"):
//! `move_impact` and `restore_plan` of a subscription with 5,000 role
//! assignments and 2,000 resources on the current preset, and `diff` of
//! two 1,000,000-user snapshots differing in 1 %, with the memory it adds
//! to holding both.
//!
//! ```text
//! cargo bench -p tenantry-fleet --bench moves             # the large current preset
//! cargo bench -p tenantry-fleet --bench moves -- --quick  # the small one, 20,000 users (CI's smoke run)
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};
use tenantry::ops::*;
use tenantry::{Operation, Tenancy};
use tenantry_fleet::{build, dense_subscription_current, memory, progress, Preset, DENSE_OWNER};

/// The median of 51 timed batches, per call, in nanoseconds.
fn median_ns(mut f: impl FnMut()) -> f64 {
    let mut batch = 1usize;
    loop {
        let started = Instant::now();
        for _ in 0..batch {
            f();
        }
        if started.elapsed() > Duration::from_millis(5) || batch >= 1 << 16 {
            break;
        }
        batch *= 2;
    }
    let mut samples: Vec<f64> = (0..51)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                f();
            }
            started.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn ms(ns: f64) -> String {
    format!("{:.3} ms", ns / 1e6)
}

/// The resource types of the inventory, round-robin.
const TYPES: [(&str, bool, bool); 8] = [
    ("Microsoft.KeyVault/vaults", false, false),
    ("Microsoft.Sql/servers", true, false),
    ("Microsoft.Storage/storageAccounts", false, true),
    ("Microsoft.ContainerService/managedClusters", false, false),
    ("Microsoft.Compute/virtualMachines", false, false),
    ("Microsoft.Web/sites", false, false),
    ("Microsoft.Authorization/policyAssignments", false, false),
    ("Microsoft.Compute/diskEncryptionSets", false, false),
];

fn apply(t: &mut Tenancy, op: impl Into<Operation>) {
    if let Err(e) = t.apply(&op.into()) {
        panic!("{} {e}", e.code());
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (preset, name, users) = if quick {
        (Preset::SMALL.current(), "small current", 20_000)
    } else {
        (Preset::LARGE.current(), "large current", 1_000_000)
    };
    println!("Before you move it: the {name} preset");

    // The dense subscription: 5,000 assignments, then 2,000 resources.
    let mut fleet = match build(&preset, 7, &progress(preset.operations() as u64, "fleet")) {
        Ok(f) => f,
        Err(e) => panic!("fleet: {} {e}", e.code()),
    };
    let target = fleet.directories[1].clone();
    let admin = fleet.users[1][0].clone();
    let op = match dense_subscription_current(&mut fleet.tenancy, &target, &admin) {
        Ok(op) => op,
        Err(e) => panic!("dense subscription: {} {e}", e.code()),
    };
    let Operation::ChangeSubscriptionDirectory(mv) = &op else {
        panic!("the dense move is a directory change");
    };
    let sub = mv.subscription.clone();
    let t = &mut fleet.tenancy;
    for n in 0..2000 {
        let (kind, entra, acls) = TYPES[n % TYPES.len()];
        apply(
            t,
            CreateResource {
                actor: DENSE_OWNER.into(),
                subscription: sub.clone(),
                resource_group: format!("rg{}", n % 20),
                resource_type: kind.into(),
                name: format!("r{n}"),
                entra_authentication: Some(entra),
                acls: Some(acls),
                access_policies: Vec::new(),
            },
        );
    }
    let t = &fleet.tenancy;
    let impact = t
        .move_impact(&sub, &target)
        .unwrap_or_else(|e| panic!("{e}"));
    let restore = t
        .restore_plan(&sub, &target)
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "  the move: {} effects, {} affected objects in {} rows, {} restore steps, {} unmapped",
        impact.effects.len(),
        impact.rows.iter().map(|r| r.objects.len()).sum::<usize>(),
        impact.rows.len(),
        restore.steps.len(),
        restore.unmapped.len()
    );
    let v = median_ns(|| {
        black_box(t.move_impact(&sub, &target).ok());
    });
    println!(
        "  move_impact, 5,000 assignments and 2,000 resources: {} (target ≤ 1 ms)",
        ms(v)
    );
    let plan_op: Operation = ChangeSubscriptionDirectory {
        actor: DENSE_OWNER.into(),
        subscription: sub.clone(),
        directory: target.clone(),
    }
    .into();
    let v = median_ns(|| {
        black_box(t.plan(&plan_op).ok());
    });
    println!("  (beside it: the plan of the move alone, {})", ms(v));
    let v = median_ns(|| {
        black_box(t.restore_plan(&sub, &target).ok());
    });
    println!("  restore_plan of the same: {}", ms(v));
    drop(fleet);

    // Two snapshots of one directory of `users` users, differing in 1 %:
    // half new users, half users given a directory role.
    let base = memory::current_rss().unwrap_or(0);
    let mut before = Tenancy::with_seed(1).with_profile(tenantry::Profile::Current);
    apply(
        &mut before,
        SignUpOffice365 {
            organization: "Contoso".into(),
            domain_prefix: "contoso".into(),
            admin: "admin".into(),
            plan: "Office 365 E3".into(),
            ..Default::default()
        },
    );
    let dir = "contoso.onmicrosoft.com";
    let admin = "admin@contoso.onmicrosoft.com";
    for n in 0..users {
        apply(
            &mut before,
            AddUser {
                actor: admin.into(),
                directory: dir.into(),
                user: format!("u{n}"),
                name: None,
                role: None,
            },
        );
    }
    let mut after = before.clone();
    let changed = users / 100;
    for n in 0..changed / 2 {
        apply(
            &mut after,
            AddUser {
                actor: admin.into(),
                directory: dir.into(),
                user: format!("new{n}"),
                name: None,
                role: None,
            },
        );
        apply(
            &mut after,
            Operation::AssignDirectoryRole(DirectoryRoleChange {
                actor: admin.into(),
                directory: dir.into(),
                account: format!("u{}@{dir}", n * 2),
                role: "user_administrator".into(),
            }),
        );
    }
    let both = memory::current_rss().unwrap_or(0).saturating_sub(base);
    memory::reset_peak();
    let started = Instant::now();
    let d = black_box(before.diff(&after));
    let took = started.elapsed();
    let peak = memory::peak_rss().unwrap_or(0).saturating_sub(base);
    println!(
        "  diff of two {users}-user snapshots differing in 1 %: {} changes in {:.3} s (target ≤ 2 s)",
        d.changes.len(),
        took.as_secs_f64()
    );
    println!(
        "  memory: {:.0} MB holding both, {:.0} MB at the diff's peak: {:.2}× (target ≤ 1.5×)",
        both as f64 / 1e6,
        peak as f64 / 1e6,
        peak as f64 / both.max(1) as f64
    );
    assert_eq!(
        d.changes.len(),
        changed / 2 * 2,
        "the diff names every change once"
    );
}

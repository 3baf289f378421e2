use std::time::Instant;
use tenantry_fleet::{build, cedar, progress, Preset};
fn main() {
    let fleet = build(
        &if std::env::var("SMALL").is_ok() {
            Preset::SMALL
        } else {
            Preset::LARGE
        },
        7,
        &progress(0, "building"),
    )
    .unwrap();
    let requests = cedar::requests(&fleet, 100_000, 9).unwrap();
    let t = &fleet.tenancy;
    let ops: Vec<tenantry::Operation> = requests.iter().map(|r| r.operation.clone()).collect();
    let mode = std::env::var("MODE").unwrap_or_default();
    let s = Instant::now();
    let mut n = 0;
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    match mode.as_str() {
        "hot" => {
            let hot = &requests[..64];
            for _ in 0..rounds * 1600 {
                n += hot.iter().filter(|r| t.can(&r.operation).allowed).count();
            }
        }
        "one" => {
            for _ in 0..rounds {
                n += requests
                    .iter()
                    .filter(|r| t.can(&r.operation).allowed)
                    .count();
            }
        }
        "fresh" => {
            for _ in 0..rounds {
                n += t.can_each(&ops).filter(|d| d.allowed).count();
            }
        }
        "freshone" => {
            for _ in 0..rounds {
                n += ops.iter().filter(|op| t.can(op).allowed).count();
            }
        }
        _ => {
            for _ in 0..rounds {
                n += t
                    .can_each(requests.iter().map(|r| &r.operation))
                    .filter(|d| d.allowed)
                    .count();
            }
        }
    }
    println!(
        "{mode}: {:.0} ns ({n})",
        s.elapsed().as_secs_f64() * 1e9
            / (rounds as f64 * 1e5 * if mode == "hot" { 1.024 } else { 1.0 })
    );
    std::process::exit(0);
}

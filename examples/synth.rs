//! Builds a deterministic synthetic fleet through tenantry's operations and
//! saves its snapshot; or loads a snapshot and reports what it holds.
//!
//! ```text
//! cargo run --release --example synth -- --preset large --seed 7 --out fleet.json
//! cargo run --release --example synth -- --preset large --profile current --out today.json
//! cargo run --release --example synth -- --load fleet.json
//! cargo run --release --example synth -- --preset small --profile current --azure 1000 --out wide.json
//! ```
//!
//! Presets: small (10 directories, 1k users), medium (100, 100k), large
//! (1,000 directories, 1M users, 100k Azure and 20k Office 365
//! subscriptions, 1M role assignments, 100k co-administrators, 5k Microsoft
//! accounts). `--profile current` builds it under today's rules, with
//! 100,000 groups nested up to depth 5, 50,000 service principals, 2,000
//! custom roles, management-group trees of depth 4 and 100,000 role
//! assignments to groups per million users. A progress bar goes to stderr.

use std::process::ExitCode;
use std::time::Instant;
use tenantry::Tenancy;
use tenantry_fleet::{build, memory, progress, Preset};

const USAGE: &str =
    "usage: synth --preset small|medium|large [--profile classic|current] [--seed N] [--azure N] --out PATH\n       synth --load PATH";

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let Some(path) = value("--load") {
        return load(&path);
    }
    let (Some(preset), Some(out)) = (
        value("--preset").and_then(|p| Preset::by_name(&p)),
        value("--out"),
    ) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let preset = match value("--profile").as_deref() {
        None | Some("classic") => preset,
        Some("current") => preset.current(),
        Some(other) => {
            eprintln!("--profile takes classic or current, not {other}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    // `--azure N`: the preset with N Azure subscriptions instead (a
    // 1,000-subscription tenant for the report's browser test).
    let preset = match value("--azure").map(|n| n.parse::<usize>()) {
        None => preset,
        Some(Ok(azure)) if azure > 0 => Preset { azure, ..preset },
        Some(_) => {
            eprintln!("--azure takes a positive number\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let seed = match value("--seed").map(|s| s.parse::<u64>()) {
        None => 7,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("--seed takes a number\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let bar = progress(preset.operations() as u64, "building");
    let fleet = match build(&preset, seed, &bar) {
        Ok(fleet) => fleet,
        Err(e) => {
            bar.abandon();
            eprintln!("building failed: {} {e}", e.code());
            return ExitCode::FAILURE;
        }
    };
    bar.finish_and_clear();
    println!(
        "built the {} {} fleet (seed {seed}): {} operations in {:.2} s, {:.0} operations/s",
        preset.name,
        preset.profile,
        fleet.operations,
        fleet.elapsed.as_secs_f64(),
        fleet.operations_per_second()
    );
    println!("{}", fleet.tenancy);

    let started = Instant::now();
    if let Err(e) = fleet.tenancy.save(&out) {
        eprintln!("saving failed: {e}");
        return ExitCode::FAILURE;
    }
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "saved {out}: {:.1} MB in {seconds:.2} s ({:.0} MB/s)",
        mb(size),
        mb(size) / seconds.max(1e-9)
    );
    if let Some(peak) = memory::peak_rss() {
        println!("peak resident memory: {:.0} MB", mb(peak));
    }
    ExitCode::SUCCESS
}

fn load(path: &str) -> ExitCode {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let started = Instant::now();
    match Tenancy::load(path) {
        Ok(t) => {
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "loaded and validated {path}: {:.1} MB in {seconds:.2} s ({:.0} MB/s)",
                mb(size),
                mb(size) / seconds.max(1e-9)
            );
            println!("{t}");
            if let (Some(peak), Some(now)) = (memory::peak_rss(), memory::current_rss()) {
                println!(
                    "resident memory: {:.0} MB now, {:.0} MB at the peak",
                    mb(now),
                    mb(peak)
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{} {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

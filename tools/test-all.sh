#!/usr/bin/env bash
# Runs every test suite of tenantry, installing what it needs first.
# This is the README's test command; .ci/run runs it on a clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
# No incremental compilation: a one-off build gains nothing from it, and its
# cache was 1.9 GB of target/ (CI's disk filled once, failing a link).
export CARGO_INCREMENTAL=0

# Each step prints its title, and the previous one's wall time, so that a
# run's log shows where CI's time goes.
started=$SECONDS
last=""
step() {
    if [ -n "$last" ]; then printf '<== %s: %ss\n' "$last" "$((SECONDS - started))"; fi
    started=$SECONDS
    last="$*"
    if [ $# -gt 0 ]; then printf '\n==> %s\n' "$*"; fi
}

step "Rust: format, lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust: unit, property (1,000 cases each), snapshot, scenario and doc tests"
cargo test --workspace --locked

step "Rust: conformance runner over every scenario"
scenarios=(tests/conformance)
[ -d ../shared/conformance ] && scenarios=(../shared/conformance "${scenarios[@]}")
cargo run --release --locked --quiet --example conformance -- "${scenarios[@]}"

step "Rust: the runner refuses unreadable scenarios with exit 1, one line each, no panic"
for f in tests/invalid-scenarios/*.json; do
    set +e
    out=$(./target/release/examples/conformance "$f" 2>&1)
    status=$?
    set -e
    if [ "$status" -ne 1 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 2 ] || grep -q panicked <<<"$out"; then
        printf 'expected exit 1 and one line for %s, got %s:\n%s\n' "$f" "$status" "$out"
        exit 1
    fi
done

step "Rust: the walkthrough"
cargo run --release --locked --quiet --example walkthrough > /dev/null

step "Rust: the fleet generator round trip and the benchmarks' quick smoke run"
fleet="$(mktemp -d)/fleet.json"
cargo run --release --locked --quiet --example synth -- --preset small --seed 7 --out "$fleet"
cargo run --release --locked --quiet --example synth -- --load "$fleet"
rm -f "$fleet"
# The default members' benchmarks (the fleet's and the importer's), not
# one package's: a narrower selection unifies features differently and
# builds every crate the conformance runner built again.
cargo bench --locked --quiet --bench '*' -- --quick

step "Python: build and install the package, check the stubs, run the tests"
# The importer's loopback Graph/ARM server, which the Python and Node
# import tests start.
cargo build --locked --quiet -p tenantry-connect --example test_server
venv="${TENANTRY_VENV:-target/python-venv}"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
# A debug build of the extension (MATURIN_PEP517_ARGS): it reuses much of
# what the Rust tests compiled; `pip install ./bindings-python` alone
# builds the release one users get.
MATURIN_PEP517_ARGS="--profile dev" \
    "$venv/bin/pip" install --quiet ./bindings-python pytest mypy \
    azure-identity==1.27.0 azure-mgmt-authorization==4.0.0 \
    azure-mgmt-resource-subscriptions==1.0.0 msgraph-sdk==1.65.0
(cd "$venv" && bin/python -m mypy.stubtest tenantry \
    --allowlist "$root/bindings-python/stubtest-allowlist.txt")
"$venv/bin/python" -m pytest -q bindings-python/tests

step "Emulator: Microsoft's official Python clients, unmodified, against tenantry serve"
# The debug `tenantry` the Rust tests built; the clients were installed
# into the same virtual environment above.
cargo build --locked --quiet -p tenantry-cli
TENANTRY_BIN="$root/target/debug/tenantry" "$venv/bin/python" -m pytest -q emulator/tests/python

step "Emulator: Microsoft's official Node clients (@azure/identity, @azure/arm-*) against tenantry serve"
(cd emulator/tests/node && npm ci --no-audit --no-fund --silent \
    && TENANTRY_BIN="$root/target/debug/tenantry" npm test)

step "Node: install, build, check the generated index.d.ts is committed, run the tests"
# A debug build (the release one is `npm run build`): the generated
# index.d.ts and index.js are the same.
(cd bindings-node && npm ci --no-audit --no-fund && npm run build:debug)
if git rev-parse --git-dir > /dev/null 2>&1; then
    git diff --exit-code -- bindings-node/index.d.ts bindings-node/index.js \
        || { echo "bindings-node/index.d.ts or index.js drifted from the build: commit them"; exit 1; }
fi
(cd bindings-node && npm test)

# The fuzz targets build in the background from here (cargo-fuzz from
# crates.io, the targets without a sanitizer: safe Rust, and some minutes
# quicker), beside the mostly downloading report and Kotlin steps; the
# fuzzing step waits for them.
fuzz_log="$root/target/fuzz-build.log"
(
    [ -x target/tools/bin/cargo-fuzz ] \
        || cargo install --quiet --locked cargo-fuzz --version 0.13.2 --root target/tools
    cd fuzz && ../target/tools/bin/cargo-fuzz build -O --sanitizer none --codegen-units 16 \
        --target-dir "$root/target/fuzz"
) > "$fuzz_log" 2>&1 &
fuzz_build=$!

step "Report: tenantry report's page in headless Chromium (playwright-core), screenshots under target/report-browser"
# Debian's Chromium, installed when the machine lacks it.
if ! command -v chromium > /dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q > /dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium > /dev/null
fi
(cd report/tests/browser && npm ci --no-audit --no-fund --silent \
    && TENANTRY_BIN="$root/target/debug/tenantry" npm test)

step "Kotlin and Swift: generate with uniffi, run every scenario on the JVM, check the Swift sources"
tools/test-uniffi.sh

step "Fuzzing: each cargo-fuzz target for 30 seconds, from corpora seeded from the project's fixtures (FUZZING.md)"
wait "$fuzz_build" || { cat "$fuzz_log"; echo "the fuzz targets did not build"; exit 1; }
TENANTRY_BIN="$root/target/debug/tenantry" fuzz/seed.sh
fuzzers="$root/target/fuzz/x86_64-unknown-linux-gnu/release"
# Two at a time, one per core; a crash (a panic), a timeout or running out
# of memory fails the step and leaves its input under target/fuzz-artifacts
# (leaks are the long runs' to find: LeakSanitizer comes with ASan).
run_fuzzer() {
    mkdir -p "target/fuzz-artifacts/$1"
    "$fuzzers/$1" "fuzz/corpus/$1" -max_total_time=30 -timeout=30 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="target/fuzz-artifacts/$1/" \
        > "target/fuzz-artifacts/$1.log" 2>&1 \
        || { tail -40 "target/fuzz-artifacts/$1.log"; echo "fuzz target $1 failed"; return 1; }
    printf '  %-14s %s executions in 30 s\n' "$1" \
        "$(sed -n 's/^stat::number_of_executed_units: *//p' "target/fuzz-artifacts/$1.log")"
}
for pair in "snapshot scenario" "connect_pages emulator" "operations"; do
    pids=()
    for target in $pair; do
        run_fuzzer "$target" & pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
done
step

printf '\nAll test suites passed in %ss.\n' "$SECONDS"

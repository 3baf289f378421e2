#!/usr/bin/env bash
# Builds the uniffi library; generates the Kotlin sources, compiles the
# Kotlin scenario runner (with the README's Kotlin quickstart) and runs every
# scenario on the JVM; generates the Swift sources twice, checks the runs are
# identical and the committed copies current, and compiles the C header.
# Installs the Kotlin compiler (npm package kotlin-compiler) and JNA (Debian
# package libjna-java) when missing. There is no Swift toolchain here.
set -euo pipefail
cd "$(dirname "$0")/.."

KOTLIN_VERSION=2.4.20
kotlin_home=target/kotlin-compiler/node_modules/kotlin-compiler
if [ ! -x "$kotlin_home/bin/kotlinc" ]; then
    npm install --prefix target/kotlin-compiler --no-audit --no-fund --silent "kotlin-compiler@$KOTLIN_VERSION"
fi
jna=/usr/share/java/jna.jar
if [ ! -f "$jna" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -q libjna-java > /dev/null 2>&1 \
        || { $sudo apt-get update -q > /dev/null && $sudo apt-get install -y -q libjna-java > /dev/null; }
fi

# A debug build: it shares the dependencies the Rust tests compiled, and
# the bindings it generates are the same as a release build's.
cargo build --locked -p tenantry-uniffi
# Where cargo put it: target/, or target/<triple>/ when the test command
# names the target.
built="${TENANTRY_BUILD_DIR:-target}/debug"
out=target/uniffi
rm -rf "$out/kotlin" "$out/test" "$out/swift-1" "$out/swift-2"
mkdir -p "$out/test"
cargo run --locked --quiet -p uniffi-bindgen -- generate --library "$built/libtenantry_uniffi.so" \
    --language kotlin --out-dir "$out/kotlin" --no-format

# The README's Kotlin quickstart, compiled with the runner and run by it.
{
    echo "package tenantry.test"
    awk '/^```kotlin$/ { inside = 1; next } /^```$/ { inside = 0 } inside' README.md \
        | sed 's/^fun main() {$/fun readmeQuickstart() {/'
} > "$out/test/ReadmeQuickstart.kt"
grep -q "fun readmeQuickstart" "$out/test/ReadmeQuickstart.kt" || { echo "README has no Kotlin quickstart"; exit 1; }

"$kotlin_home/bin/kotlinc" -nowarn -include-runtime -cp "$jna" -d "$out/test/scenarios.jar" \
    "$out/kotlin/tenantry/tenantry_uniffi.kt" bindings-uniffi/kotlin/*.kt "$out/test/ReadmeQuickstart.kt"
codes=$(cargo run --locked --quiet --example codes | cut -d' ' -f1 | tr '\n' ' ')
java "-Djna.library.path=$built" "-Dtenantry.codes=$codes" \
    -cp "$out/test/scenarios.jar:$jna:$kotlin_home/lib/kotlin-reflect.jar" \
    tenantry.test.ScenariosKt tests/conformance

# Swift: reproducible generation, committed copies current, header compiles.
swift=bindings-uniffi/swift
for run in 1 2; do
    cargo run --locked --quiet -p uniffi-bindgen -- generate --library "$built/libtenantry_uniffi.so" \
        --language swift --out-dir "$out/swift-$run" --no-format
done
diff -r "$out/swift-1" "$out/swift-2" > /dev/null || { echo "Swift generation is not reproducible"; exit 1; }
diff -u "$swift/Sources/Tenantry/Tenantry.swift" "$out/swift-1/Tenantry.swift" > /dev/null \
    && diff -u "$swift/headers/TenantryFFI.h" "$out/swift-1/TenantryFFI.h" > /dev/null \
    && diff -u "$swift/headers/module.modulemap" "$out/swift-1/TenantryFFI.modulemap" > /dev/null \
    || { echo "$swift is out of date: copy $out/swift-1/* there (module.modulemap from TenantryFFI.modulemap)"; exit 1; }
cc -fsyntax-only -x c -D_Nonnull= -D_Nullable= "$out/swift-1/TenantryFFI.h" 2> "$out/header.log" \
    || { grep -v "pragma once" "$out/header.log"; echo "TenantryFFI.h does not compile"; exit 1; }
echo "Swift sources: reproducible, committed copies current, TenantryFFI.h compiles."

#!/usr/bin/env bash
# Builds TenantryFFI.xcframework (macOS, iOS, iOS simulator) from the Rust
# library and regenerates the Swift sources. Run on a Mac with Xcode and
# rustup, from anywhere:  bindings-uniffi/swift/build-xcframework.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

targets=(aarch64-apple-darwin x86_64-apple-darwin aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
rustup target add "${targets[@]}"
for target in "${targets[@]}"; do
    cargo build --release --locked -p tenantry-uniffi --target "$target"
done

build="$root/target/xcframework"
rm -rf "$build" "$here/TenantryFFI.xcframework"
mkdir -p "$build/macos" "$build/ios-simulator" "$build/headers"
lipo -create target/aarch64-apple-darwin/release/libtenantry_uniffi.a \
    target/x86_64-apple-darwin/release/libtenantry_uniffi.a -output "$build/macos/libtenantry_uniffi.a"
lipo -create target/aarch64-apple-ios-sim/release/libtenantry_uniffi.a \
    target/x86_64-apple-ios/release/libtenantry_uniffi.a -output "$build/ios-simulator/libtenantry_uniffi.a"

# The Swift sources and the C module, from the library's metadata.
cargo run --locked --quiet -p uniffi-bindgen -- generate \
    --library target/aarch64-apple-darwin/release/libtenantry_uniffi.dylib \
    --language swift --out-dir "$build/generated" --no-format
cp "$build/generated/Tenantry.swift" "$here/Sources/Tenantry/Tenantry.swift"
cp "$build/generated/TenantryFFI.h" "$build/headers/"
cp "$build/generated/TenantryFFI.modulemap" "$build/headers/module.modulemap"

xcodebuild -create-xcframework \
    -library "$build/macos/libtenantry_uniffi.a" -headers "$build/headers" \
    -library target/aarch64-apple-ios/release/libtenantry_uniffi.a -headers "$build/headers" \
    -library "$build/ios-simulator/libtenantry_uniffi.a" -headers "$build/headers" \
    -output "$here/TenantryFFI.xcframework"
echo "Built $here/TenantryFFI.xcframework; now: cd $here && swift test"

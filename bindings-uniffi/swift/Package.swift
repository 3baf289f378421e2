// swift-tools-version:5.9
// The Swift package of tenantry. Sources/Tenantry/Tenantry.swift is generated
// by uniffi (tools/test-uniffi.sh checks it is current); TenantryFFI.xcframework
// is built on a Mac by build-xcframework.sh. See README.md.
import PackageDescription

let package = Package(
    name: "Tenantry",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "Tenantry", targets: ["Tenantry"]),
    ],
    targets: [
        .binaryTarget(name: "TenantryFFI", path: "TenantryFFI.xcframework"),
        .target(name: "Tenantry", dependencies: ["TenantryFFI"], path: "Sources/Tenantry"),
        .testTarget(name: "TenantryTests", dependencies: ["Tenantry"], path: "Tests/TenantryTests"),
    ]
)

// swift-tools-version:6.0
import PackageDescription

// The second peer TokenGate is measured against: API.md's auth and books routes on Vapor 4 + Fluent (SQLite) +
// vapor/jwt 5, the way Vapor's documentation teaches them. (In app/: a package folder named `vapor` would take the
// package identity of Vapor itself.)
let package = Package(
    name: "VaporPeer",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/jwt.git", from: "5.2.0"),
    ],
    targets: [
        .executableTarget(
            name: "VaporPeer",
            dependencies: [
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "JWT", package: "jwt"),
            ]
        )
    ]
)

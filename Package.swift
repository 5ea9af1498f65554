// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Hashing, logging and NIO: what the domain and its storage both use.
let serverBasics: [Target.Dependency] = [
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

/// Off by default: a plain `swift build` needs no system library; `swift build --traits MySQL` needs libmariadb-dev.
let traits: Set<Trait> = [
    .trait(name: "MySQL", description: "MySQL and MariaDB storage through MariaDB Connector/C (Debian: libmariadb-dev)")
]

/// MariaDB Connector/C, MySQL's and MariaDB's client library, found through pkg-config.
let connectorC: Target = .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])])

/// The SQL store's drivers: SQLite and PostgreSQL always, MariaDB Connector/C with the `MySQL` trait only.
let storageDependencies: [Target.Dependency] = [
    "TokenGate",
    .product(name: "SQLKit", package: "sql-kit"),
    .product(name: "SQLiteKit", package: "sqlite-kit"),
    .product(name: "PostgresKit", package: "postgres-kit"),
    .product(name: "PostgresNIO", package: "postgres-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
    .target(name: "CMariaDB", condition: .when(traits: ["MySQL"])),
]

/// What every test target builds on: the domain, its storage and the shared test support.
let testBase: [Target.Dependency] = [
    "TokenGate",
    "TokenGateSQL",
    "TokenGateTestSupport",
    .product(name: "SQLKit", package: "sql-kit"),
]

let package = Package(
    name: "TokenGate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TokenGate", targets: ["TokenGate"]),
        .library(name: "TokenGateSQL", targets: ["TokenGateSQL"]),
        .library(name: "TokenGateServer", targets: ["TokenGateServer"]),
        .library(name: "TokenGateClient", targets: ["TokenGateClient"]),
        .library(name: "TokenGateAuth", targets: ["TokenGateAuth"]),
        .executable(name: "tokengate", targets: ["tokengate"]),
        .executable(name: "notes-service", targets: ["NotesService"]),
    ],
    traits: traits,
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "TokenGate",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
            ] + serverBasics,
            exclude: ["Accounts/CommonPasswords/README.md", "Accounts/CommonPasswords/LICENSE-zxcvbn.txt"],
            resources: [
                .embedInCode("Accounts/CommonPasswords/common-passwords.txt"),
                .embedInCode("Mail/Templates/verify-email.txt"),
                .embedInCode("Mail/Templates/reset-password.txt"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenGateSQL",
            dependencies: storageDependencies + serverBasics,
            swiftSettings: swiftSettings
        ),
        connectorC,
        .target(
            name: "TokenGateServer",
            dependencies: [
                "TokenGate",
                "TokenGateSQL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .embedInCode("Console")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenGateClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenGateAuth",
            dependencies: [
                "TokenGate",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "NotesService",
            dependencies: ["TokenGateAuth", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Examples/NotesService",
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tokengate",
            dependencies: [
                "TokenGate",
                "TokenGateSQL",
                "TokenGateServer",
                "TokenGateClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenGateTestSupport",
            dependencies: [
                "TokenGate",
                "TokenGateSQL",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tokengate-floor",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio")],
            path: "bench/floor",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TokenGateTests",
            dependencies: testBase + [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TokenGateServerTests",
            dependencies: testBase + [
                "TokenGateServer", "TokenGateClient", "TokenGateAuth", "NotesService",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "tokengateTests",
            dependencies: testBase + [
                "tokengate", "TokenGateServer", "TokenGateClient", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks build only on request, as Hummingbird's do, so that `swift build` and `swift test` never resolve them:
//   TOKENGATE_BENCHMARKS=1 swift package benchmark
if Context.environment["TOKENGATE_BENCHMARKS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "TokenGateBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                "TokenGate",
                "TokenGateServer",
            ],
            path: "Benchmarks/TokenGateBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

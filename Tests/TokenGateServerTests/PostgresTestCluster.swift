import Foundation
import Logging
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

/// The throw-away PostgreSQL cluster the tests use, as `scripts/test-postgres.sh start` describes it.
enum PostgresTestCluster {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The base URL, or `nil` when PostgreSQL tests are to be skipped (never in CI).
    static var url: String? { environment["TOKENGATE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// PgBouncer in transaction-pooling mode in front of the same cluster, or `nil` when not configured.
    static var pgBouncerURL: String? { environment["TOKENGATE_TEST_PGBOUNCER_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether the PostgreSQL tests run.
    static var isConfigured: Bool { url != nil }

    /// Whether the tests through PgBouncer run.
    static var isPgBouncerConfigured: Bool { pgBouncerURL != nil }

    /// `location`'s database reached through PgBouncer instead of directly.
    static func throughPgBouncer(_ location: PostgresLocation) throws -> PostgresLocation {
        guard let pgBouncerURL, let bouncer = PostgresLocation(url: pgBouncerURL) else {
            throw ConfigurationError("TOKENGATE_TEST_PGBOUNCER_URL is not set")
        }
        return PostgresLocation(url: "postgres://\(bouncer.username)@\(bouncer.host):\(bouncer.port)/\(location.database)?sslmode=disable")!
    }

    /// Whether this run is CI's, where the PostgreSQL tests must not be skipped.
    static var isCI: Bool { environment["CI"] == "true" }

    /// Runs `body` with a new, empty database on the cluster, dropped afterwards.
    static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        guard let url, let base = PostgresLocation(url: url) else { throw ConfigurationError("TOKENGATE_TEST_POSTGRES_URL is not set") }
        let name = "tg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await TestComponent.withScratchDatabase(
            admin: .postgres(base),
            create: "CREATE DATABASE \(name)",
            drop: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"
        ) {
            try await body(PostgresLocation(url: "postgres://\(base.username)@\(base.host):\(base.port)/\(name)?sslmode=\(base.tlsMode.rawValue)")!)
        }
    }
}

/// The databases the store suite runs against: SQLite always, PostgreSQL directly and through PgBouncer (transaction
/// pooling) when the cluster is configured, MariaDB when its server is configured and the driver built in.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres
    case pgbouncer
    case mysql

    /// The backends to run: all in CI (MySQL in a build with its trait), SQLite alone locally without test servers.
    static var available: [StoreBackend] {
        let mysql: [StoreBackend] = MySQLTestServer.isConfigured ? [.mysql] : []
        if PostgresTestCluster.isCI { return [.sqlite, .postgres, .pgbouncer] + mysql }
        return [.sqlite] + (PostgresTestCluster.isConfigured ? [.postgres] : []) + (PostgresTestCluster.isPgBouncerConfigured ? [.pgbouncer] : [])
            + mysql
    }

    var testDescription: String { rawValue }

    /// Runs `body` with a migrated, empty store of this backend, closed afterwards.
    func withStore<T>(_ body: (SQLStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await TokenGateTestSupport.withStore(body)
        case .postgres:
            return try await PostgresTestCluster.withDatabase { location in
                try await TokenGateTestSupport.withStore(at: .postgres(location), body)
            }
        case .pgbouncer:
            return try await PostgresTestCluster.withDatabase { location in
                try await TokenGateTestSupport.withStore(at: .postgres(try PostgresTestCluster.throughPgBouncer(location)), body)
            }
        case .mysql:
            return try await MySQLTestServer.withDatabase { location in
                try await TokenGateTestSupport.withStore(at: .mysql(location), body)
            }
        }
    }
}

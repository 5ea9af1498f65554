import Foundation
import Logging
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

#if canImport(Glibc)
import Glibc
#endif

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

    /// Runs a shell command that stops or starts the cluster (`TOKENGATE_TEST_POSTGRES_STOP` / `_START`).
    ///
    /// It uses `posix_spawn` and `waitpid` rather than `Process`: the server that `pg_ctl start` leaves running
    /// inherits the descriptors `Process` watches, so `Process` would wait for the server to exit too.
    static func control(_ variable: String) throws {
        guard let command = environment[variable] else { throw ConfigurationError("\(variable) is not set") }
        let arguments = ["/bin/bash", "-c", command + " >/dev/null 2>&1"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { throw ConfigurationError("cannot run \(variable)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw ConfigurationError("\(variable) failed with status \(status)") }
    }

    /// Runs `body` with a new, empty database on the cluster, dropped afterwards.
    static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        guard let url, let base = PostgresLocation(url: url) else { throw ConfigurationError("TOKENGATE_TEST_POSTGRES_URL is not set") }
        let name = "tg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await DatabaseHandle.open(.postgres(base), logger: quietLogger())
        do {
            try await admin.sql.raw("CREATE DATABASE \(ident: name)").run()
            let location = PostgresLocation(url: "postgres://\(base.username)@\(base.host):\(base.port)/\(name)?sslmode=\(base.tlsMode.rawValue)")!
            let result: T
            do {
                result = try await body(location)
            } catch {
                try? await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                throw error
            }
            try await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

/// The databases the store suite runs against: SQLite always, PostgreSQL directly and through PgBouncer (transaction
/// pooling) when the cluster is configured.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres
    case pgbouncer

    /// The backends to run: all in CI, SQLite alone when `TOKENGATE_TEST_POSTGRES_URL` is unset locally.
    static var available: [StoreBackend] {
        if PostgresTestCluster.isCI { return allCases }
        return [.sqlite] + (PostgresTestCluster.isConfigured ? [.postgres] : []) + (PostgresTestCluster.isPgBouncerConfigured ? [.pgbouncer] : [])
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
        }
    }
}

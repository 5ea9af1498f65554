import Foundation
import SQLKit
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

/// The throw-away MariaDB server the tests use, as `scripts/test-mysql.sh start` describes it.
enum MySQLTestServer {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The base URL, or `nil` when the MySQL tests are to be skipped (never in CI).
    static var url: String? { environment["TOKENGATE_TEST_MYSQL_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether this build has the MySQL driver (the `MySQL` trait).
    static var isCompiledIn: Bool {
        #if MySQL
        true
        #else
        false
        #endif
    }

    /// Whether the MySQL tests run: the server is configured and the driver is built in. In CI both must hold
    /// (StoreTests checks it), so that no MySQL test is skipped there.
    static var isConfigured: Bool { url != nil && isCompiledIn }

    /// The base location.
    static func base() throws -> MySQLLocation {
        guard let url, let location = MySQLLocation(url: url) else { throw ConfigurationError("TOKENGATE_TEST_MYSQL_URL is not set") }
        return location
    }

    /// Runs `body` with a new, empty database on the server (utf8mb4, accent-insensitive collation), dropped afterwards.
    static func withDatabase<T>(_ body: (MySQLLocation) async throws -> T) async throws -> T {
        let base = try base()
        let name = "tg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try await TestComponent.withScratchDatabase(
            admin: .mysql(base),
            create: "CREATE DATABASE \(name) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            drop: "DROP DATABASE IF EXISTS \(name)"
        ) { try await body(base.with(database: name)) }
    }
}

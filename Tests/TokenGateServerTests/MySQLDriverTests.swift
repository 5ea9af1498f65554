import Foundation
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

extension DatabaseSuites {
    /// The MySQL driver against a real MariaDB server: what a session is set to, values bound rather than spliced,
    /// the pool's bound, and the TLS modes.
    @Suite(.enabled(if: MySQLTestServer.isConfigured, "MySQL tests skipped: TOKENGATE_TEST_MYSQL_URL is not set or the MySQL trait is off"))
    struct MySQLDriverTests {
        private func withDatabase<T>(query: String = "", _ body: (any SQLDatabase) async throws -> T) async throws -> T {
            try await MySQLTestServer.withDatabase { location in
                let url = "mysql://\(location.username):\(location.password ?? "")@\(location.host):\(location.port)/\(location.database)"
                let configured = try #require(MySQLLocation(url: url + (query.isEmpty ? "" : "?" + query)))
                let handle = try await DatabaseHandle.open(.mysql(configured), logger: quietLogger())
                do {
                    let result = try await body(handle.sql)
                    try await handle.close()
                    return result
                } catch {
                    try? await handle.close()
                    throw error
                }
            }
        }

        @Test func aSessionIsUTF8mb4StrictAnsiQuotedAndUTC() async throws {
            try await withDatabase { database in
                let row = try #require(
                    try await database.raw(
                        "SELECT @@character_set_client AS client, @@character_set_results AS results, @@sql_mode AS mode, @@time_zone AS zone"
                    ).first()
                )
                #expect(try row.decode(column: "client", as: String.self) == "utf8mb4")
                #expect(try row.decode(column: "results", as: String.self) == "utf8mb4")
                let mode = try row.decode(column: "mode", as: String.self)
                #expect(mode.contains("STRICT_ALL_TABLES") && mode.contains("ANSI_QUOTES"), "sql_mode is \(mode)")
                #expect(try row.decode(column: "zone", as: String.self) == "+00:00")
            }
        }

        /// Values travel as bound parameters: a string full of SQL comes back as it went in, and so do the extremes
        /// of BIGINT, a negative number, NULL, and a text longer than the first read buffer.
        @Test func valuesAreBoundNotSpliced() async throws {
            try await withDatabase { database in
                try await database.raw("CREATE TABLE probe (id BIGINT PRIMARY KEY, note MEDIUMTEXT, amount BIGINT)").run()
                let hostile = "x'); DROP TABLE probe; -- \" \\ ` \u{0}"
                let long = String(repeating: "é", count: 100_000)
                for (id, note, amount) in [(1, hostile, Int64.max), (2, long, -42), (3, nil, Int64.min)] as [(Int, String?, Int64?)] {
                    try await database.raw("INSERT INTO probe (id, note, amount) VALUES (\(bind: id), \(bind: note), \(bind: amount))").run()
                }
                try await database.raw("INSERT INTO probe (id, note, amount) VALUES (\(bind: 4), \(bind: "n"), \(bind: Int64?.none))").run()
                let rows = try await database.raw("SELECT id, note, amount FROM probe ORDER BY id").all()
                #expect(rows.count == 4)
                #expect(try rows[0].decode(column: "note", as: String.self) == hostile)
                #expect(try rows[0].decode(column: "amount", as: Int64.self) == .max)
                #expect(try rows[1].decode(column: "note", as: String.self) == long)
                #expect(try rows[1].decode(column: "amount", as: Int64.self) == -42)
                #expect(try rows[2].decodeNil(column: "note"))
                #expect(try rows[2].decode(column: "amount", as: Int64.self) == .min)
                #expect(try rows[3].decode(column: "amount", as: Int64?.self) == nil)
            }
        }

        /// Sixteen callers at once on a pool of two all get their answer, over at most two connections.
        @Test func callersBeyondThePoolSizeWaitForAConnection() async throws {
            try await withDatabase(query: "pool-size=2") { database in
                let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            try await database.raw("SELECT CONNECTION_ID() AS id, SLEEP(0.05) AS slept").first(decodingColumn: "id", as: Int64.self)
                                ?? -1
                        }
                    }
                    return try await group.reduce(into: [Int64]()) { $0.append($1) }
                }
                #expect(ids.count == 16)
                #expect(!ids.contains(-1))
                #expect(Set(ids).count <= 2, "the pool opened \(Set(ids).count) connections")
            }
        }

        @Test(arguments: [
            ("ssl-mode=disabled", false),
            ("ssl-mode=preferred", true),
            ("ssl-mode=required", true),
        ])
        func tlsIsUsedAsTheModeSays(query: String, encrypted: Bool) async throws {
            let cipher = try await withDatabase(query: query) { try await Self.cipher(of: $0) }
            #expect(!cipher.isEmpty == encrypted, "cipher '\(cipher)' with \(query)")
        }

        /// `verify_identity` accepts the server's certificate only with the CA that signed it.
        @Test func verifyIdentityChecksTheCertificateAgainstTheGivenCA() async throws {
            let authority = try #require(ProcessInfo.processInfo.environment["TOKENGATE_TEST_MYSQL_CA"])
            let cipher = try await withDatabase(query: "ssl-mode=verify_identity&ssl-ca=\(authority)") { try await Self.cipher(of: $0) }
            #expect(!cipher.isEmpty)
            await #expect(throws: StoreError.unavailable) {
                try await withDatabase(query: "ssl-mode=verify_ca") { try await Self.cipher(of: $0) }
            }
        }

        private static func cipher(of database: any SQLDatabase) async throws -> String {
            try await database.raw(
                "SELECT VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'"
            ).first(decodingColumn: "cipher", as: String.self) ?? ""
        }
    }
}

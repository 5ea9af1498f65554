import Foundation
import HummingbirdTesting
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

#if canImport(Glibc)
import Glibc
import HTTPTypes
#endif

extension DatabaseSuites {
    /// The PostgreSQL revocation feed checks itself with heartbeats and says when it cannot deliver.
    @Suite(
        .enabled(
            if: PostgresTestCluster.isConfigured || PostgresTestCluster.isCI,
            "PostgreSQL tests skipped: TOKENGATE_TEST_POSTGRES_URL is not set"
        )
    )
    struct RevocationFeedTests {
        /// Behind PgBouncer in transaction mode `LISTEN` hears nothing: the heartbeat shows it, the log says why
        /// once (not on every retry), and `/ready` stays 200 with the feed reported degraded.
        @Test(.enabled(if: DatabaseRoute.available.contains(.pgbouncer), "PgBouncer tests skipped: TOKENGATE_TEST_PGBOUNCER_URL is not set"))
        func aListenerBehindATransactionPoolIsReportedOnce() async throws {
            let capture = LogCapture()
            try await PostgresTestCluster.withDatabase { location in
                let settings = try DatabaseRoute.pgbouncer.settings(.postgres(location))
                try await withApp(location: settings.database, settings: settings, logger: capture.logger()) { client, _ in
                    let degraded = await timeUntil(within: .seconds(5)) { await revocationFeed(of: client) == "degraded" }
                    #expect(degraded != nil)
                    // Let the feed reconnect and fail a few more times.
                    let retried = await timeUntil(within: .seconds(10)) {
                        capture.all.filter { $0.contains("listening for revocation feed heartbeats") }.count >= 3
                    }
                    #expect(retried != nil, "the feed did not retry")
                    let warnings = capture.all.filter { $0.hasPrefix("warning") && $0.contains("heartbeat") }
                    #expect(warnings.count == 1, "\(warnings)")
                    #expect(warnings.first?.contains("pool_mode = transaction") == true)
                    #expect(warnings.first?.contains("TOKENGATE_DATABASE_LISTEN_URL") == true)
                    let ready = try await client.execute(uri: "/ready", method: .get)
                    #expect(ready.status == .ok)
                }
            }
        }

        /// A listening connection that stops answering without being closed (as behind a NAT that dropped it) is
        /// noticed by the heartbeat and replaced; what was revoked meanwhile is loaded on reconnect, and later
        /// revocations arrive within a second again.
        @Test func aListenerWhoseConnectionStopsAnsweringIsNoticedAndReplaced() async throws {
            try await PostgresTestCluster.withDatabase { location in
                let settings = try DatabaseRoute.direct.settings(.postgres(location))  // the poll runs once a minute
                try await withApp(location: settings.database, settings: settings) { client, services in
                    let healthy = await timeUntil(within: .seconds(5)) { await revocationFeed(of: client) == "healthy" }
                    #expect(healthy != nil)
                    let ada = try await client.register()
                    let bob = try await client.register(email: "bob@example.com")
                    let admin = try await DatabaseHandle.open(.postgres(location), logger: quietLogger())
                    let listener = try #require(try await listeningBackend(admin.sql))

                    // Freeze the backend: its socket stays open, nothing is read or answered.
                    #expect(kill(listener, SIGSTOP) == 0)
                    do {
                        let degraded = await timeUntil(within: .seconds(3)) { await revocationFeed(of: client) == "degraded" }
                        #expect(degraded != nil, "the frozen listener was not noticed")
                        try await revoke(ada, in: admin.sql)
                        let recovered = await timeUntil(within: .seconds(10)) { await revocationFeed(of: client) == "healthy" }
                        #expect(recovered != nil, "the feed did not recover")
                        #expect(services.revocations.contains(try sessionID(of: ada.accessToken)), "the revocation made meanwhile was not loaded")
                        let replacement = try await listeningBackend(admin.sql)
                        #expect(replacement != nil && replacement != listener)

                        try await revoke(bob, in: admin.sql)
                        let sid = try sessionID(of: bob.accessToken)
                        let heard = await timeUntil(within: .seconds(1)) { services.revocations.contains(sid) }
                        #expect(heard != nil, "the new listener did not deliver")
                    } catch {
                        kill(listener, SIGCONT)
                        try? await admin.close()
                        throw error
                    }
                    kill(listener, SIGCONT)
                    try await admin.sql.raw("SELECT pg_terminate_backend(\(bind: Int32(listener)))").run()
                    try await admin.close()
                }
            }
        }

        /// The process id of the server backend that runs `LISTEN` in this database.
        private func listeningBackend(_ sql: any SQLDatabase) async throws -> pid_t? {
            let rows = try await sql.raw(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'
                ORDER BY backend_start DESC
                """
            ).all()
            return try rows.first.map { pid_t(try $0.decode(column: "pid", as: Int.self)) }
        }

        /// Revokes the session of `body` with plain SQL, as another process would.
        private func revoke(_ body: SessionBody, in sql: any SQLDatabase) async throws {
            try await sql.raw(
                "UPDATE sessions SET revoked_at = \(bind: Int64(Date().timeIntervalSince1970)) WHERE id = \(bind: try sessionID(of: body.accessToken).uuidString)"
            ).run()
        }
    }
}

/// `/ready` says how revocations arrive where the database has no push.
@Test func anSQLiteInstanceReportsThatItPollsForRevocations() async throws {
    try await withApp { client, _ in
        let response = try await client.execute(uri: "/ready", method: .get)
        #expect(response.status == .ok)
        let body = try response.decode(ReadyBody.self)
        #expect(body.status == "ready")
        #expect(body.revocationFeed == "polling")
    }
}

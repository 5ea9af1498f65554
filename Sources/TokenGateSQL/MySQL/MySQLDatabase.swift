#if MySQL
import Logging
import NIOCore
import NIOPosix
import SQLKit
import TokenGate

/// A pool of MySQL or MariaDB connections presented as an SQLKit database.
///
/// Every operation has a time limit, and a lost or unreachable server is reported as ``StoreError/unavailable``,
/// so that an outage answers 503 quickly; the pool opens new connections once the server is back.
struct MySQLDatabase: MySQLRowCountingDatabase {
    let pool: MySQLConnectionPool
    let threads: NIOThreadPool
    let logger: Logger
    let timeout: Duration

    func rows(_ query: any SQLExpression) async throws -> [MySQLRow] {
        try await limited { try await $0.rows(query) }
    }

    func matchedRows(_ statement: any SQLExpression) async throws -> Int {
        try await limited { try await $0.matchedRows(statement) }
    }

    /// Runs `body` on one connection; a deadlock or lock-wait timeout runs it again, up to three times in all.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any RowCountingDatabase) async throws -> R) async throws -> R {
        try await limited { session in
            var attempt = 1
            while true {
                do {
                    return try await session.transaction(body)
                } catch let error as MySQLError where error.meansRetry && attempt < 3 {
                    attempt += 1
                }
            }
        }
    }

    /// Runs `closure` on one leased connection, with no time limit (migrations hold a lock through it).
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await leased { session in try await closure(session) }
    }

    /// `work` on a leased connection, within the time limit.
    private func limited<R: Sendable>(_ work: @escaping @Sendable (MySQLSession) async throws -> R) async throws -> R {
        do {
            return try await Deadline.run(within: timeout) { try await self.leased(work) }
        } catch is Deadline.Exceeded {
            throw StoreError.unavailable
        }
    }

    /// `work` on a connection leased for it, given back afterwards: kept unless the server was lost.
    private func leased<R>(_ work: (MySQLSession) async throws -> R) async throws -> R {
        let connection: MySQLConnection
        do {
            connection = try await pool.lease()
        } catch is MySQLError {
            // No connection to be had (server down, credentials refused, no TLS where required): the pool logged why.
            throw StoreError.unavailable
        }
        do {
            let result = try await work(MySQLSession(connection: connection, threads: threads, logger: logger))
            await pool.release(connection, reusable: true)
            return result
        } catch let error as MySQLError where error.meansUnavailable {
            await pool.release(connection, reusable: false)
            logger.error("lost the MySQL connection", metadata: ["error": "\(error)"])
            throw StoreError.unavailable
        } catch {
            // A statement that was cancelled mid-way may have left the connection in any state: it is not reused.
            await pool.release(connection, reusable: !(error is CancellationError))
            throw error
        }
    }

    /// Closes the pool and its threads.
    func close() async throws {
        await pool.close()
        try await threads.shutdownGracefully()
    }
}
#endif

import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit
import TokenGate

/// Presents a pooled `PostgresClient` as an SQLKit database.
///
/// Every operation has a time limit, and a lost or unreachable server is reported as ``StoreError/unavailable``,
/// so that a database outage answers 503 quickly instead of hanging or failing with a 500.
struct PostgresClientDatabase: SQLDatabase {
    let client: PostgresClient
    let logger: Logger
    let timeout: Duration

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { PostgresDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await withSession { try await $0.execute(sql: query, onRow) }
    }

    /// Runs `closure` on one leased connection, so that statements like `BEGIN` … `COMMIT` share it.
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let (client, logger) = (self.client, self.logger)
        do {
            let result = try await Deadline.run(within: timeout) {
                Box(
                    try await client.withConnection { connection in
                        Box(try await closure(PostgresDirectDatabase(connection: connection, logger: logger)))
                    }
                )
            }
            return result.value.value
        } catch is Deadline.Exceeded {
            throw StoreError.unavailable
        } catch let error as PSQLError where Self.meansUnavailable(error) {
            throw StoreError.unavailable
        }
    }

    /// Whether `error` says the server could not be reached or the connection was lost, rather than that a query failed.
    ///
    /// A pooling proxy such as PgBouncer keeps the client's connection while the server is gone and answers with a
    /// server error instead: SQLSTATE class 08 (connection exception, e.g. "pgbouncer cannot connect to server")
    /// or 57P01–57P03 (the server is shutting down, crashed, or cannot take connections yet).
    static func meansUnavailable(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed, .sslUnsupported,
            .failedToAddSSLHandler:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default:
            return false
        }
    }
}

/// Carries a value that is not `Sendable` out of a task whose result must be; the value is used only after the task ends.
private struct Box<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

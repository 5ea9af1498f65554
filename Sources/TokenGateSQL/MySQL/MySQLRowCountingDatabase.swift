#if MySQL
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// What the pooled MySQL database and one leased session share: SQLKit's plumbing over a way to read rows.
protocol MySQLRowCountingDatabase: RowCountingDatabase {
    /// The rows `query` returns.
    func rows(_ query: any SQLExpression) async throws -> [MySQLRow]
}

extension MySQLRowCountingDatabase {
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { MySQLDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        for row in try await rows(query) { onRow(row) }
    }

    func isDuplicateKey(_ error: any Error) -> Bool { (error as? MySQLError)?.meansDuplicateKey == true }
}
#endif

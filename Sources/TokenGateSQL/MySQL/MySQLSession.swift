#if MySQL
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// One leased MySQL connection as an SQLKit database: what a transaction or a migration runs its statements on.
struct MySQLSession: MySQLRowCountingDatabase {
    let connection: MySQLConnection
    let threads: NIOThreadPool
    let logger: Logger
    /// Whether a transaction is open on the connection (a nested ``transaction(_:)`` joins it).
    var inTransaction = false

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// The rows `query` returns.
    func rows(_ query: any SQLExpression) async throws -> [MySQLRow] {
        let result = try await run(query)
        return result.rows.map { MySQLRow(columns: result.columns, values: $0) }
    }

    func matchedRows(_ statement: any SQLExpression) async throws -> Int {
        try await run(statement).matchedRows
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any RowCountingDatabase) async throws -> R) async throws -> R {
        if inTransaction { return try await body(self) }
        let connection = self.connection
        try await threads.runIfActive { try connection.setAutocommit(false) }
        var joined = self
        joined.inTransaction = true
        do {
            let result = try await body(joined)
            try await threads.runIfActive {
                try connection.commit()
                try connection.setAutocommit(true)
            }
            return result
        } catch {
            try? await threads.runIfActive {
                connection.rollback()
                try connection.setAutocommit(true)
            }
            throw error
        }
    }

    /// Serialises `query` with `?` placeholders and runs it prepared, its binds as parameters.
    private func run(_ query: any SQLExpression) async throws -> MySQLResult {
        let (sql, binds) = serialize(query)
        let values = try binds.map(MySQLValue.init(binding:))
        let connection = self.connection
        return try await threads.runIfActive { try connection.run(sql, values) }
    }
}
#endif

import Logging
import NIOCore
import SQLKit
import SQLiteNIO
import TokenGate

/// Presents a SQLite database whose storage faults (a full disk, a read-only or missing file, a lock held too
/// long, an I/O error) are logged with SQLite's own code and message and the file's path, and reported as
/// ``StoreError/unavailable`` so that the request answers 503 `database_unavailable` instead of a 500.
///
/// Failures of a query itself (a constraint, a syntax error) pass through unchanged.
struct SQLiteFaultReporting: SQLDatabase {
    let base: any SQLDatabase
    /// The database file, or `:memory:`.
    let path: String

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow).flatMapErrorThrowing { error in throw reported(error) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        do {
            try await base.execute(sql: query, onRow)
        } catch {
            throw reported(error)
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let path = self.path
        return try await base.withSession { session in try await closure(SQLiteFaultReporting(base: session, path: path)) }
    }

    /// `error` as callers should see it; a storage fault is logged here, where the file is known.
    private func reported(_ error: any Error) -> any Error {
        guard let error = error as? SQLiteError, let code = Self.faultCode(error.reason) else { return error }
        logger.error(
            "the database refused the operation",
            metadata: ["db.code": .string(code), "db.message": .string(error.message), "db.path": .string(path)]
        )
        return StoreError.unavailable
    }

    /// SQLite's name for the primary result code of `reason` when it is a storage fault, else `nil`.
    static func faultCode(_ reason: SQLiteError.Reason) -> String? {
        let name = String(describing: reason).lowercased()
        let faults: [(prefix: String, code: String)] = [
            ("full", "SQLITE_FULL"), ("readonly", "SQLITE_READONLY"), ("busy", "SQLITE_BUSY"), ("locked", "SQLITE_LOCKED"),
            ("ioerror", "SQLITE_IOERR"), ("cantopen", "SQLITE_CANTOPEN"), ("corrupt", "SQLITE_CORRUPT"),
            ("notadatabase", "SQLITE_NOTADB"), ("nomemory", "SQLITE_NOMEM"), ("permission", "SQLITE_PERM"),
        ]
        return faults.first { name.hasPrefix($0.prefix) }?.code
    }
}

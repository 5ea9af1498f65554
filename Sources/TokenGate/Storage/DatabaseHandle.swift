import Foundation
import Logging
import SQLKit
import SQLiteKit

/// An open database: the SQLKit view of it, and the means to close it.
public struct DatabaseHandle: Sendable {
    /// The database to run queries on.
    public let sql: any SQLDatabase
    private let closeDatabase: @Sendable () async throws -> Void

    /// Wraps an open database and the action that closes it.
    public init(sql: any SQLDatabase, close: @escaping @Sendable () async throws -> Void) {
        self.sql = sql
        self.closeDatabase = close
    }

    /// Closes the database; call it once, when nothing uses it any more.
    public func close() async throws { try await closeDatabase() }

    /// Opens the database at `location`, creating the file and its folder when needed.
    ///
    /// SQLite runs with write-ahead logging, foreign keys on and a busy timeout.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> DatabaseHandle {
        let storage: SQLiteConnection.Storage
        switch location {
        case .sqliteMemory:
            storage = .memory
        case .sqliteFile(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            storage = .file(path: path)
        }
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let database = connection.sql(queryLogLevel: nil)
        do {
            if case .sqliteFile = location {
                _ = try await database.raw("PRAGMA journal_mode = WAL").all()
            }
            try await database.raw("PRAGMA foreign_keys = ON").run()
            try await database.raw("PRAGMA busy_timeout = 5000").run()
        } catch {
            try? await connection.close()
            throw error
        }
        return DatabaseHandle(sql: database) { try await connection.close() }
    }
}

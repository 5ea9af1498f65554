import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// A SQLite connection as an SQLKit database, like SQLiteKit's, whose rows read text, integer and boolean columns
/// without SQLiteKit's generic decoding.
///
/// SQLiteKit decodes every column through a dynamic cast to its conversion protocol: on a page of twenty books that
/// was about a tenth of the request's CPU (perf, issue #15). Other types take SQLiteKit's decoder, so every value
/// reads as it did.
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteConnection
    private let kit: any SQLDatabase
    private let encoder = SQLiteDataEncoder()
    private let decoder = SQLiteDataDecoder()

    /// The database of `connection`.
    init(connection: SQLiteConnection) {
        self.connection = connection
        self.kit = connection.sql(queryLogLevel: nil)
    }

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { kit.version }
    var dialect: any SQLDialect { kit.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try encoder.encode($0) }
        let decoder = self.decoder
        try await connection.query(sql, values) { onRow(SQLiteDirectRow(row: $0, decoder: decoder)) }
    }

    /// Runs `closure` on this database: there is one connection.
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// A row whose `String`, `Int64`, `Int` and `Bool` columns convert as SQLiteKit converts them, without its casts.
struct SQLiteDirectRow: SQLRow {
    let row: SQLiteRow
    let decoder: SQLiteDataDecoder

    var allColumns: [String] { row.columns.map(\.name) }

    func contains(column: String) -> Bool { row.column(column) != nil }

    func decodeNil(column: String) throws -> Bool { (row.column(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let data = row.column(column) else { throw MissingColumn(column: column) }
        let converted: Any?
        if D.self == String.self {
            converted = String(sqliteData: data)
        } else if D.self == Int64.self {
            converted = Int64(sqliteData: data)
        } else if D.self == Int.self {
            converted = Int(sqliteData: data)
        } else if D.self == Bool.self {
            converted = Bool(sqliteData: data)
        } else {
            return try decoder.decode(D.self, from: data)
        }
        // A value of the wrong kind (text in an integer column): SQLiteKit's decoder throws its type mismatch.
        guard let converted else { return try decoder.decode(D.self, from: data) }
        return converted as! D
    }
}

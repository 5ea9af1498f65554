import Logging
import NIOCore
import PostgresKit
import PostgresNIO
import SQLKit

/// One PostgreSQL connection as an SQLKit database, like PostgresKit's, whose rows read text, integer and boolean
/// columns with PostgresNIO's own decoding rather than PostgresKit's generic translation.
///
/// PostgresKit decodes every column through dynamic casts and a coding path: on a page of twenty books that was a
/// sixth of TokenGate's CPU (perf, issue #15). A statement with a value PostgresNIO cannot bind by itself runs
/// through PostgresKit unchanged, and other column types are read by PostgresKit's row, so every value reads and
/// binds as it did.
struct PostgresDirectDatabase: SQLDatabase {
    let connection: PostgresConnection
    let logger: Logger

    var eventLoop: any EventLoop { connection.eventLoop }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    /// PostgresKit's database on the same connection, for what this one leaves to it.
    private var kit: any SQLDatabase { connection.sql(queryLogLevel: nil, logger: logger) }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let (sql, binds) = serialize(query)
        guard let bindings = try Self.bindings(binds) else { return try await kit.execute(sql: query, onRow) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await row in rows { onRow(PostgresDirectRow(row: row)) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    /// `binds` as PostgresKit binds them when each binds itself (`PostgresEncodable`, a present optional unwrapped);
    /// `nil` when one does not (a `nil` optional, a Codable type), for PostgresKit to bind.
    private static func bindings(_ binds: [any Encodable & Sendable]) throws -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            guard let value = bind as? any PostgresThrowingDynamicTypeEncodable else { return nil }
            try bindings.append(value, context: .default)
        }
        return bindings
    }
}

/// A row whose `String`, `Int64`, `Int` and `Bool` columns decode with PostgresNIO's decoders; other types go through
/// PostgresKit's row.
struct PostgresDirectRow: SQLRow {
    let row: PostgresRow
    private let columns: PostgresRandomAccessRow

    /// The row, its columns found by name.
    init(row: PostgresRow) {
        self.row = row
        self.columns = row.makeRandomAccess()
    }

    var allColumns: [String] { row.map(\.columnName) }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool { !columns.contains(column) || columns[column].bytes == nil }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard columns.contains(column) else { throw MissingColumn(column: column) }
        let cell = columns[column]
        // (PostgresKit reads a string from a user-defined type, a Fluent enum, as text: left to it.)
        if D.self == String.self, !cell.dataType.isUserDefined {
            return try cell.decode(String.self) as! D
        } else if D.self == Int64.self {
            return try cell.decode(Int64.self) as! D
        } else if D.self == Int.self {
            return try cell.decode(Int.self) as! D
        } else if D.self == Bool.self {
            return try cell.decode(Bool.self) as! D
        }
        return try row.sql().decode(column: column, as: D.self)
    }
}

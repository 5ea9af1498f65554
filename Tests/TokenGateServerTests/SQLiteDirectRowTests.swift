import Foundation
import SQLKit
import SQLiteKit
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateSQL

/// TokenGate reads SQLite rows without SQLiteKit's generic decoding for the common types; every column must read as
/// SQLiteKit reads it, including the values it refuses.
struct SQLiteDirectRowTests {
    /// A value, or the kind of error reading it threw.
    private enum Outcome: Equatable {
        case value(String)
        case failure(String)
    }

    private func outcome(_ read: () throws -> some Any) -> Outcome {
        do {
            return .value(String(describing: try read()))
        } catch {
            return .failure(String(describing: type(of: error)))
        }
    }

    @Test func everyColumnReadsAsSQLiteKitReadsIt() async throws {
        try await withStore { store in
            let rows = try await store.database.raw(
                """
                SELECT 'text' AS text, '42' AS numeric_text, 42 AS integer, 1 AS one, 0 AS zero, 7 AS seven, 1.5 AS real,
                       NULL AS missing, x'00ff' AS blob, 9223372036854775807 AS largest
                """
            ).all()
            let row = try #require(rows.first)
            #expect(row is SQLiteDirectRow)
            let kit = SQLiteDataDecoder()
            let direct = try #require(row as? SQLiteDirectRow)
            let columns = ["text", "numeric_text", "integer", "one", "zero", "seven", "real", "missing", "blob", "largest"]
            for column in columns {
                let data = try #require(direct.row.column(column))
                func same<T: Decodable>(_ type: T.Type) {
                    let ours = outcome { try row.decode(column: column, as: T.self) }
                    let theirs = outcome { try kit.decode(T.self, from: data) }
                    #expect(ours == theirs, "\(column) as \(T.self)")
                }
                same(String.self)
                same(Int64.self)
                same(Int.self)
                same(Bool.self)
                same(Double.self)
                same(String?.self)
                same(Int64?.self)
                #expect(try row.decodeNil(column: column) == (data == .null))
            }
            #expect(try row.decode(column: "text", as: String.self) == "text")
            #expect(try row.decode(column: "largest", as: Int64.self) == .max)
            #expect(try row.decode(column: "one", as: Bool.self))
            #expect(throws: DecodingError.self) { try row.decode(column: "text", as: Int64.self) }
            #expect(throws: DecodingError.self) { try row.decode(column: "seven", as: Bool.self) }
            #expect(throws: (any Error).self) { try row.decode(column: "absent", as: String.self) }
            #expect(row.contains(column: "blob") && !row.contains(column: "absent"))
            #expect(row.allColumns == columns)
        }
    }
}

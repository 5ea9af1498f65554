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
    @Test func everyColumnReadsAsSQLiteKitReadsIt() async throws {
        try await withStore { store in
            let rows = try await store.database.raw(
                """
                SELECT 'text' AS text, '42' AS numeric_text, 42 AS integer, 1 AS one, 0 AS zero, 7 AS seven, 1.5 AS real,
                       NULL AS missing, x'00ff' AS blob, 9223372036854775807 AS largest
                """
            ).all()
            let row = try #require(rows.first)
            let direct = try #require(row as? SQLiteDirectRow)
            let columns = ["text", "numeric_text", "integer", "one", "zero", "seven", "real", "missing", "blob", "largest"]
            for column in columns {
                #expect(typesReadDifferently(column: column, ours: row, theirs: direct.row.sql()) == [], "\(column)")
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

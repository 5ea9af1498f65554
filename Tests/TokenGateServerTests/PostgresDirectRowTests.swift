import Foundation
import PostgresKit
import SQLKit
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateSQL

/// TokenGate reads PostgreSQL rows with PostgresNIO's decoders for the common types; every column must read as
/// PostgresKit reads it, and a value it refuses must be refused. Runs where the test cluster is configured (always
/// in CI).
struct PostgresDirectRowTests {
    static let backends = StoreBackend.available.filter { $0 == .postgres || $0 == .pgbouncer }

    @Test(arguments: backends)
    func everyColumnReadsAsPostgresKitReadsIt(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let absent: String? = nil
            let rows = try await store.database.raw(
                """
                SELECT 'text'::text AS text, 'v'::varchar AS varchar, '42'::text AS numeric_text, 42::int8 AS big,
                       7::int4 AS small, true AS yes, 1.5::float8 AS real, 2.5::numeric AS decimal, NULL::text AS missing,
                       '\\x00ff'::bytea AS blob, '6F1D0C2A-0B4B-4D47-9C51-6C6F0E1A3B2D'::uuid AS id,
                       \(bind: "bound") AS bound_text, \(bind: Int64(-5)) AS bound_integer
                """
            ).all()
            let row = try #require(rows.first)
            let direct = try #require(row as? PostgresDirectRow)
            for column in row.allColumns {
                #expect(typesReadDifferently(column: column, ours: row, theirs: direct.row.sql()) == [], "\(column)")
            }
            #expect(try row.decode(column: "text", as: String.self) == "text")
            #expect(try row.decode(column: "big", as: Int64.self) == 42)
            #expect(try row.decode(column: "yes", as: Bool.self))
            #expect(try row.decode(column: "bound_text", as: String.self) == "bound")
            #expect(try row.decode(column: "bound_integer", as: Int64.self) == -5)
            #expect(throws: (any Error).self) { try row.decode(column: "text", as: Int64.self) }
            #expect(throws: (any Error).self) { try row.decode(column: "absent", as: String.self) }
            #expect(row.contains(column: "blob") && !row.contains(column: "absent"))

            // A `nil` bind is left to PostgresKit, which binds it as NULL.
            let bound = try #require(
                try await store.database.raw("SELECT \(bind: absent) AS bound_null, \(bind: "x") AS bound_text").all().first
            )
            #expect(try bound.decodeNil(column: "bound_null"))
            #expect(try bound.decode(column: "bound_text", as: String.self) == "x")
        }
    }
}

import Foundation
import SQLKit
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateSQL

/// A page after a cursor must seek on the list index, not walk it from its start: with bound parameters, SQLite uses
/// an index range only for a condition whose first term bounds `created_at` (a million-book list showed the
/// difference as 28 against 5,000 requests a second).
struct KeysetPlanTests {
    @Test func aPageAfterACursorSeeksOnTheListIndex() async throws {
        try await withStore { store in
            let after = ListPosition(createdAt: Date(timeIntervalSince1970: 1_800_000_000), id: UUID())
            let plan = try await store.database.raw(
                """
                EXPLAIN QUERY PLAN SELECT id FROM books WHERE \(SQLStore.keyset(after: after, createdAtIn: .milliseconds))
                ORDER BY created_at, id LIMIT 20
                """
            ).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
            #expect(plan.contains("SEARCH books") && plan.contains("INDEX books_list_order (created_at>?)"), "plan: \(plan)")
        }
    }
}

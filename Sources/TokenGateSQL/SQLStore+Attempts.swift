public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: AttemptStore {
    /// One `INSERT … ON CONFLICT DO UPDATE … RETURNING` (on MySQL `ON DUPLICATE KEY UPDATE` and a read in the same
    /// transaction): starts the window, or counts in it, or starts it anew.
    public func countAttempt(key: String, now: Date, expired: Date) async throws -> AttemptWindow {
        let (nowMS, expiredMS) = (Self.milliseconds(now), Self.milliseconds(expired))
        let insert: SQLQueryString = "INSERT INTO attempt_counters (\"key\", window_start, count) VALUES (\(bind: key), \(bind: nowMS), 1)"
        // count is assigned before window_start: MySQL's later assignments see the earlier ones.
        let counted: SQLQueryString = """
            count = CASE WHEN attempt_counters.window_start <= \(bind: expiredMS) THEN 1 ELSE attempt_counters.count + 1 END,
            window_start = CASE WHEN attempt_counters.window_start <= \(bind: expiredMS) THEN \(bind: nowMS)
                           ELSE attempt_counters.window_start END
            """
        let row: (any SQLRow)?
        if let rowCounting {
            row = try await rowCounting.transaction { database in
                try await database.raw(insert + " ON DUPLICATE KEY UPDATE " + counted).run()
                return try await database.raw("SELECT count, window_start FROM attempt_counters WHERE \"key\" = \(bind: key)").first()
            }
        } else {
            row = try await database.raw(insert + " ON CONFLICT (\"key\") DO UPDATE SET " + counted + " RETURNING count, window_start").first()
        }
        guard let row else { return AttemptWindow(count: 1, start: now) }
        return try Self.window(row)
    }

    /// The window of `key`.
    public func attempts(key: String) async throws -> AttemptWindow? {
        try await database.raw("SELECT count, window_start FROM attempt_counters WHERE \"key\" = \(bind: key)").first().map(Self.window)
    }

    /// Deletes the counter of `key`.
    public func clearAttempts(key: String) async throws {
        try await database.raw("DELETE FROM attempt_counters WHERE \"key\" = \(bind: key)").run()
    }

    /// Deletes counters whose window is over.
    public func purgeAttempts(expired: Date) async throws {
        try await database.raw("DELETE FROM attempt_counters WHERE window_start <= \(bind: Self.milliseconds(expired))").run()
    }

    private static func window(_ row: any SQLRow) throws -> AttemptWindow {
        AttemptWindow(
            count: Int(try row.decode(column: "count", as: Int64.self)),
            start: date(milliseconds: try row.decode(column: "window_start", as: Int64.self))
        )
    }
}

import SQLKit

/// The store's writes that read something back, in one form for every database: `RETURNING` and `ON CONFLICT` on
/// SQLite and PostgreSQL; matched-row counts, a duplicate-key error and short transactions on a
/// ``RowCountingDatabase`` (MySQL, MariaDB), which has neither.
extension SQLStore {
    /// The database, where it has no `RETURNING`.
    var rowCounting: (any RowCountingDatabase)? { database as? any RowCountingDatabase }

    /// Runs an `UPDATE` or `DELETE` and returns how many rows its condition matched.
    func matchedRows(_ statement: SQLQueryString) async throws -> Int {
        if let rowCounting { return try await rowCounting.matchedRows(statement) }
        return try await database.raw(statement + " RETURNING 1 AS matched").all().count
    }

    /// Runs `insert` unless a row with the same `conflictTarget` (a unique key's columns) exists; `false` when one does.
    func insertUnlessTaken(_ insert: SQLQueryString, conflictTarget: String) async throws -> Bool {
        guard let rowCounting else {
            let inserted = try await database.raw(insert + " ON CONFLICT (\(unsafeRaw: conflictTarget)) DO NOTHING RETURNING 1 AS inserted").all()
            return !inserted.isEmpty
        }
        do {
            try await rowCounting.raw(insert).run()
            return true
        } catch  where rowCounting.isDuplicateKey(error) {
            return false
        }
    }

    /// `UPDATE table SET assignments WHERE condition`, then `columns` of the changed row as it is after the change
    /// (read by `key` on a ``RowCountingDatabase``, in the same transaction); `nil` when the condition matched nothing.
    func update(
        _ table: String,
        set assignments: SQLQueryString,
        where condition: SQLQueryString,
        key: SQLQueryString,
        returning columns: String
    ) async throws -> (any SQLRow)? {
        let statement: SQLQueryString = "UPDATE \(unsafeRaw: table) SET " + assignments + " WHERE " + condition
        guard let rowCounting else {
            return try await database.raw(statement + " RETURNING \(unsafeRaw: columns)").first()
        }
        return try await rowCounting.transaction { database in
            guard try await database.matchedRows(statement) > 0 else { return nil }
            return try await database.raw("SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE " + key).first()
        }
    }

    /// `DELETE FROM table WHERE condition`, returning `columns` of the deleted rows (read and locked first, in the same
    /// transaction, on a ``RowCountingDatabase``): of two callers deleting one row, one gets it.
    func delete(from table: String, where condition: SQLQueryString, returning columns: String) async throws -> [any SQLRow] {
        let statement: SQLQueryString = "DELETE FROM \(unsafeRaw: table) WHERE " + condition
        guard let rowCounting else {
            return try await database.raw(statement + " RETURNING \(unsafeRaw: columns)").all()
        }
        return try await rowCounting.transaction { database in
            let rows = try await database.raw("SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE " + condition + " FOR UPDATE").all()
            if !rows.isEmpty { try await database.raw(statement).run() }
            return rows
        }
    }
}

public import SQLKit

/// A database without `RETURNING` (MySQL, MariaDB): it reports how many rows a statement's condition matched, runs
/// several statements as one transaction, and says which error is a taken unique key.
///
/// ``SQLStore`` writes its compare-and-swaps with these where the database is one: the matched-row count of an
/// `UPDATE … WHERE` is the swap's outcome, and a read in the same transaction stands in for `RETURNING`.
public protocol RowCountingDatabase: SQLDatabase {
    /// Runs `statement` (an `UPDATE`, `DELETE` or `INSERT`) and returns the rows its condition matched, changed or not.
    func matchedRows(_ statement: any SQLExpression) async throws -> Int

    /// Runs `body` on one connection as one transaction: committed when it returns, rolled back when it throws,
    /// run again when it lost a deadlock.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any RowCountingDatabase) async throws -> R) async throws -> R

    /// Whether `error` says that a unique key is taken.
    func isDuplicateKey(_ error: any Error) -> Bool
}

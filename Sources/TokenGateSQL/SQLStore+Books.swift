public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: BookStore {
    /// Inserts the book.
    public func createBook(_ book: Book) async throws {
        try await database.raw(
            """
            INSERT INTO books (id, title, author, created_at, updated_at)
            VALUES (\(bind: book.id.uuidString), \(bind: book.title), \(bind: book.author),
                    \(bind: Self.milliseconds(book.createdAt)), \(bind: Self.milliseconds(book.updatedAt)))
            """
        ).run()
    }

    /// The book with this id.
    public func book(id: UUID) async throws -> Book? {
        try await database.raw("SELECT \(unsafeRaw: BookRow.columns) FROM books WHERE id = \(bind: id.uuidString)")
            .first().flatMap(BookRow.book)
    }

    /// Changes title and author in one statement.
    public func updateBook(id: UUID, title: String, author: String, at now: Date) async throws -> Book? {
        let byID: SQLQueryString = "id = \(bind: id.uuidString)"
        return try await update(
            "books",
            set: "title = \(bind: title), author = \(bind: author), updated_at = \(bind: Self.milliseconds(now))",
            where: byID,
            key: byID,
            returning: BookRow.columns
        ).flatMap(BookRow.book)
    }

    /// Deletes the book.
    public func deleteBook(id: UUID) async throws -> Bool {
        try await matchedRows("DELETE FROM books WHERE id = \(bind: id.uuidString)") > 0
    }

    /// Books in creation order after `after`.
    public func books(after: ListPosition?, limit: Int) async throws -> [Book] {
        try await database.raw(
            """
            SELECT \(unsafeRaw: BookRow.columns) FROM books WHERE \(Self.keyset(after: after, createdAtIn: .milliseconds))
            ORDER BY created_at, id LIMIT \(literal: limit)
            """
        ).all().compactMap(BookRow.book)
    }
}

/// The columns of a book and how a row of them becomes a ``Book``.
private enum BookRow {
    static let columns = "id, title, author, created_at, updated_at"

    /// The book in `row`, or `nil` when its id is not a UUID; throws when a column is missing or mistyped.
    static func book(_ row: any SQLRow) throws -> Book? {
        guard let id = UUID(canonical: try row.decode(column: "id", as: String.self)) else { return nil }
        return Book(
            id: id,
            title: try row.decode(column: "title", as: String.self),
            author: try row.decode(column: "author", as: String.self),
            createdAt: SQLStore.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: SQLStore.date(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}

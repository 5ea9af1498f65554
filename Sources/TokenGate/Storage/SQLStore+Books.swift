import Foundation
import SQLKit

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
            .first(decoding: BookRow.self)?.book()
    }

    /// Changes title and author in one statement.
    public func updateBook(id: UUID, title: String, author: String, at now: Date) async throws -> Book? {
        try await database.raw(
            """
            UPDATE books SET title = \(bind: title), author = \(bind: author), updated_at = \(bind: Self.milliseconds(now))
            WHERE id = \(bind: id.uuidString) RETURNING \(unsafeRaw: BookRow.columns)
            """
        ).first(decoding: BookRow.self)?.book()
    }

    /// Deletes the book.
    public func deleteBook(id: UUID) async throws -> Bool {
        !(try await database.raw("DELETE FROM books WHERE id = \(bind: id.uuidString) RETURNING id").all().isEmpty)
    }

    /// Books in creation order after `after`.
    public func books(after: ListPosition?, limit: Int) async throws -> [Book] {
        try await database.raw(
            """
            SELECT \(unsafeRaw: BookRow.columns) FROM books WHERE \(Self.keyset(after: after))
            ORDER BY created_at, id LIMIT \(bind: limit)
            """
        ).all(decoding: BookRow.self).compactMap { $0.book() }
    }
}

private struct BookRow: Decodable {
    static let columns = "id, title, author, created_at, updated_at"
    let id: String
    let title: String
    let author: String
    let created_at: Int64
    let updated_at: Int64

    func book() -> Book? {
        guard let id = UUID(uuidString: id) else { return nil }
        return Book(
            id: id,
            title: title,
            author: author,
            createdAt: SQLStore.date(milliseconds: created_at),
            updatedAt: SQLStore.date(milliseconds: updated_at)
        )
    }
}

public import Foundation

/// Keeps the books catalogue.
public protocol BookStore: Sendable {
    /// Stores a new book.
    func createBook(_ book: Book) async throws

    /// The book with this id.
    func book(id: UUID) async throws -> Book?

    /// Changes title and author; the book after the change, or `nil` when there is none.
    func updateBook(id: UUID, title: String, author: String, at now: Date) async throws -> Book?

    /// Deletes a book; `false` when there was none.
    func deleteBook(id: UUID) async throws -> Bool

    /// Up to `limit` books after `after`, in creation order.
    func books(after: ListPosition?, limit: Int) async throws -> [Book]
}

public import Foundation

/// The shared books catalogue: anyone signed in reads, editors and admins change it.
public struct BookService: Sendable {
    private let books: any BookStore
    private let time: TimeSource

    /// Creates the service over `books`.
    public init(books: any BookStore, time: TimeSource = .system) {
        self.books = books
        self.time = time
    }

    /// Adds a book.
    /// - Throws: ``InvalidFields`` for a title or author outside 1 to 200 characters.
    public func create(title: String, author: String) async throws -> Book {
        try Self.validate(title: title, author: author)
        let now = time.preciseNow()
        let book = Book(id: UUID(), title: title, author: author, createdAt: now, updatedAt: now)
        try await books.createBook(book)
        return book
    }

    /// The book with this id.
    /// - Throws: ``ResourceError/notFound``.
    public func book(id: UUID) async throws -> Book {
        guard let book = try await books.book(id: id) else { throw ResourceError.notFound }
        return book
    }

    /// Replaces title and author.
    /// - Throws: ``InvalidFields``, ``ResourceError/notFound``.
    public func update(id: UUID, title: String, author: String) async throws -> Book {
        try Self.validate(title: title, author: author)
        guard let book = try await books.updateBook(id: id, title: title, author: author, at: time.preciseNow()) else {
            throw ResourceError.notFound
        }
        return book
    }

    /// Deletes a book.
    /// - Throws: ``ResourceError/notFound``.
    public func delete(id: UUID) async throws {
        guard try await books.deleteBook(id: id) else { throw ResourceError.notFound }
    }

    /// One page of the catalogue, in the order books were added.
    public func list(_ request: PageRequest) async throws -> Page<Book> {
        let rows = try await books.books(after: request.after, limit: request.limit + 1)
        return Page(rows: rows, limit: request.limit) { ListPosition(createdAt: $0.createdAt, id: $0.id) }
    }

    private static func validate(title: String, author: String) throws {
        var validator = FieldCheck()
        if let problem = TextLimits.problemWithShortText(title) { validator.fail("title", problem) }
        if let problem = TextLimits.problemWithShortText(author) { validator.fail("author", problem) }
        try validator.check()
    }
}

extension Page {
    /// A page from up to `limit + 1` rows: the extra row, when present, only says that a next page exists.
    init(rows: [Item], limit: Int, position: (Item) -> ListPosition) {
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last.map { position($0).cursor } : nil
        self.init(items: items, nextCursor: next)
    }
}

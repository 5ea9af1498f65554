public import Foundation

/// A book of the shared catalogue.
public struct Book: Sendable, Equatable {
    /// The public id.
    public let id: UUID
    /// The title.
    public var title: String
    /// The author.
    public var author: String
    /// When it was added.
    public let createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a book value.
    public init(id: UUID, title: String, author: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.title = title
        self.author = author
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public import Foundation

/// A text template that belongs to one user.
public struct Template: Sendable, Equatable {
    /// The public id.
    public let id: UUID
    /// The user it belongs to.
    public let ownerID: UUID
    /// The template text.
    public var text: String
    /// When it was made.
    public let createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a template value.
    public init(id: UUID, ownerID: UUID, text: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.ownerID = ownerID
        self.text = text
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public import Foundation

/// A book of the shared catalogue.
public struct Book: Codable, Sendable, Equatable, Identifiable {
    /// The public id.
    public let id: UUID
    /// The title.
    public let title: String
    /// The author.
    public let author: String
    /// When it was added.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date
}

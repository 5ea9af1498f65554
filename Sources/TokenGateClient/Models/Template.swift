public import Foundation

/// One of the caller's own templates.
public struct Template: Codable, Sendable, Equatable, Identifiable {
    /// The public id.
    public let id: UUID
    /// The template text.
    public let template: String
    /// When it was made.
    public let createdAt: Date
    /// When it last changed.
    public let updatedAt: Date
}

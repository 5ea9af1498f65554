public import Foundation

/// An account, as the server shows it.
public struct User: Codable, Sendable, Equatable, Identifiable {
    /// The public id.
    public let id: UUID
    /// The email address.
    public let email: String
    /// The display name, if one was given.
    public let name: String?
    /// The roles (`user`, `editor`, `admin`).
    public let roles: [String]
    /// When the account was made.
    public let createdAt: Date
}

public import Foundation

/// A registered user as the rest of the system sees it: never with a password hash.
public struct User: Sendable, Equatable {
    /// The public id.
    public let id: UUID
    /// The email address as the user typed it.
    public var email: String
    /// The display name, if the user gave one.
    public var name: String?
    /// What the user may do.
    public var roles: Set<Role>
    /// When the account was made.
    public let createdAt: Date
    /// Whether the user proved they read mail at ``email`` (a verification or reset link, or an operator).
    public var emailVerified: Bool

    /// Creates a user value.
    public init(id: UUID, email: String, name: String?, roles: Set<Role>, createdAt: Date, emailVerified: Bool = false) {
        self.id = id
        self.email = email
        self.name = name
        self.roles = roles
        self.createdAt = createdAt
        self.emailVerified = emailVerified
    }
}

/// A user together with the stored password hash, for checking a password.
public struct UserCredentials: Sendable {
    /// The user.
    public let user: User
    /// The stored password hash.
    public let passwordHash: String

    /// Pairs a user with their stored hash.
    public init(user: User, passwordHash: String) {
        self.user = user
        self.passwordHash = passwordHash
    }
}

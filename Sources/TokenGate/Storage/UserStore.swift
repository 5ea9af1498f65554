public import Foundation

/// The data a new account is stored with.
public struct NewUser: Sendable {
    /// The public id to give the user.
    public let id: UUID
    /// The email address as typed.
    public let email: String
    /// The display name, if any.
    public let name: String?
    /// The stored form of the password.
    public let passwordHash: String
    /// The roles to start with.
    public let roles: Set<Role>
    /// When the account is made.
    public let createdAt: Date

    /// Creates the data for a new account.
    public init(id: UUID, email: String, name: String?, passwordHash: String, roles: Set<Role>, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles
        self.createdAt = createdAt
    }
}

/// Keeps user accounts.
public protocol UserStore: Sendable {
    /// Stores a new account.
    /// - Throws: ``StoreError/emailTaken`` when the address is in use, compared case-insensitively.
    func createUser(_ user: NewUser) async throws -> User

    /// The account with this email address (compared case-insensitively) and its password hash.
    func credentials(forEmail email: String) async throws -> UserCredentials?

    /// The account with this id and its password hash.
    func credentials(forUserID id: UUID) async throws -> UserCredentials?

    /// The account with this id.
    func user(id: UUID) async throws -> User?

    /// Replaces the password hash of an account; `false` when there is no such account.
    func updatePasswordHash(userID: UUID, passwordHash: String) async throws -> Bool

    /// Replaces the roles of an account; the account after the change, or `nil` when there is none.
    func setRoles(userID: UUID, roles: Set<Role>) async throws -> User?

    /// Marks the account's email address verified (an earlier verification is kept); the account after the change,
    /// or `nil` when there is none.
    func markEmailVerified(userID: UUID, at time: Date) async throws -> User?

    /// Up to `limit` accounts after `after`, in creation order.
    func users(after: ListPosition?, limit: Int) async throws -> [User]
}

public import Foundation

/// Changes users' roles, revoking sessions where a role is taken away.
public struct RoleAssignment: Sendable {
    let accounts: AccountService
    let sessions: SessionService

    /// Role changes over `accounts`, revoking through `sessions`.
    public init(accounts: AccountService, sessions: SessionService) {
        self.accounts = accounts
        self.sessions = sessions
    }

    /// Replaces a user's roles (`user` is always kept). Taking a role away first revokes every session of the user,
    /// so that no token still claiming it is accepted; a granted role applies from the next login or refresh.
    /// - Throws: ``AccountError/userNotFound``.
    public func changeRoles(userID: UUID, to roles: Set<Role>) async throws -> User {
        try await accounts.setRoles(userID: userID, roles: roles) { removed in
            if !removed.isEmpty { try await sessions.revokeAll(userID: userID, because: .roleRemoved) }
        }
    }
}

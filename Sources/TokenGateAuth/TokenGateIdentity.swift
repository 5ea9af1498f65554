public import Foundation
import TokenGate

/// Who a verified TokenGate access token speaks for.
public struct TokenGateIdentity: Sendable, Equatable {
    /// The user's id (`sub`).
    public let subject: String
    /// The session's id (`sid`).
    public let sessionID: String
    /// The token's id (`jti`).
    public let tokenID: String
    /// The user's roles when the token was made.
    public let roles: [String]
    /// Whether the token came straight from a password login.
    public let fresh: Bool
    /// When the token expires.
    public let expiresAt: Date

    /// Whether the token holds `role`.
    public func has(role: String) -> Bool { roles.contains(role) }

    init(_ claims: AccessTokenClaims) {
        subject = claims.subject
        sessionID = claims.sessionID
        tokenID = claims.tokenID
        roles = claims.roles
        fresh = claims.fresh
        expiresAt = Date(timeIntervalSince1970: TimeInterval(claims.expiresAt))
    }
}

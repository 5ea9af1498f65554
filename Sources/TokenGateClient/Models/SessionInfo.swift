public import Foundation

/// One of the caller's live sessions (a login on some device).
public struct SessionInfo: Codable, Sendable, Equatable, Identifiable {
    /// The session's id (`sid`).
    public let id: UUID
    /// When the login happened.
    public let createdAt: Date
    /// The last login or refresh.
    public let lastUsedAt: Date
    /// When it ends unless refreshed.
    public let expiresAt: Date
    /// The login's `User-Agent`, if it sent one.
    public let userAgent: String?
    /// The login's client address.
    public let ip: String?
    /// Whether it is the session of this client's own token.
    public let current: Bool
}

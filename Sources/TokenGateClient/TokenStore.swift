public import Foundation

/// The tokens of one logged-in session, as a ``TokenStore`` keeps them.
public struct StoredTokens: Codable, Sendable, Equatable {
    /// The access token.
    public var accessToken: String
    /// The refresh token.
    public var refreshToken: String
    /// When the tokens arrived, by the client's clock.
    public var receivedAt: Date
    /// When the access token expires, by the client's clock.
    public var accessTokenExpiresAt: Date
    /// The base URL of the server that issued them, when known.
    public var server: String?

    /// Creates the stored form of a session's tokens.
    public init(accessToken: String, refreshToken: String, receivedAt: Date, accessTokenExpiresAt: Date, server: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.receivedAt = receivedAt
        self.accessTokenExpiresAt = accessTokenExpiresAt
        self.server = server
    }

    /// Whether the access token should be renewed before use: it expires within `margin`, or within half its
    /// lifetime when that is shorter (so a short-lived token is not renewed on every call).
    func needsRenewal(margin: Duration, now: Date = Date()) -> Bool {
        let lifetime = accessTokenExpiresAt.timeIntervalSince(receivedAt)
        return accessTokenExpiresAt.timeIntervalSince(now) <= min(margin.timeInterval, lifetime / 2)
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case receivedAt = "received_at"
        case accessTokenExpiresAt = "access_token_expires_at"
        case server
    }
}

/// Where a ``TokenGateClient`` keeps its session between calls (and, for a file, between runs).
public protocol TokenStore: Sendable {
    /// The stored tokens, or `nil` when no session is stored.
    func load() async throws -> StoredTokens?
    /// Replaces the stored tokens; `nil` forgets the session.
    func save(_ tokens: StoredTokens?) async throws
}

/// Keeps the session in memory only: it ends with the process.
public actor MemoryTokenStore: TokenStore {
    private var tokens: StoredTokens?

    /// Creates a store holding `tokens`.
    public init(_ tokens: StoredTokens? = nil) { self.tokens = tokens }

    /// The stored tokens.
    public func load() -> StoredTokens? { tokens }

    /// Replaces the stored tokens.
    public func save(_ tokens: StoredTokens?) { self.tokens = tokens }
}

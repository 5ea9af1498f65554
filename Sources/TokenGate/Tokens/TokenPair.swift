/// An access token and a refresh token issued together.
public struct TokenPair: Sendable, Equatable {
    /// The access token.
    public let accessToken: String
    /// The refresh token.
    public let refreshToken: String
    /// Seconds until the access token expires.
    public let expiresIn: Int64
    /// The CSRF value both tokens carry, for a browser (cookie) session.
    public let csrf: String?

    /// Pairs two tokens.
    public init(accessToken: String, refreshToken: String, expiresIn: Int64, csrf: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
        self.csrf = csrf
    }
}

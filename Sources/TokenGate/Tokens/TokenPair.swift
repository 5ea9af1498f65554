/// An access token and a refresh token issued together.
public struct TokenPair: Sendable, Equatable {
    /// The access token.
    public let accessToken: String
    /// The refresh token.
    public let refreshToken: String
    /// Seconds until the access token expires.
    public let expiresIn: Int64

    /// Pairs two tokens.
    public init(accessToken: String, refreshToken: String, expiresIn: Int64) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresIn = expiresIn
    }
}

import JWTKit

/// The claims every TokenGate token carries, access and refresh alike.
///
/// All are required and typed: NumericDates are whole numbers, everything else is a string.
public protocol SessionTokenClaims: JWTPayload {
    /// `iss`: who issued the token.
    var issuer: String { get }
    /// `aud`: who the token is for.
    var audience: String { get }
    /// `sub`: the user's public id.
    var subject: String { get }
    /// `iat`: when it was issued, in seconds since 1970.
    var issuedAt: Int64 { get }
    /// `nbf`: when it becomes valid, in seconds since 1970.
    var notBefore: Int64 { get }
    /// `exp`: when it stops being valid, in seconds since 1970.
    var expiresAt: Int64 { get }
    /// `jti`: the token's own id.
    var tokenID: String { get }
    /// `sid`: the session the token belongs to.
    var sessionID: String { get }
    /// `type`: `access` or `refresh`.
    var type: TokenType { get }
}

/// Which of the two kinds of token a token is.
public enum TokenType: String, Codable, Sendable {
    /// A short-lived token that authenticates requests.
    case access
    /// A long-lived token that is spent once to get a new pair.
    case refresh
}

/// The claims of an access token.
public struct AccessTokenClaims: SessionTokenClaims, Equatable {
    public let issuer: String
    public let audience: String
    public let subject: String
    public let issuedAt: Int64
    public let notBefore: Int64
    public let expiresAt: Int64
    public let tokenID: String
    public let sessionID: String
    public let type: TokenType
    /// The user's roles when the token was made.
    public let roles: [String]
    /// Whether the token was made straight from a password check.
    public let fresh: Bool

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case audience = "aud"
        case subject = "sub"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case expiresAt = "exp"
        case tokenID = "jti"
        case sessionID = "sid"
        case type, roles, fresh
    }

    /// Creates access token claims.
    public init(
        issuer: String,
        audience: String,
        subject: String,
        issuedAt: Int64,
        notBefore: Int64,
        expiresAt: Int64,
        tokenID: String,
        sessionID: String,
        roles: [String],
        fresh: Bool
    ) {
        self.issuer = issuer
        self.audience = audience
        self.subject = subject
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.sessionID = sessionID
        self.type = .access
        self.roles = roles
        self.fresh = fresh
    }

    /// Claim checks need the server's settings, so ``TokenVerifier`` makes them after the signature check.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of a refresh token.
public struct RefreshTokenClaims: SessionTokenClaims, Equatable {
    public let issuer: String
    public let audience: String
    public let subject: String
    public let issuedAt: Int64
    public let notBefore: Int64
    public let expiresAt: Int64
    public let tokenID: String
    public let sessionID: String
    public let type: TokenType

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case audience = "aud"
        case subject = "sub"
        case issuedAt = "iat"
        case notBefore = "nbf"
        case expiresAt = "exp"
        case tokenID = "jti"
        case sessionID = "sid"
        case type
    }

    /// Creates refresh token claims.
    public init(
        issuer: String,
        audience: String,
        subject: String,
        issuedAt: Int64,
        notBefore: Int64,
        expiresAt: Int64,
        tokenID: String,
        sessionID: String
    ) {
        self.issuer = issuer
        self.audience = audience
        self.subject = subject
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.sessionID = sessionID
        self.type = .refresh
    }

    /// Claim checks need the server's settings, so ``TokenVerifier`` makes them after the signature check.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

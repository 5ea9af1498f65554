public import JWTKit

/// What kind of token a token is.
public enum TokenType: String, Codable, Sendable {
    /// A short-lived token that authenticates requests.
    case access
    /// A long-lived token that is spent once to get a new pair.
    case refresh
}

/// The claims every TokenGate token carries, access and refresh alike.
///
/// All are required and typed: NumericDates are whole numbers, everything else is a string.
public struct RegisteredClaims: Codable, Sendable, Equatable {
    /// `iss`: who issued the token.
    public let issuer: String
    /// `aud`: who the token is for.
    public let audience: String
    /// `sub`: the user's public id.
    public let subject: String
    /// `iat`: when it was issued, in seconds since 1970.
    public let issuedAt: Int64
    /// `nbf`: when it becomes valid, in seconds since 1970.
    public let notBefore: Int64
    /// `exp`: when it stops being valid, in seconds since 1970.
    public let expiresAt: Int64
    /// `jti`: the token's own id.
    public let tokenID: String
    /// `sid`: the session the token belongs to.
    public let sessionID: String
    /// `type`: access or refresh.
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

    /// Creates the registered claims of a token valid from `issuedAt` for `lifetime` seconds.
    public init(
        issuer: String,
        audience: String,
        subject: String,
        issuedAt: Int64,
        lifetime: Int64,
        tokenID: String,
        sessionID: String,
        type: TokenType
    ) {
        self.issuer = issuer
        self.audience = audience
        self.subject = subject
        self.issuedAt = issuedAt
        self.notBefore = issuedAt
        self.expiresAt = issuedAt + lifetime
        self.tokenID = tokenID
        self.sessionID = sessionID
        self.type = type
    }
}

/// A token payload built on ``RegisteredClaims``.
public protocol SessionTokenClaims: JWTPayload {
    /// The claims every token carries.
    var registered: RegisteredClaims { get }
}

extension SessionTokenClaims {
    /// `sub`: the user's public id.
    public var subject: String { registered.subject }
    /// `sid`: the session the token belongs to.
    public var sessionID: String { registered.sessionID }
    /// `jti`: the token's own id.
    public var tokenID: String { registered.tokenID }
    /// `iat`: when it was issued, in seconds since 1970.
    public var issuedAt: Int64 { registered.issuedAt }
    /// `exp`: when it stops being valid, in seconds since 1970.
    public var expiresAt: Int64 { registered.expiresAt }

    /// Claim checks need the server's settings, so ``TokenVerifier`` makes them after the signature check.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The claims of an access token: the registered ones plus `roles`, `fresh` and, for a browser session, `csrf`.
public struct AccessTokenClaims: SessionTokenClaims, Equatable {
    /// The claims every token carries.
    public let registered: RegisteredClaims
    /// The user's roles when the token was made.
    public let roles: [String]
    /// Whether the token was made straight from a password check.
    public let fresh: Bool
    /// The CSRF value of a cookie session (Flask-JWT-Extended's claim name); `nil` for a token sent in a header.
    public let csrf: String?
    /// How the session's login was authenticated (RFC 8176): `["pwd", "otp"]` after a second factor; `nil` otherwise.
    public let amr: [String]?

    private enum CodingKeys: String, CodingKey {
        case roles, fresh, csrf, amr
    }

    /// Creates access token claims.
    public init(registered: RegisteredClaims, roles: [String], fresh: Bool, csrf: String? = nil, amr: [String]? = nil) {
        self.registered = registered
        self.roles = roles
        self.fresh = fresh
        self.csrf = csrf
        self.amr = amr
    }

    /// Decodes the flat JSON payload: registered claims and the access-only ones side by side.
    public init(from decoder: any Decoder) throws {
        registered = try RegisteredClaims(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decode([String].self, forKey: .roles)
        fresh = try container.decode(Bool.self, forKey: .fresh)
        csrf = try container.decodeIfPresent(String.self, forKey: .csrf)
        amr = try container.decodeIfPresent([String].self, forKey: .amr)
    }

    /// Encodes the flat JSON payload.
    public func encode(to encoder: any Encoder) throws {
        try registered.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roles, forKey: .roles)
        try container.encode(fresh, forKey: .fresh)
        try container.encodeIfPresent(csrf, forKey: .csrf)
        try container.encodeIfPresent(amr, forKey: .amr)
    }
}

/// The claims of a refresh token: the registered ones, and `csrf` for a browser session.
public struct RefreshTokenClaims: SessionTokenClaims, Equatable {
    /// The claims every token carries.
    public let registered: RegisteredClaims
    /// The CSRF value of a cookie session, carried to the next pair; `nil` otherwise.
    public let csrf: String?
    /// How the session's login was authenticated, carried to the next pair; `nil` for a password alone.
    public let amr: [String]?

    private enum CodingKeys: String, CodingKey {
        case csrf, amr
    }

    /// Creates refresh token claims.
    public init(registered: RegisteredClaims, csrf: String? = nil, amr: [String]? = nil) {
        self.registered = registered
        self.csrf = csrf
        self.amr = amr
    }

    /// Decodes the flat JSON payload.
    public init(from decoder: any Decoder) throws {
        registered = try RegisteredClaims(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        csrf = try container.decodeIfPresent(String.self, forKey: .csrf)
        amr = try container.decodeIfPresent([String].self, forKey: .amr)
    }

    /// Encodes the flat JSON payload.
    public func encode(to encoder: any Encoder) throws {
        try registered.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(csrf, forKey: .csrf)
        try container.encodeIfPresent(amr, forKey: .amr)
    }
}

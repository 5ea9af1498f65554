public import Foundation
import JWTKit

/// Signs access and refresh tokens with the ring's signing key.
public struct TokenIssuer: Sendable {
    private let keyRing: KeyRing
    private let issuer: String
    private let audience: String
    private let accessTokenTTL: Int64
    private let refreshTokenTTL: Int64
    private let metrics: ServiceMetrics

    /// Creates an issuer writing `issuer` and `audience` into tokens with the given lifetimes; issued tokens are
    /// counted in `metrics`.
    public init(
        keyRing: KeyRing,
        issuer: String,
        audience: String,
        accessTokenTTL: Duration,
        refreshTokenTTL: Duration,
        metrics: ServiceMetrics = .disabled
    ) {
        self.keyRing = keyRing
        self.metrics = metrics
        self.issuer = issuer
        self.audience = audience
        self.accessTokenTTL = accessTokenTTL.wholeSeconds
        self.refreshTokenTTL = refreshTokenTTL.wholeSeconds
    }

    /// Issues a pair for `user` in session `sessionID`.
    ///
    /// The refresh token's claims depend only on the session, `refreshTokenID` and `refreshIssuedAt`, so the
    /// same arguments give the same refresh token again.
    /// - Parameters:
    ///   - fresh: whether the access token comes straight from a password check.
    ///   - now: the access token's issue time.
    public func issuePair(
        for user: User,
        sessionID: UUID,
        refreshTokenID: UUID,
        refreshIssuedAt: Date,
        fresh: Bool,
        csrf: String? = nil,
        amr: [String]? = nil,
        now: Date
    ) async throws -> TokenPair {
        let access = AccessTokenClaims(
            registered: registered(user, sessionID, UUID(), issuedAt: now, lifetime: accessTokenTTL, type: .access),
            roles: user.roles.sorted().map(\.rawValue),
            fresh: fresh,
            csrf: csrf,
            amr: amr
        )
        let refresh = RefreshTokenClaims(
            registered: registered(user, sessionID, refreshTokenID, issuedAt: refreshIssuedAt, lifetime: refreshTokenTTL, type: .refresh),
            csrf: csrf,
            amr: amr
        )
        let kid = JWKIdentifier(string: keyRing.signingKeyID)
        let pair = TokenPair(
            accessToken: try await keyRing.keys.sign(access, kid: kid),
            refreshToken: try await keyRing.keys.sign(refresh, kid: kid),
            expiresIn: accessTokenTTL,
            csrf: csrf
        )
        metrics.issuedPair()
        return pair
    }

    private func registered(_ user: User, _ sessionID: UUID, _ tokenID: UUID, issuedAt: Date, lifetime: Int64, type: TokenType) -> RegisteredClaims {
        RegisteredClaims(
            issuer: issuer,
            audience: audience,
            subject: user.id.uuidString,
            issuedAt: Int64(issuedAt.timeIntervalSince1970),
            lifetime: lifetime,
            tokenID: tokenID.uuidString,
            sessionID: sessionID.uuidString,
            type: type
        )
    }

    /// When a refresh token issued at `issuedAt` expires.
    public func refreshExpiry(issuedAt: Date) -> Date { issuedAt.addingTimeInterval(TimeInterval(refreshTokenTTL)) }
}

public import Foundation
public import Logging

/// Starts sessions, rotates their refresh tokens, detects reuse and revokes them.
public struct SessionService: Sendable {
    private let sessions: any SessionStore
    private let users: any UserStore
    private let issuer: TokenIssuer
    private let verifier: TokenVerifier
    private let revocations: RevocationSet
    private let reuseInterval: TimeInterval
    private let time: TimeSource
    private let logger: Logger
    private let metrics: ServiceMetrics
    private let audit: AuditLog?

    /// Creates the service.
    /// - Parameters:
    ///   - reuseInterval: how long after a refresh token was spent presenting it again answers the session's
    ///     current pair instead of counting as reuse.
    ///   - metrics: where revocations and reuse are counted.
    ///   - audit: where reuse is recorded.
    public init(
        sessions: any SessionStore,
        users: any UserStore,
        issuer: TokenIssuer,
        verifier: TokenVerifier,
        revocations: RevocationSet,
        reuseInterval: Duration,
        time: TimeSource = .system,
        logger: Logger,
        metrics: ServiceMetrics = .disabled,
        audit: AuditLog? = nil
    ) {
        self.metrics = metrics
        self.audit = audit
        self.sessions = sessions
        self.users = users
        self.issuer = issuer
        self.verifier = verifier
        self.revocations = revocations
        self.reuseInterval = TimeInterval(reuseInterval.components.seconds) + TimeInterval(reuseInterval.components.attoseconds) / 1e18
        self.time = time
        self.logger = logger
    }

    /// Starts a session for `user` on `client` after a password check and returns its first pair (with a fresh
    /// access token); `csrf` goes into both tokens of a browser session and every pair after them, and so does `amr`
    /// (how the login was authenticated, when more than a password).
    public func start(for user: User, client: SessionClient = .unknown, csrf: String? = nil, amr: [String]? = nil) async throws -> TokenPair {
        let now = time.now()
        let session = Session.started(userID: user.id, at: now, expiresAt: issuer.refreshExpiry(issuedAt: now), client: client)
        try await sessions.createSession(session)
        return try await issuer.issuePair(
            for: user,
            sessionID: session.id,
            refreshTokenID: session.currentRefreshJTI,
            refreshIssuedAt: now,
            fresh: true,
            csrf: csrf,
            amr: amr,
            now: now
        )
    }

    /// The claims of an access token that is valid and whose session is not revoked. Needs no database.
    /// - Throws: ``SessionError``.
    public func authenticate(accessToken: String) async throws(SessionError) -> AccessTokenClaims {
        let claims: AccessTokenClaims
        do {
            claims = try verifier.verifyAccessToken(accessToken)
        } catch {
            throw error == .expired ? .expired : .invalidToken(error)
        }
        guard let sessionID = UUID(canonical: claims.sessionID), UUID(canonical: claims.subject) != nil else {
            throw .invalidToken(.malformed)
        }
        if revocations.contains(sessionID) { throw .revoked }
        return claims
    }

    /// Spends a refresh token and returns the session's next pair.
    ///
    /// A spent token presented again within the reuse interval answers the pair of its successor
    /// (the same refresh token as issued then); later, it revokes the whole session.
    /// - Throws: ``SessionError``.
    /// - Parameters:
    ///   - precondition: runs on the verified claims before anything is spent (the CSRF check of a browser
    ///     session); what it throws is thrown as it is. The next pair carries the same `csrf` claim.
    ///   - client: who presents the token, for the audit record of a reuse.
    public func refresh(
        refreshToken: String,
        client: SessionClient = .unknown,
        precondition: (RefreshTokenClaims) throws -> Void = { _ in }
    ) async throws -> TokenPair {
        let claims: RefreshTokenClaims
        do {
            claims = try verifier.verifyRefreshToken(refreshToken)
        } catch {
            throw error == .expired ? SessionError.expired : SessionError.invalidToken(error)
        }
        try precondition(claims)
        guard let sessionID = UUID(canonical: claims.sessionID), let presented = UUID(canonical: claims.tokenID),
            let userID = UUID(canonical: claims.subject)
        else { throw SessionError.invalidToken(.malformed) }
        if revocations.contains(sessionID) { throw SessionError.revoked }

        let now = time.now()
        let next = UUID()
        if let rotated = try await sessions.rotateRefreshToken(
            sessionID: sessionID,
            presentedJTI: presented,
            newJTI: next,
            at: now,
            expiresAt: issuer.refreshExpiry(issuedAt: now)
        ) {
            guard rotated.userID == userID else { throw SessionError.invalidToken(.malformed) }
            return try await pair(for: rotated, carrying: claims, now: now)
        }

        guard let session = try await sessions.session(id: sessionID), session.userID == userID else {
            throw SessionError.revoked
        }
        if let revokedAt = session.revokedAt {
            revocations.insert(session.id, revokedAt: revokedAt, now: now)
            throw SessionError.revoked
        }
        if session.expiresAt <= now { throw SessionError.expired }
        // Both times are whole seconds (rounded down): for a whole-second interval the grace never outlasts it (it
        // may end up to a second early), and an interval of zero grants none.
        if session.previousRefreshJTI == presented, now.timeIntervalSince(session.rotatedAt) < reuseInterval {
            return try await pair(for: session, carrying: claims, now: now)
        }
        logger.warning("refresh token reuse detected; revoking the session", metadata: ["sid": "\(session.id)"])
        metrics.reuseDetected()
        audit?.record(.refreshReused, userID: userID, sessionID: session.id, client: client)
        try await revoke(sessionID: session.id, because: .reuse)
        throw SessionError.reused
    }

    /// The live sessions of `userID`, the newest first.
    public func liveSessions(userID: UUID) async throws -> [Session] {
        try await sessions.liveSessions(userID: userID, at: time.now())
    }

    /// Revokes the session `sessionID` when it is a live session of `userID`.
    /// - Returns: `false` when it is unknown, another user's, or already over.
    public func revoke(sessionID: UUID, ownedBy userID: UUID) async throws -> Bool {
        guard let session = try await sessions.session(id: sessionID), session.userID == userID, session.revokedAt == nil,
            session.expiresAt > time.now()
        else { return false }
        try await revoke(sessionID: sessionID, because: .revokedByUser)
        return true
    }

    /// Revokes one session, for `reason`.
    public func revoke(sessionID: UUID, because reason: ServiceMetrics.RevocationReason) async throws {
        let now = time.now()
        let changed = try await sessions.revokeSession(id: sessionID, at: now)
        revocations.insert(sessionID, revokedAt: now, now: now)
        metrics.revoked(changed ? 1 : 0, because: reason)
    }

    /// Revokes every session of `userID` except `keep`, for `reason`.
    /// - Returns: how many sessions were revoked.
    @discardableResult
    public func revokeAll(userID: UUID, except keep: UUID? = nil, because reason: ServiceMetrics.RevocationReason) async throws -> Int {
        let now = time.now()
        let revoked = try await sessions.revokeSessions(userID: userID, except: keep, at: now)
        for id in revoked { revocations.insert(id, revokedAt: now, now: now) }
        metrics.revoked(revoked.count, because: reason)
        return revoked.count
    }

    /// The pair whose refresh token is the session's current one, as it was issued at the last rotation, with the
    /// `csrf` and `amr` of the presented refresh token.
    private func pair(for session: Session, carrying claims: RefreshTokenClaims, now: Date) async throws -> TokenPair {
        guard let user = try await users.user(id: session.userID) else { throw SessionError.revoked }
        return try await issuer.issuePair(
            for: user,
            sessionID: session.id,
            refreshTokenID: session.currentRefreshJTI,
            refreshIssuedAt: session.rotatedAt,
            fresh: false,
            csrf: claims.csrf,
            amr: claims.amr,
            now: now
        )
    }
}

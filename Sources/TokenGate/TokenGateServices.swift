import Foundation
import Logging

/// Everything the HTTP layer needs from the domain, built from ``Settings`` and a store.
public struct TokenGateServices: Sendable {
    /// Accounts and passwords.
    public let accounts: AccountService
    /// Sessions, token rotation and revocation.
    public let sessions: SessionService
    /// The books catalogue.
    public let books: BookService
    /// Every user's templates.
    public let templates: TemplateService
    /// The signing and verification keys.
    public let keyRing: KeyRing
    /// The in-memory set of revoked sessions.
    public let revocations: RevocationSet
    /// The settings the services were built with.
    public let settings: Settings
    private let sessionStore: any SessionStore
    private let time: TimeSource

    /// Builds the services over `store`, signing with `secret`, and loads the revocation set from it.
    public static func make(
        settings: Settings,
        secret: SigningSecret,
        store: any TokenGateStore,
        time: TimeSource = .system,
        logger: Logger
    ) async throws -> TokenGateServices {
        let keyRing = try await KeyRing.hmac(secret: secret)
        let verifier = TokenVerifier(
            keyRing: keyRing,
            issuer: settings.issuer,
            audience: settings.audience,
            leeway: settings.leeway,
            time: time
        )
        let issuer = TokenIssuer(
            keyRing: keyRing,
            issuer: settings.issuer,
            audience: settings.audience,
            accessTokenTTL: settings.accessTokenTTL,
            refreshTokenTTL: settings.refreshTokenTTL
        )
        let revocations = RevocationSet(retention: settings.accessTokenTTL + settings.leeway + .seconds(1))
        try await revocations.load(from: store, now: time.now())
        let hasher = PasswordHasher(cost: settings.bcryptCost)
        let throttle = LoginThrottle(maximumFailures: settings.loginMaximumFailures, window: settings.loginLockout)
        return TokenGateServices(
            accounts: AccountService(users: store, hasher: hasher, throttle: throttle, time: time),
            sessions: SessionService(
                sessions: store,
                users: store,
                issuer: issuer,
                verifier: verifier,
                revocations: revocations,
                reuseInterval: settings.refreshReuseInterval,
                time: time,
                logger: logger
            ),
            books: BookService(books: store, time: time),
            templates: TemplateService(templates: store, time: time),
            keyRing: keyRing,
            revocations: revocations,
            settings: settings,
            sessionStore: store,
            time: time
        )
    }

    /// Replaces a user's roles (`user` is always kept). Taking a role away first revokes every session of the
    /// user, so that no token still claiming it is accepted; a granted role applies from the next login or refresh.
    /// - Throws: ``AccountError/userNotFound``.
    public func changeRoles(userID: UUID, to roles: Set<Role>) async throws -> User {
        try await accounts.setRoles(userID: userID, roles: roles) { removed in
            if !removed.isEmpty { try await sessions.revokeAll(userID: userID) }
        }
    }

    /// Adds to the in-memory revocation set what the store revoked since `since`, e.g. by another process
    /// such as `tokengate users roles`.
    public func reloadRevocations(since: Date) async throws {
        try await revocations.load(from: sessionStore, since: since, now: time.now())
    }

    /// Throws when the database does not answer.
    public func checkDatabase() async throws { try await sessionStore.ping() }
}

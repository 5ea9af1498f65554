import Foundation
import Logging

/// Everything the HTTP layer needs from the domain, built from ``Settings`` and a store.
public struct TokenGateServices: Sendable {
    /// Accounts and passwords.
    public let accounts: AccountService
    /// Sessions, token rotation and revocation.
    public let sessions: SessionService
    /// The signing and verification keys.
    public let keyRing: KeyRing
    /// The in-memory set of revoked sessions.
    public let revocations: RevocationSet
    /// The settings the services were built with.
    public let settings: Settings
    private let sessionStore: any SessionStore

    /// Builds the services over `users` and `sessionStore`, signing with `secret`, and loads the
    /// revocation set from the store.
    public static func make(
        settings: Settings,
        secret: SigningSecret,
        users: any UserStore,
        sessionStore: any SessionStore,
        time: TimeSource = .system,
        logger: Logger
    ) async throws -> TokenGateServices {
        let keyRing = await KeyRing.hmac(secret: secret)
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
        try await revocations.load(from: sessionStore, now: time.now())
        let hasher = try await PasswordHasher(cost: settings.bcryptCost)
        let throttle = LoginThrottle(maximumFailures: settings.loginMaximumFailures, window: settings.loginLockout)
        return TokenGateServices(
            accounts: AccountService(users: users, hasher: hasher, throttle: throttle, time: time),
            sessions: SessionService(
                sessions: sessionStore,
                users: users,
                issuer: issuer,
                verifier: verifier,
                revocations: revocations,
                reuseInterval: settings.refreshReuseInterval,
                time: time,
                logger: logger
            ),
            keyRing: keyRing,
            revocations: revocations,
            settings: settings,
            sessionStore: sessionStore
        )
    }

    /// Throws when the database does not answer.
    public func checkDatabase() async throws { try await sessionStore.ping() }
}

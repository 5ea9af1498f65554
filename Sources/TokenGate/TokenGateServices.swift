import Foundation
public import Logging

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
    /// Role changes (which revoke sessions when a role is taken away).
    public let roles: RoleAssignment
    /// Brings revocations made elsewhere into ``revocations``.
    public let revocationSync: RevocationSync
    /// The settings the services were built with.
    public let settings: Settings
    /// The services' clock.
    public let time: TimeSource
    /// Throws when the database does not answer.
    public let checkDatabase: @Sendable () async throws -> Void
    /// Where the services count what they do.
    public let metrics: ServiceMetrics
    /// The security events: who logged in, failed, was revoked, from where.
    public let audit: AuditLog
    /// The failed-login counters.
    public let loginThrottle: LoginThrottle
    /// Registrations per client address.
    public let registrationLimit: AddressLimit
    /// Refreshes per client address.
    public let refreshLimit: AddressLimit
    /// Email verification and password reset.
    public let lifecycle: AccountLifecycle
    /// The mails waiting to be sent; `nil` when the server cannot send mail.
    public let mail: MailQueue?
    /// Mail requests (verification and reset links) per client address.
    public let mailLimit: AddressLimit
    /// The TOTP second factor.
    public let mfa: MFAService
    /// Second steps of logins (`POST /auth/login/mfa`) per client address.
    public let mfaLimit: AddressLimit

    /// Builds the services over `store`, signing with `keys`, and loads the revocation set from it.
    /// - Parameter mailTransport: how verification and reset mails leave; `nil` where none can be sent.
    public static func make(
        settings: Settings,
        keys: SigningKeys,
        store: any TokenGateStore,
        time: TimeSource = .system,
        logger: Logger,
        metrics: ServiceMetrics = .disabled,
        mailTransport: (any MailTransport)? = nil
    ) async throws -> TokenGateServices {
        let audit = AuditLog(store: store, metrics: metrics, time: time, logger: logger)
        let keyRing = try await KeyRing.make(keys, settings: settings, store: store, now: time.now(), audit: audit)
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
            refreshTokenTTL: settings.refreshTokenTTL,
            metrics: metrics
        )
        let revocations = RevocationSet(retention: settings.accessTokenTTL + settings.leeway + .seconds(1))
        let revocationSync = RevocationSync(store: store, revocations: revocations, time: time)
        try await revocationSync.reload(since: .distantPast)
        let hasher = PasswordHasher(cost: settings.bcryptCost, metrics: metrics)
        let throttle = LoginThrottle(
            store: store,
            maximumPerAccount: settings.loginMaximumFailures,
            maximumPerAddress: settings.loginMaximumFailuresPerAddress,
            window: settings.loginLockout
        )
        let accounts = AccountService(users: store, hasher: hasher, throttle: throttle, time: time, metrics: metrics)
        let sessions = SessionService(
            sessions: store,
            users: store,
            issuer: issuer,
            verifier: verifier,
            revocations: revocations,
            reuseInterval: settings.refreshReuseInterval,
            time: time,
            logger: logger,
            metrics: metrics,
            audit: audit
        )
        let mail = mailTransport.map { transport in
            let mailer = LinkMailer(
                users: store,
                links: store,
                transport: transport,
                publicURL: settings.publicURL,
                serviceName: settings.mail.serviceName,
                time: time,
                logger: logger
            )
            return MailQueue(logger: logger) { await mailer.send($0) }
        }
        let lifecycle = AccountLifecycle(
            accounts: accounts,
            users: store,
            links: store,
            sessions: sessions,
            mail: mail,
            time: time
        )
        return TokenGateServices(
            accounts: accounts,
            sessions: sessions,
            books: BookService(books: store, time: time),
            templates: TemplateService(templates: store, time: time),
            keyRing: keyRing,
            revocations: revocations,
            roles: RoleAssignment(accounts: accounts, sessions: sessions),
            revocationSync: revocationSync,
            settings: settings,
            time: time,
            checkDatabase: { try await store.ping() },
            metrics: metrics,
            audit: audit,
            loginThrottle: throttle,
            registrationLimit: AddressLimit("registrations", maximum: settings.registrationsPerAddress, window: settings.loginLockout, store: store),
            refreshLimit: AddressLimit("refreshes", maximum: settings.refreshesPerAddress, window: settings.loginLockout, store: store),
            lifecycle: lifecycle,
            mail: mail,
            mailLimit: AddressLimit("mails", maximum: settings.mail.requestsPerAddress, window: settings.loginLockout, store: store),
            mfa: MFAService(store: store, key: try EncryptionKey.provision(for: settings), serviceName: settings.mail.serviceName, time: time),
            mfaLimit: AddressLimit("mfa", maximum: settings.loginMaximumFailuresPerAddress, window: settings.loginLockout, store: store)
        )
    }
}

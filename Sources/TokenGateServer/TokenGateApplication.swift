import Foundation
public import Hummingbird
public import Logging
public import NIOCore
import NIOFoundationCompat
import ServiceLifecycle
import Synchronization
public import TokenGate
public import TokenGateSQL

/// Builds the TokenGate HTTP application.
public enum TokenGateApplication {
    /// The router with every route and middleware of the API, over `services`.
    /// - Parameter revocationFeed: the health of the database's revocation feed, which `/ready` reports; `nil`
    ///   where revocations are only polled.
    public static func router(services: TokenGateServices, revocationFeed: RevocationFeedHealth? = nil) throws -> Router<TokenGateRequestContext> {
        try router(services: services, system: try systemRoutes(services: services, revocationFeed: revocationFeed), httpMetrics: nil)
    }

    private static func systemRoutes(services: TokenGateServices, revocationFeed: RevocationFeedHealth?) throws -> SystemRoutes {
        SystemRoutes(
            checkDatabase: services.checkDatabase,
            databaseTimeout: services.settings.databaseTimeout,
            revocationFeed: revocationFeed,
            openAPIDocument: try OpenAPIDocument.load()
        )
    }

    private static func router(
        services: TokenGateServices,
        system: SystemRoutes,
        httpMetrics: HTTPMetrics?
    ) throws -> Router<TokenGateRequestContext> {
        let console = ConsoleRoutes(files: ConsoleFiles())
        // Routes go on a bare router first so that the error middleware knows every path's methods (for 405).
        let probe = Router(context: TokenGateRequestContext.self)
        addRoutes(to: probe, services: services, system: system, console: console)
        let router = Router(context: TokenGateRequestContext.self)
        if let httpMetrics { router.add(middleware: HTTPMetricsMiddleware(metrics: httpMetrics)) }
        router.add(middleware: RequestLogMiddleware())
        if !services.settings.trustedProxies.isEmpty { router.add(middleware: ClientAddressMiddleware(trusted: services.settings.trustedProxies)) }
        router.add(middleware: ErrorMiddleware(routes: RouteTable(probe.routes)))
        addRoutes(to: router, services: services, system: system, console: console)
        return router
    }

    private static func addRoutes(
        to router: Router<TokenGateRequestContext>,
        services: TokenGateServices,
        system: SystemRoutes,
        console: ConsoleRoutes
    ) {
        system.add(to: router)
        console.add(to: router)
        DiscoveryRoutes(keyRing: services.keyRing, issuer: services.settings.issuer, time: services.time).add(to: router)
        let cookies = CookieTransport(settings: services.settings)
        AuthRoutes(
            accounts: services.accounts,
            sessions: services.sessions,
            cookies: cookies,
            audit: services.audit,
            registrationLimit: services.registrationLimit,
            refreshLimit: services.refreshLimit,
            mfa: services.mfa,
            requireVerifiedEmail: services.settings.mail.requireVerifiedEmail,
            time: services.time
        ).add(to: router)
        AccountLifecycleRoutes(
            lifecycle: services.lifecycle,
            sessions: services.sessions,
            cookies: cookies,
            audit: services.audit,
            mailLimit: services.mailLimit,
            time: services.time
        ).add(to: router)
        MFARoutes(
            mfa: services.mfa,
            accounts: services.accounts,
            sessions: services.sessions,
            cookies: cookies,
            audit: services.audit,
            mfaLimit: services.mfaLimit,
            time: services.time
        ).add(to: router)
        ForwardAuthRoutes(accounts: services.accounts, sessions: services.sessions, cookies: cookies).add(to: router)
        SessionRoutes(sessions: services.sessions, cookies: cookies, audit: services.audit).add(to: router)
        let authenticated = router.authenticated(by: services.sessions, cookies: cookies)
        BookRoutes(books: services.books).add(to: authenticated)
        TemplateRoutes(templates: services.templates).add(to: authenticated)
        UserRoutes(accounts: services.accounts, roles: services.roles, audit: services.audit).add(to: authenticated)
        AuditRoutes(audit: services.audit).add(to: authenticated)
    }

    /// Opens the database, applies pending migrations, and returns an application ready to run, with the services
    /// it serves. This is the one wiring that `tokengate serve` and the tests run.
    ///
    /// The database is closed after the server has drained its in-flight requests on shutdown. Revocations made
    /// elsewhere reach the in-memory set by reading the table every ``Settings/revocationPollInterval``, and at
    /// once through the database's revocation feed where it has one (PostgreSQL). Metrics are served by the
    /// management listener at ``Settings/managementAddress`` (none when it is `nil`).
    /// - Parameters:
    ///   - time: the services' clock.
    ///   - decorateStore: wraps the store before the services see it.
    ///   - addRoutes: adds routes of another app beside TokenGate's (an app that embeds TokenGate, or a test).
    ///   - onRunning: called once the server listens, with the line to show the operator.
    ///   - mailTransport: replaces the delivery that `settings` describe (a test's recorder).
    public static func build(
        settings: Settings,
        logger: Logger,
        time: TimeSource = .system,
        decorateStore: @Sendable (SQLStore) -> any TokenGateStore = { $0 },
        mailTransport: (any MailTransport)? = nil,
        addRoutes: (Router<TokenGateRequestContext>, TokenGateServices) -> Void = { _, _ in },
        onRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) async throws -> (application: some ApplicationProtocol, services: TokenGateServices) {
        let metrics = MetricsRegistry()
        let factory = metrics.factory
        let system = try await TokenGateSystem.open(
            settings: settings,
            logger: logger,
            time: time,
            decorateStore: decorateStore,
            metrics: ServiceMetrics(factory: factory),
            mailTransport: mailTransport ?? Self.mailTransport(for: settings, logger: logger)
        )
        do {
            let services = system.services
            let systemRoutes = try systemRoutes(services: services, revocationFeed: system.database.revocationFeed?.health)
            let router = try router(services: services, system: systemRoutes, httpMetrics: HTTPMetrics(factory: factory))
            addRoutes(router, services)
            var listening = "TokenGate listening on http://\(settings.host):\(settings.port) with database \(settings.database)"
            if let address = settings.managementAddress { listening += "; metrics at http://\(address)/metrics" }
            let started = ListenersStarted(count: settings.managementAddress == nil ? 1 : 2) { [listening] in await onRunning(listening) }
            let management = settings.managementAddress.map { address in
                ManagementRoutes(registry: metrics.registry, services: services, system: systemRoutes)
                    .application(at: address, logger: logger) { await started.oneIsRunning() }
            }
            let readTimeout = settings.requestReadTimeout.components
            let readLimit = TimeAmount.nanoseconds(readTimeout.seconds * 1_000_000_000 + readTimeout.attoseconds / 1_000_000_000)
            let application = Application(
                router: router,
                server: .http1(configuration: .init(additionalChannelHandlers: [RequestReadDeadline(limit: readLimit)])),
                configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "TokenGate"),
                services: [DatabaseKeeper(system: system, logger: logger)] + (management.map { [$0] } ?? [])
                    + revocationServices(services: services, feed: system.database.revocationFeed, settings: settings, logger: logger),
                onServerRunning: { _ in await started.oneIsRunning() },
                logger: logger
            )
            return (application, services)
        } catch {
            try? await system.close()
            throw error
        }
    }

    /// The delivery `settings` describe: the webhook, the development outbox, or none (said once, here).
    private static func mailTransport(for settings: Settings, logger: Logger) -> (any MailTransport)? {
        switch settings.mailDelivery {
        case .webhook(let url, let secret):
            return MailWebhook(url: url, secret: secret, logger: logger)
        case .outbox(let folder):
            return OutboxFolder(folder: folder, serviceName: settings.mail.serviceName)
        case .notConfigured:
            logger.warning(
                "mail is not configured: email verification and password reset answer 501 until TOKENGATE_MAIL_WEBHOOK_URL and TOKENGATE_MAIL_WEBHOOK_SECRET are set"
            )
            return nil
        }
    }

    /// The services that bring revocations made elsewhere into the in-memory set: the poller always (the
    /// safety net that keeps the guarantee when a push fails silently), and the listener where `feed` exists.
    private static func revocationServices(
        services: TokenGateServices,
        feed: (any RevocationFeed)?,
        settings: Settings,
        logger: Logger
    ) -> [any Service] {
        let poller = RevocationPoller(
            sync: services.revocationSync,
            interval: settings.revocationPollInterval,
            overlap: settings.leeway,
            logger: logger
        )
        guard let feed else { return [poller] }
        return [poller, RevocationListener(sync: services.revocationSync, feed: feed, logger: logger)]
    }
}

/// Calls an action once every one of several listeners runs: the line "TokenGate listening …" is shown only when
/// both the API and the management listener accept connections.
final class ListenersStarted: Sendable {
    private let remaining: Mutex<Int>
    private let action: @Sendable () async -> Void

    init(count: Int, action: @escaping @Sendable () async -> Void) {
        remaining = Mutex(count)
        self.action = action
    }

    /// Reports that one more listener runs; the last report runs the action.
    func oneIsRunning() async {
        if remaining.withLock({ count in
            count -= 1
            return count == 0
        }) {
            await action()
        }
    }
}

/// Keeps the database open while the application runs: writes the audit log's events as they come, sends the
/// queued mails, and purges audit events past ``Settings/auditRetention`` and expired links (at start, then
/// hourly). On shutdown, which reaches it after the HTTP server has drained its requests, it writes the last events,
/// sends the queued mails and closes the database.
struct DatabaseKeeper: Service {
    let system: TokenGateSystem
    let logger: Logger

    func run() async throws {
        let audit = system.services.audit
        let mail = system.services.mail
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await purgeHourly() }
            await withGracefulShutdownHandler {
                async let mailSent: Void = mail?.run() ?? ()
                await audit.run()
                await mailSent
            } onGracefulShutdown: {
                mail?.finish()
                audit.finish()
            }
            group.cancelAll()
        }
        // Also when the group was cancelled (another service failed to start, say its port was taken): the last
        // events and the close must not be cut short, or the database would be left open.
        let system = self.system
        try await Task {
            await audit.flush()
            try await system.close()
        }.value
        logger.info("database closed")
    }

    private func purgeHourly() async {
        let services = system.services
        while !Task.isCancelled {
            do {
                let purged = try await services.audit.purge(olderThan: services.settings.auditRetention, now: services.time.now())
                if purged > 0 { logger.info("purged old audit events", metadata: ["count": "\(purged)"]) }
                try await services.loginThrottle.purge(now: services.time.now())
                try await services.lifecycle.purgeExpiredLinks(now: services.time.now())
                try await services.mfa.purgeExpiredChallenges(now: services.time.now())
            } catch {
                logger.warning("purging old audit events or login counters failed", metadata: ["error.type": "\(type(of: error))"])
            }
            try? await Task.sleep(for: .seconds(3_600))
        }
    }
}

/// The OpenAPI document shipped with the server.
public enum OpenAPIDocument {
    /// The document's bytes.
    public static func load() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ConfigurationError("the OpenAPI document is missing from the TokenGateServer bundle")
        }
        return ByteBuffer(data: try Data(contentsOf: url))
    }
}

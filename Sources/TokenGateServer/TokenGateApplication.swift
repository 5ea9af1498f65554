import Foundation
public import Hummingbird
public import Logging
public import NIOCore
import NIOFoundationCompat
import ServiceLifecycle
public import TokenGate
public import TokenGateSQL

/// Builds the TokenGate HTTP application.
public enum TokenGateApplication {
    /// The router with every route and middleware of the API, over `services`.
    /// - Parameter revocationFeed: the health of the database's revocation feed, which `/ready` reports; `nil`
    ///   where revocations are only polled.
    public static func router(services: TokenGateServices, revocationFeed: RevocationFeedHealth? = nil) throws -> Router<TokenGateRequestContext> {
        let system = SystemRoutes(
            checkDatabase: services.checkDatabase,
            revocationFeed: revocationFeed,
            openAPIDocument: try OpenAPIDocument.load()
        )
        let console = ConsoleRoutes(files: ConsoleFiles())
        // Routes go on a bare router first so that the error middleware knows every path's methods (for 405).
        let probe = Router(context: TokenGateRequestContext.self)
        addRoutes(to: probe, services: services, system: system, console: console)
        let router = Router(context: TokenGateRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
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
        AuthRoutes(accounts: services.accounts, sessions: services.sessions, cookies: cookies).add(to: router)
        ForwardAuthRoutes(accounts: services.accounts, sessions: services.sessions, cookies: cookies).add(to: router)
        SessionRoutes(sessions: services.sessions, cookies: cookies).add(to: router)
        let authenticated = router.authenticated(by: services.sessions, cookies: cookies)
        BookRoutes(books: services.books).add(to: authenticated)
        TemplateRoutes(templates: services.templates).add(to: authenticated)
        UserRoutes(accounts: services.accounts, roles: services.roles).add(to: authenticated)
    }

    /// Opens the database, applies pending migrations, and returns an application ready to run, with the services
    /// it serves. This is the one wiring that `tokengate serve` and the tests run.
    ///
    /// The database is closed after the server has drained its in-flight requests on shutdown. Revocations made
    /// elsewhere reach the in-memory set by reading the table every ``Settings/revocationPollInterval``, and at
    /// once through the database's revocation feed where it has one (PostgreSQL).
    /// - Parameters:
    ///   - time: the services' clock.
    ///   - decorateStore: wraps the store before the services see it.
    ///   - addRoutes: adds routes of another app beside TokenGate's (an app that embeds TokenGate, or a test).
    ///   - onRunning: called once the server listens, with the line to show the operator.
    public static func build(
        settings: Settings,
        logger: Logger,
        time: TimeSource = .system,
        decorateStore: @Sendable (SQLStore) -> any TokenGateStore = { $0 },
        addRoutes: (Router<TokenGateRequestContext>, TokenGateServices) -> Void = { _, _ in },
        onRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) async throws -> (application: some ApplicationProtocol, services: TokenGateServices) {
        let system = try await TokenGateSystem.open(settings: settings, logger: logger, time: time, decorateStore: decorateStore)
        do {
            let services = system.services
            let router = try router(services: services, revocationFeed: system.database.revocationFeed?.health)
            addRoutes(router, services)
            let listening = "TokenGate listening on http://\(settings.host):\(settings.port) with database \(settings.database)"
            let application = Application(
                router: router,
                configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "TokenGate"),
                services: [DatabaseCloser(system: system, logger: logger)]
                    + revocationServices(services: services, feed: system.database.revocationFeed, settings: settings, logger: logger),
                onServerRunning: { _ in await onRunning(listening) },
                logger: logger
            )
            return (application, services)
        } catch {
            try? await system.close()
            throw error
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

/// Keeps the database open while the application runs and closes it after the server has stopped.
struct DatabaseCloser: Service {
    let system: TokenGateSystem
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try await system.close()
        logger.info("database closed")
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

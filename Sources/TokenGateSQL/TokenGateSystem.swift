public import Logging
public import TokenGate

/// The open database and the domain services over it: the one composition root that the server, the command-line
/// tool's operator commands and the tests build on.
public struct TokenGateSystem: Sendable {
    /// The settings it was built with.
    public let settings: Settings
    /// The domain services.
    public let services: TokenGateServices
    /// The open database, with its revocation feed where it has one.
    public let database: DatabaseHandle

    /// Opens the database that `settings` name, applies pending migrations, and builds the services over its store.
    /// - Parameters:
    ///   - time: the services' clock.
    ///   - decorateStore: wraps the store before the services see it (tests count or fail calls with it).
    ///   - metrics: where the services count what they do.
    ///   - mailTransport: how verification and reset mails leave; `nil` where none can be sent.
    /// - Throws: ``ConfigurationError`` for a missing secret or a key file that cannot be used, or the database's error; nothing is left open then.
    public static func open(
        settings: Settings,
        logger: Logger,
        time: TimeSource = .system,
        decorateStore: @Sendable (SQLStore) -> any TokenGateStore = { $0 },
        metrics: ServiceMetrics = .disabled,
        mailTransport: (any MailTransport)? = nil
    ) async throws -> TokenGateSystem {
        let keys = try SigningKeys.load(for: settings)
        let database = try await DatabaseHandle.open(for: settings, logger: logger)
        do {
            try await Migrations.run(on: database.sql, logger: logger)
            let store = decorateStore(SQLStore(database: database.sql))
            let services = try await TokenGateServices.make(
                settings: settings,
                keys: keys,
                store: store,
                time: time,
                logger: logger,
                metrics: metrics,
                mailTransport: mailTransport
            )
            return TokenGateSystem(settings: settings, services: services, database: database)
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// Closes the database; call it once, when nothing uses the services any more.
    public func close() async throws { try await database.close() }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// How a TokenGate instance in a test reaches a shared database: the PostgreSQL test cluster, or the MariaDB server.
enum DatabaseRoute: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// Queries and `LISTEN` go to the server directly.
    case direct
    /// Queries and `LISTEN` go through PgBouncer in transaction mode: `LISTEN` cannot work, the poll delivers.
    case pgbouncer
    /// Queries go through PgBouncer, `LISTEN` to the server directly (`TOKENGATE_DATABASE_LISTEN_URL`).
    case pgbouncerWithDirectListener
    /// Queries go to MariaDB; it has no push, the poll delivers.
    case mysql

    /// The routes to test: the PostgreSQL ones when the cluster is configured (all in CI; the direct one alone
    /// without PgBouncer), MariaDB when its server is configured and the driver built in.
    static var available: [DatabaseRoute] {
        let postgres: [DatabaseRoute] =
            PostgresTestCluster.isPgBouncerConfigured || PostgresTestCluster.isCI
            ? [.direct, .pgbouncer, .pgbouncerWithDirectListener] : PostgresTestCluster.isConfigured ? [.direct] : []
        return postgres + (MySQLTestServer.isConfigured ? [.mysql] : [])
    }

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty database of this route's server, dropped afterwards.
    func withDatabase<T>(_ body: (DatabaseLocation) async throws -> T) async throws -> T {
        switch self {
        case .mysql: try await MySQLTestServer.withDatabase { try await body(.mysql($0)) }
        default: try await PostgresTestCluster.withDatabase { try await body(.postgres($0)) }
        }
    }

    /// Stops (`false`) or starts (`true`) this route's database server.
    func setServerRunning(_ running: Bool) throws {
        let server = self == .mysql ? "MYSQL" : "POSTGRES"
        try TestComponent.control("TOKENGATE_TEST_\(server)_\(running ? "START" : "STOP")")
    }

    /// Test settings for an instance on this route to the database `location`. Where `LISTEN` should work,
    /// the poll is slowed to a minute, so that only the listener can deliver a revocation within a second.
    func settings(_ location: DatabaseLocation) throws -> Settings {
        var settings = testSettings()
        settings.revocationHeartbeatInterval = .milliseconds(300)
        guard case .postgres(let location) = location else {
            settings.database = location
            return settings
        }
        switch self {
        case .direct:
            settings.database = .postgres(location)
            settings.revocationPollInterval = .seconds(60)
        case .pgbouncer:
            settings.database = .postgres(try PostgresTestCluster.throughPgBouncer(location))
        case .pgbouncerWithDirectListener:
            settings.database = .postgres(try PostgresTestCluster.throughPgBouncer(location))
            settings.databaseListen = location
            settings.revocationPollInterval = .seconds(60)
        case .mysql:
            throw ConfigurationError("the MySQL route needs a MySQL location")
        }
        return settings
    }

    /// How soon another instance must refuse a revoked token.
    var deadline: Duration {
        pollDelivers ? testSettings().revocationPollInterval + .seconds(1) : .seconds(1)
    }

    /// Whether only the poll delivers revocations on this route.
    private var pollDelivers: Bool { self == .pgbouncer || self == .mysql }

    /// What `/ready` says of the revocation feed once it has checked itself.
    var feedState: String {
        switch self {
        case .pgbouncer: "degraded"
        case .mysql: "polling"
        default: "healthy"
        }
    }
}

/// What an instance's `/ready` says of its revocation feed; `nil` when it does not answer 200.
func revocationFeed(of client: some TestClientProtocol) async -> String? {
    guard let response = try? await client.execute(uri: "/ready", method: .get), response.status == .ok else { return nil }
    return try? response.decode(ReadyBody.self).revocationFeed
}

/// What the two instances of a test sign tokens with.
enum InstanceKeys: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// One HS256 secret, in both instances' settings.
    case sharedSecret
    /// One ES256 key file, named by both instances' settings; each has a secret of its own, which signs nothing.
    case sharedKeyFile

    var testDescription: String { rawValue }
}

extension DatabaseRoute {
    /// ``settings(_:)`` signing with `keyFile`, with a secret of its own that signs nothing; the test secret without one.
    private func settings(_ location: DatabaseLocation, keyFile: String?, secret: String) throws -> Settings {
        var settings = try settings(location)
        if let keyFile {
            settings.jwtPrivateKeyFile = keyFile
            settings.jwtSecret = SigningSecret(secret)
        }
        return settings
    }

    /// Runs `body` against two instances, A and B, on one new database reached by this route, each
    /// signing with `keys`.
    func withTwoInstances(
        keys: InstanceKeys = .sharedSecret,
        clockA: ManualClock? = nil,
        decorateB: @escaping @Sendable (any TokenGateStore) -> any TokenGateStore = { $0 },
        _ body:
            @escaping @Sendable (
                _ a: any TestClientProtocol, _ servicesA: TokenGateServices, _ b: any TestClientProtocol, _ servicesB: TokenGateServices
            ) async throws -> Void
    ) async throws {
        let keyFiles = try TestKeys()
        defer { keyFiles.remove() }
        let keyFile = keys == .sharedKeyFile ? try keyFiles.make(.p256SEC1) : nil
        try await withDatabase { location in
            let settings = try self.settings(location, keyFile: keyFile, secret: "instance-a-secret-instance-a-secret!")
            let settingsB = try self.settings(location, keyFile: keyFile, secret: "instance-b-secret-instance-b-secret!")
            try await withApp(location: settings.database, settings: settings, clock: clockA) { a, servicesA in
                try await withApp(location: settings.database, settings: settingsB, decorateStore: decorateB) { b, servicesB in
                    try await body(a, servicesA, b, servicesB)
                }
            }
        }
    }
}

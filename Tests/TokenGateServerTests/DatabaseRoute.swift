import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// How a TokenGate instance in a test reaches the PostgreSQL test cluster.
enum DatabaseRoute: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// Queries and `LISTEN` go to the server directly.
    case direct
    /// Queries and `LISTEN` go through PgBouncer in transaction mode: `LISTEN` cannot work, the poll delivers.
    case pgbouncer
    /// Queries go through PgBouncer, `LISTEN` to the server directly (`TOKENGATE_DATABASE_LISTEN_URL`).
    case pgbouncerWithDirectListener

    /// The routes to test: all in CI, the direct one alone when PgBouncer is not configured locally.
    static var available: [DatabaseRoute] {
        PostgresTestCluster.isPgBouncerConfigured || PostgresTestCluster.isCI ? allCases : [.direct]
    }

    var testDescription: String { rawValue }

    /// Test settings for an instance on this route to the cluster database `location`. Where `LISTEN` should work,
    /// the poll is slowed to a minute, so that only the listener can deliver a revocation within a second.
    func settings(_ location: PostgresLocation) throws -> Settings {
        var settings = testSettings()
        settings.revocationHeartbeatInterval = .milliseconds(300)
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
        }
        return settings
    }

    /// How soon another instance must refuse a revoked token.
    var deadline: Duration {
        self == .pgbouncer ? testSettings().revocationPollInterval + .seconds(1) : .seconds(1)
    }

    /// What `/ready` says of the revocation feed once it has checked itself.
    var feedState: String { self == .pgbouncer ? "degraded" : "healthy" }
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
    private func settings(_ location: PostgresLocation, keyFile: String?, secret: String) throws -> Settings {
        var settings = try settings(location)
        if let keyFile {
            settings.jwtPrivateKeyFile = keyFile
            settings.jwtSecret = SigningSecret(secret)
        }
        return settings
    }

    /// Runs `body` against two instances, A and B, on one new database of the cluster reached by this route, each
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
        try await PostgresTestCluster.withDatabase { location in
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

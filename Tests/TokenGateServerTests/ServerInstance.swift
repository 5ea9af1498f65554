import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TokenGate
import TokenGateTestSupport

@testable import TokenGateServer

/// One TokenGate server over a PostgreSQL database, as a deployment runs it: its own connection pool,
/// its own in-memory revocation set, and the revocation listener running as an application service.
func withInstance(
    on location: PostgresLocation,
    settings: Settings = testSettings(),
    clock: ManualClock? = nil,
    wrap: @Sendable (SQLStore) -> any UserStore & SessionStore = { $0 },
    extraRoutes: (Router<TokenGateRequestContext>, TokenGateServices) -> Void = { _, _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, TokenGateServices) async throws -> Void
) async throws {
    var settings = settings
    settings.database = .postgres(location)
    settings.databaseTimeout = .seconds(2)
    let database = try await DatabaseHandle.open(settings.database, timeout: settings.databaseTimeout, logger: quietLogger())
    do {
        try await Migrations.run(on: database.sql, logger: quietLogger())
        let store = SQLStore(database: database.sql)
        let wrapped = wrap(store)
        let services = try await TokenGateServices.make(
            settings: settings,
            secret: settings.jwtSecret!,
            users: wrapped,
            sessionStore: wrapped,
            books: store,
            templates: store,
            time: clock?.source ?? .system,
            logger: quietLogger()
        )
        let router = try TokenGateApplication.router(services: services)
        extraRoutes(router, services)
        let listener = RevocationListener(services: services, feed: database.revocationFeed!, logger: quietLogger())
        let app = Application(router: router, services: [listener], logger: quietLogger())
        try await app.test(.router) { client in try await body(client, services) }
        try await database.close()
    } catch {
        try? await database.close()
        throw error
    }
}

/// Waits until `condition` holds, checking every 10 ms, and returns how long that took; `nil` after `limit`.
func timeUntil(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Duration? {
    let clock = ContinuousClock()
    let start = clock.now
    while clock.now - start <= limit {
        if try await condition() { return clock.now - start }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return nil
}

/// The `sid` claim of a token, read without verifying it.
func sessionID(of token: String) throws -> UUID {
    let segments = token.split(separator: ".")
    var payload = String(segments[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while payload.count % 4 != 0 { payload += "=" }
    let claims = try JSONDecoder().decode([String: JSONValue].self, from: Data(base64Encoded: payload)!)
    guard case .string(let sid) = claims["sid"], let id = UUID(uuidString: sid) else { throw TokenError.malformed }
    return id
}

/// Any JSON value, for reading claims in tests.
enum JSONValue: Decodable {
    case string(String)
    case other

    init(from decoder: any Decoder) throws {
        self = (try? decoder.singleValueContainer().decode(String.self)).map(JSONValue.string) ?? .other
    }
}

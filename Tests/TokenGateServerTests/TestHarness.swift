import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateServer

/// Runs `body` against one TokenGate server, as a deployment runs it, over a migrated database at `location`
/// (a fresh in-memory SQLite database unless told otherwise).
///
/// The revocation poller runs as an application service, and so does the revocation listener where the database
/// pushes revocations (PostgreSQL), exactly as ``TokenGateApplication/build(settings:logger:onRunning:)`` wires them.
/// - Parameters:
///   - clock: the services' clock; the system clock when `nil`.
///   - wrap: wraps the store (e.g. to count or fail calls) before the services see it.
///   - extraRoutes: adds routes of "another app" to the router.
func withApp(
    location: DatabaseLocation = .sqliteMemory,
    settings: Settings = testSettings(),
    clock: ManualClock? = nil,
    logger: Logger = quietLogger(),
    wrap: @escaping @Sendable (SQLStore) -> any UserStore & SessionStore = { $0 },
    extraRoutes: (Router<TokenGateRequestContext>, TokenGateServices) -> Void = { _, _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, TokenGateServices) async throws -> Void
) async throws {
    var settings = settings
    settings.database = location
    settings.databaseTimeout = .seconds(2)
    let database = try await DatabaseHandle.open(for: settings, logger: logger)
    do {
        try await Migrations.run(on: database.sql, logger: logger)
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
            logger: logger
        )
        let router = try TokenGateApplication.router(services: services, revocationFeed: database.revocationFeed?.health)
        extraRoutes(router, services)
        let revocationServices = TokenGateApplication.revocationServices(
            services: services,
            feed: database.revocationFeed,
            settings: settings,
            logger: logger
        )
        let app = Application(router: router, services: revocationServices, logger: logger)
        try await app.test(.router) { client in try await body(client, services) }
        try await database.close()
    } catch {
        try? await database.close()
        throw error
    }
}

extension TestClientProtocol {
    /// Sends `json` with `Content-Type: application/json`.
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    /// Sends `form` with `Content-Type: application/x-www-form-urlencoded`.
    func post(_ uri: String, form: String) async throws -> TestResponse {
        try await execute(
            uri: uri,
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form)
        )
    }

    /// Sends a request authenticated with `Authorization: Bearer <token>`.
    func send(_ method: HTTPRequest.Method, _ uri: String, bearer token: String, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Registers an account and returns the session body.
    func register(email: String = "ada@example.com", password: String = "correct horse", name: String? = "Ada") async throws -> SessionBody {
        let nameField = name.map { #", "name": "\#($0)""# } ?? ""
        let response = try await post("/auth/register", json: #"{"email": "\#(email)", "password": "\#(password)"\#(nameField)}"#)
        #expect(response.status == .created)
        return try response.decode(SessionBody.self)
    }

    /// Logs in and returns the session body.
    func login(email: String = "ada@example.com", password: String = "correct horse") async throws -> SessionBody {
        let response = try await post("/auth/login", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        #expect(response.status == .ok)
        return try response.decode(SessionBody.self)
    }
}

extension TestResponse {
    /// The body decoded from JSON.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder.iso8601.decode(type, from: body)
    }

    /// The error body of the contract.
    var error: ErrorBody? { try? JSONDecoder().decode(ErrorBody.self, from: body) }

    /// The body as text.
    var text: String { String(buffer: body) }
}

/// `{"error", "message", "fields"?}`.
struct ErrorBody: Decodable, Equatable {
    let error: String
    let message: String
    let fields: [String: String]?
}

extension JSONDecoder {
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// Checks that `response` is the contract's 401 with body code `code` and an RFC 6750 challenge.
func expectUnauthorized(
    _ response: TestResponse,
    code: String,
    challenge: String = "invalid_token",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == .unauthorized, sourceLocation: sourceLocation)
    #expect(response.error?.error == code, "body: \(response.text)", sourceLocation: sourceLocation)
    let header = response.headers[.wwwAuthenticate] ?? ""
    #expect(header.hasPrefix(#"Bearer realm="tokengate", error="\#(challenge)", error_description=""#), "\(header)", sourceLocation: sourceLocation)
}

extension TestClientProtocol {
    /// Registers an account, gives it `roles` and logs in again so the token carries them.
    func user(_ email: String, roles: Set<Role> = [], services: TokenGateServices) async throws -> SessionBody {
        let registered = try await register(email: email)
        guard !roles.isEmpty else { return registered }
        _ = try await services.changeRoles(userID: registered.user.id, to: roles)
        return try await login(email: email)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import ServiceLifecycle
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

@testable import TokenGateServer

/// Runs `body` against one TokenGate server built by ``TokenGateApplication/build(settings:logger:time:decorateStore:addRoutes:onRunning:)``
/// — the wiring `tokengate serve` runs, with its revocation poller, its revocation listener where the database
/// pushes revocations (PostgreSQL), and its database closer — over a migrated database at `location` (a fresh
/// in-memory SQLite database unless told otherwise).
/// - Parameters:
///   - clock: the services' clock; the system clock when `nil`.
///   - decorateStore: wraps the store (e.g. to count or fail calls) before the services see it.
///   - extraRoutes: adds routes of "another app" to the router.
///   - mailTransport: where mails go instead of the delivery the settings describe.
///   - testing: `.router` (no sockets) or `.live` (a real HTTP server on a free loopback port).
func withApp(
    location: DatabaseLocation = .sqliteMemory,
    settings: Settings = testSettings(),
    clock: ManualClock? = nil,
    logger: Logger = quietLogger(),
    decorateStore: @escaping @Sendable (any TokenGateStore) -> any TokenGateStore = { $0 },
    extraRoutes: (Router<TokenGateRequestContext>, TokenGateServices) -> Void = { _, _ in },
    mailTransport: (any MailTransport)? = nil,
    testing: TestingSetup = .router,
    _ body: @escaping @Sendable (any TestClientProtocol, TokenGateServices) async throws -> Void
) async throws {
    var settings = settings
    settings.database = location
    settings.databaseTimeout = .seconds(2)
    let built = try await TokenGateApplication.build(
        settings: settings,
        logger: logger,
        time: clock?.source ?? .system,
        decorateStore: { decorateStore($0) },
        mailTransport: mailTransport,
        addRoutes: extraRoutes
    )
    let services = built.services
    try await built.application.test(testing) { client in try await body(client, services) }
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

    /// `POST /auth/password` with `token`, from `old` to `new`.
    func changePassword(bearer token: String, from old: String = "correct horse", to new: String = "battery staple") async throws -> TestResponse {
        let json = #"{"current_password": "\#(old)", "new_password": "\#(new)"}"#
        return try await send(.post, "/auth/password", bearer: token, json: json)
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

/// Checks that `response` is the contract's 401 for a request without credentials: body code `invalid_request`, and
/// a challenge with no error code (RFC 6750 §3.1).
func expectCredentialsRequired(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.status == .unauthorized, sourceLocation: sourceLocation)
    #expect(response.error?.error == "invalid_request", "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(response.headers[values: .wwwAuthenticate] == [#"Bearer realm="tokengate""#], sourceLocation: sourceLocation)
}

extension TestClientProtocol {
    /// Registers an account, gives it `roles` and logs in again so the token carries them.
    func user(_ email: String, roles: Set<Role> = [], services: TokenGateServices) async throws -> SessionBody {
        let registered = try await register(email: email)
        guard !roles.isEmpty else { return registered }
        _ = try await services.roles.changeRoles(userID: registered.user.id, to: roles)
        return try await login(email: email)
    }
}

/// Runs `body` with a TokenGate server listening on a free loopback port, its issuer set to its own base URL (as
/// discovery needs), given that URL. `.live` testing cannot do this: it picks the port after the issuer is fixed.
func withServerAtItsIssuerURL(
    settings: Settings = testSettings(),
    decorateStore: @escaping @Sendable (any TokenGateStore) -> any TokenGateStore = { $0 },
    _ body: @escaping @Sendable (String, TokenGateServices) async throws -> Void
) async throws {
    var settings = settings
    settings.port = try freeLoopbackPort()
    settings.issuer = "http://127.0.0.1:\(settings.port)"
    let (running, started) = AsyncStream<Void>.makeStream()
    let built = try await TokenGateApplication.build(
        settings: settings,
        logger: quietLogger(),
        decorateStore: { decorateStore($0) },
        onRunning: { _ in started.yield() }
    )
    let services = ServiceGroup(configuration: .init(services: [built.application], logger: quietLogger()))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        for await _ in running { break }
        do {
            try await body(settings.issuer, built.services)
        } catch {
            await services.triggerGracefulShutdown()
            throw error
        }
        await services.triggerGracefulShutdown()
    }
}

/// A loopback TCP port that no socket holds at the moment of asking.
func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

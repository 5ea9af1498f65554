import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Synchronization
import Testing
import TokenGate
import TokenGateClient
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

/// The audit log (issue #12 point 2): one event per security event, listed to admins newest first, filtered by type
/// and user, never holding a secret, and never in a request's way.
struct AuditTests {
    /// An event as `GET /admin/audit` shows it.
    struct Event: Decodable {
        let id: UUID
        let type: String
        let user_id: UUID?
        let session_id: UUID?
        let actor_id: UUID?
        let ip: String?
        let user_agent: String?
        let detail: [String: String]
    }

    struct Events: Decodable {
        let events: [Event]
        let next_cursor: String?
    }

    /// `GET /admin/audit` with `query`, as `admin`.
    private func events(_ client: some TestClientProtocol, admin: String, _ query: String = "") async throws -> Events {
        let response = try await client.send(.get, "/admin/audit\(query)", bearer: admin)
        #expect(response.status == .ok, "\(response.text)")
        return try response.decode(Events.self)
    }

    /// Every kind of event the API makes today, by an ordinary sequence of calls (the reuse interval must be 0);
    /// answers the admin's session, Ada's id and every token handed out.
    private func runEveryEvent(
        _ client: some TestClientProtocol,
        services: TokenGateServices
    ) async throws -> (admin: SessionBody, ada: UUID, tokens: [String]) {
        let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
        let ada = try await client.register(email: "ada@example.com", password: "correct horse")
        _ = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "wrong horse"}"#)
        _ = try await client.post("/auth/login", json: #"{"email": "correct horse battery", "password": "x"}"#)
        let second = try await client.login(email: "ada@example.com", password: "correct horse")
        let next = try await client.send(.post, "/auth/refresh", bearer: second.refreshToken)
        #expect(next.status == .ok)
        let renewed = try next.decode(TokenPairBody.self)
        let reuse = try await client.execute(
            uri: "/auth/refresh",
            method: .post,
            headers: [.authorization: "Bearer \(second.refreshToken)", .userAgent: "Replayer/1.0"]
        )
        #expect(reuse.error?.error == "token_reused")
        let third = try await client.login(email: "ada@example.com", password: "correct horse")
        let fourth = try await client.login(email: "ada@example.com", password: "correct horse")
        let fourthSession = try await services.sessions.authenticate(accessToken: fourth.accessToken).sessionID
        #expect(try await client.send(.delete, "/auth/sessions/\(fourthSession)", bearer: third.accessToken).status == .noContent)
        #expect(try await client.changePassword(bearer: third.accessToken, from: "correct horse", to: "battery staple").status == .ok)
        #expect(try await client.send(.post, "/auth/logout", bearer: third.accessToken).status == .ok)
        let fifth = try await client.login(email: "ada@example.com", password: "battery staple")
        #expect(try await client.send(.post, "/auth/logout-all", bearer: fifth.accessToken).status == .ok)
        let roles = try await client.send(.put, "/users/\(ada.user.id)/roles", bearer: admin.accessToken, json: #"{"roles": ["user", "editor"]}"#)
        #expect(roles.status == .ok)
        await services.audit.flush()
        let sessions = [admin, ada, second, third, fourth, fifth]
        let tokens = sessions.flatMap { [$0.accessToken, $0.refreshToken] } + [renewed.accessToken, renewed.refreshToken]
        return (admin, ada.user.id, tokens)
    }

    @Test func everySecurityEventIsRecordedWithItsUserSessionActorAndClient() async throws {
        var settings = testSettings()
        settings.refreshReuseInterval = .zero
        try await withApp(settings: settings) { client, services in
            let (admin, ada, _) = try await runEveryEvent(client, services: services)
            let all = try await events(client, admin: admin.accessToken, "?limit=100").events
            try Self.checkEveryEvent(all, ada: ada, admin: admin.user.id)
        }
    }

    /// The events of ``runEveryEvent(_:services:)``, as the admin list shows them (newest first).
    private static func checkEveryEvent(_ all: [Event], ada: UUID, admin: UUID) throws {
        let expectedTypes: Set<String> = [
            "user_registered", "login_succeeded", "login_failed", "refresh_reused", "session_revoked", "password_changed",
            "logged_out_everywhere", "roles_changed",
        ]
        #expect(Set(all.map(\.type)) == expectedTypes)
        let adas = all.filter { $0.user_id == ada }
        let failedEmails = all.filter { $0.type == "login_failed" }.map { $0.detail["email"] ?? "" }
        #expect(failedEmails == ["(not an email address)", "ada@example.com"])
        let reuse = try #require(adas.first { $0.type == "refresh_reused" })
        #expect(reuse.user_agent == "Replayer/1.0" && reuse.session_id != nil)
        let reasons = adas.filter { $0.type == "session_revoked" }.map { $0.detail["reason"] ?? "" }
        #expect(reasons == ["logout", "revoked_by_user"])
        let rolesChanged = try #require(adas.first { $0.type == "roles_changed" })
        #expect(rolesChanged.actor_id == admin && rolesChanged.detail == ["roles": "editor,user"])
        #expect(adas.first { $0.type == "logged_out_everywhere" }?.detail["sessions"] == "1")
        // Newest first: the role change was the last call.
        #expect(all.first?.type == "roles_changed")
    }

    @Test func theListFiltersByTypeAndUserAndPagesWithoutGapsOrRepeats() async throws {
        var settings = testSettings()
        settings.refreshReuseInterval = .zero
        try await withApp(settings: settings) { client, services in
            let (admin, ada, _) = try await runEveryEvent(client, services: services)
            let all = try await events(client, admin: admin.accessToken, "?limit=100").events
            let logins = try await events(client, admin: admin.accessToken, "?type=login_succeeded&user_id=\(ada)").events
            #expect(logins.count == 4 && logins.allSatisfy { $0.type == "login_succeeded" && $0.user_id == ada })
            var paged: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await events(client, admin: admin.accessToken, "?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                paged += page.events.map(\.id)
                cursor = page.next_cursor
            } while cursor != nil
            #expect(paged == all.map(\.id))

            for query in ["?type=nonsense", "?user_id=42", "?limit=0"] {
                let refused = try await client.send(.get, "/admin/audit\(query)", bearer: admin.accessToken)
                #expect(refused.status == .unprocessableContent, "\(query)")
            }
            let user = try await client.login(email: "ada@example.com", password: "battery staple")
            #expect(try await client.send(.get, "/admin/audit", bearer: user.accessToken).status == .forbidden)
        }
    }

    @Test func noEventOrLogLineHoldsAPasswordTokenHashOrSecret() async throws {
        let capture = LogCapture()
        var settings = testSettings()
        settings.refreshReuseInterval = .zero
        let store = KeptStore()
        let secret = String(decoding: settings.jwtSecret!.bytes, as: UTF8.self)
        try await withApp(settings: settings, logger: capture.logger(), decorateStore: store.decorate) { client, services in
            let (_, _, tokens) = try await runEveryEvent(client, services: services)
            let database = try store.database()
            let rows = try await database.raw("SELECT id, at, type, user_id, session_id, actor_id, ip, user_agent, detail FROM audit_events")
                .all()
            #expect(rows.count >= 14)
            let columns = ["id", "type", "user_id", "session_id", "actor_id", "ip", "user_agent", "detail"]
            let texts = try rows.map { row in try columns.compactMap { try row.decodeNil(column: $0) ? nil : row.decode(column: $0, as: String.self) }
            }
            let secrets =
                tokens + tokens.flatMap { $0.split(separator: ".").map(String.init) }
                + ["correct horse", "wrong horse", "battery staple", secret]
            for text in texts.flatMap({ $0 }) + capture.all {
                for secret in secrets { #expect(!text.contains(secret), "a secret in \(text.prefix(100))") }
                #expect(!text.contains("bcrypt_sha256$") && !text.contains("$2b$"), "a hash in \(text.prefix(100))")
            }
            #expect(capture.all.contains { $0.contains("/auth/login") }, "the request log must have run for the check to mean anything")
        }
    }

    @Test func aRefusedAuditWriteIsCountedAsDroppedAndTheRequestStillAnswers() async throws {
        var settings = testSettings()
        let managementPort = try freeLoopbackPort()
        settings.managementAddress = ManagementAddress(host: "127.0.0.1", port: managementPort)
        let refusing: @Sendable (any TokenGateStore) -> any TokenGateStore = { ForwardingStore(base: $0, refusesAuditWrites: true) { _ in } }
        try await withServerAtItsIssuerURL(settings: settings, decorateStore: refusing) { baseURL, services in
            let client = TokenGateClient(baseURL: baseURL)
            _ = try await client.register(email: "ada@example.com", password: "correct horse")
            _ = try await client.login(email: "ada@example.com", password: "correct horse")
            await services.audit.flush()
            let scrape = try await rawHTTP(port: managementPort, Array("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(scrape.contains("\ntokengate_audit_events_dropped_total 2\n"), "\(scrape.suffix(400))")
        }
    }
}

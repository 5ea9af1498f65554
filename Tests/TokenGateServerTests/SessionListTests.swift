import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// `GET /auth/sessions` and `DELETE /auth/sessions/{id}`.
struct SessionListTests {
    private struct Listed: Decodable {
        let sessions: [Info]
        struct Info: Decodable {
            let id: UUID
            let created_at: Date
            let last_used_at: Date
            let expires_at: Date
            let user_agent: String?
            let ip: String?
            let current: Bool
        }
    }

    @Test func theCallersLiveSessionsAreListedNewestFirstWithTheirDevice() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let phone = try await client.execute(
                uri: "/auth/register",
                method: .post,
                headers: [.contentType: "application/json", .userAgent: "Phone/1.0 " + String(repeating: "x", count: 300)],
                body: .init(string: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            ).decode(SessionBody.self)
            clock.advance(by: 5)
            let laptop = try await client.login()
            _ = try await client.register(email: "bob@example.com")
            try #require(try await client.send(.post, "/auth/logout", bearer: (try await client.login()).accessToken).status == .ok)

            let listed = try await client.send(.get, "/auth/sessions", bearer: laptop.accessToken).decode(Listed.self)
            #expect(listed.sessions.map(\.id) == [try sessionID(of: laptop.accessToken), try sessionID(of: phone.accessToken)])
            #expect(listed.sessions.map(\.current) == [true, false])
            let phoneInfo = listed.sessions[1]
            #expect(phoneInfo.user_agent?.hasPrefix("Phone/1.0 xxx") == true)
            #expect(phoneInfo.user_agent?.count == 200)
            #expect(listed.sessions[0].created_at > phoneInfo.created_at)
            #expect(phoneInfo.last_used_at == phoneInfo.created_at)
        }
    }

    @Test func revokingOneSessionLeavesTheOthersAndAnotherUsersIdIs404() async throws {
        try await withApp { client, _ in
            let first = try await client.register()
            let second = try await client.login()
            let bob = try await client.register(email: "bob@example.com")
            let firstID = try sessionID(of: first.accessToken)

            let foreign = try await client.send(.delete, "/auth/sessions/\(firstID.uuidString)", bearer: bob.accessToken)
            #expect(foreign.status == .notFound)
            #expect(foreign.error?.error == "not_found")
            #expect(try await client.send(.delete, "/auth/sessions/not-a-uuid", bearer: second.accessToken).status == .notFound)

            #expect(try await client.send(.delete, "/auth/sessions/\(firstID.uuidString)", bearer: second.accessToken).status == .noContent)
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: first.accessToken), code: "token_revoked")
            #expect(try await client.send(.get, "/auth/status", bearer: second.accessToken).status == .ok)
            #expect(try await client.send(.get, "/auth/status", bearer: bob.accessToken).status == .ok)
            let refreshed = try await client.post("/auth/refresh", json: #"{"refresh_token": "\#(first.pair.refreshToken)"}"#)
            #expect(refreshed.status == .unauthorized)
            #expect(try await client.send(.delete, "/auth/sessions/\(firstID.uuidString)", bearer: second.accessToken).status == .notFound)
        }
    }
}

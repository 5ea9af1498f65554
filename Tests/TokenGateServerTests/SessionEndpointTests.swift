import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct SessionEndpointTests {
    @Test func statusAndMeAnswerTheCaller() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            for path in ["/auth/status", "/auth/me"] {
                let response = try await client.send(.get, path, bearer: session.accessToken)
                #expect(response.status == .ok)
                #expect(try response.decode(Envelope<UserBody>.self).item == session.user)
            }
        }
    }

    /// Many HTTP clients send `Content-Type: application/json` on every POST: with an empty body that is no body.
    @Test func anEmptyJSONBodyOnRefreshIsNoBody() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let response = try await client.execute(
                uri: "/auth/refresh",
                method: .post,
                headers: [.authorization: "Bearer \(session.refreshToken)", .contentType: "application/json"]
            )
            #expect(response.status == .ok)
            let withoutToken = try await client.execute(uri: "/auth/refresh", method: .post, headers: [.contentType: "application/json"])
            #expect(withoutToken.status == .unauthorized)
            #expect(withoutToken.error?.error == "invalid_request")
        }
    }

    @Test func refreshWithTheBearerHeaderOrTheBody() async throws {
        try await withApp { client, services in
            let session = try await client.register()
            let viaHeader = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken)
            #expect(viaHeader.status == .ok)
            let pair = try viaHeader.decode(TokenPairBody.self)
            #expect(pair.tokenType == "Bearer")
            #expect(try await !services.sessions.authenticate(accessToken: pair.accessToken).fresh)

            let viaBody = try await client.post("/auth/refresh", json: #"{"refresh_token": "\#(pair.refreshToken)"}"#)
            #expect(viaBody.status == .ok)
            let next = try viaBody.decode(TokenPairBody.self)
            #expect(next.refreshToken != pair.refreshToken)
        }
    }

    @Test func aSpentRefreshTokenWithinTheIntervalAnswersTheSamePair() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let first = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).decode(TokenPairBody.self)
            let again = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken)
            #expect(again.status == .ok)
            #expect(try again.decode(TokenPairBody.self).refreshToken == first.refreshToken)
        }
    }

    @Test func reuseOutsideTheIntervalRevokesTheSession() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let session = try await client.register()
            let next = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).decode(TokenPairBody.self)
            clock.advance(by: 11)
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: session.refreshToken), code: "token_reused")
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: next.refreshToken), code: "token_revoked")
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: next.accessToken), code: "token_revoked")
        }
    }

    @Test func anExpiredRefreshTokenIsTokenExpired() async throws {
        let clock = ManualClock(Date())
        var settings = testSettings()
        settings.refreshTokenTTL = .seconds(3_600)
        try await withApp(settings: settings, clock: clock) { client, _ in
            let session = try await client.register()
            clock.advance(by: 3_600)
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: session.refreshToken), code: "token_expired")
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: session.accessToken), code: "token_expired")
        }
    }

    @Test func tokensOfTheWrongKindAreRefused() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: session.accessToken), code: "invalid_token")
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: session.refreshToken), code: "invalid_token")
        }
    }

    @Test func refreshWithoutATokenOrWithTwoDifferentOnesIsInvalidRequest() async throws {
        try await withApp { client, _ in
            let first = try await client.register()
            let second = try await client.login()
            expectCredentialsRequired(try await client.execute(uri: "/auth/refresh", method: .post))
            let both = try await client.send(
                .post,
                "/auth/refresh",
                bearer: first.refreshToken,
                json: #"{"refresh_token": "\#(second.refreshToken)"}"#
            )
            expectUnauthorized(both, code: "invalid_request", challenge: "invalid_request")
        }
    }

    @Test func logoutRevokesTheSessionsAccessAndRefreshTokens() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let other = try await client.login()
            let response = try await client.send(.post, "/auth/logout", bearer: session.accessToken)
            #expect(response.status == .ok)
            #expect(try response.decode(MessageBody.self).message == "Successfully logged out.")
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: session.accessToken), code: "token_revoked")
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: session.refreshToken), code: "token_revoked")
            expectUnauthorized(try await client.send(.post, "/auth/logout", bearer: session.accessToken), code: "token_revoked")
            #expect(try await client.send(.get, "/auth/status", bearer: other.accessToken).status == .ok)
        }
    }

    @Test func logoutAllRevokesEverySessionOfTheCaller() async throws {
        try await withApp { client, _ in
            let first = try await client.register()
            let second = try await client.login()
            let bob = try await client.register(email: "bob@example.com")
            #expect(try await client.send(.post, "/auth/logout-all", bearer: second.accessToken).status == .ok)
            for session in [first, second] {
                expectUnauthorized(try await client.send(.get, "/auth/status", bearer: session.accessToken), code: "token_revoked")
                expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: session.refreshToken), code: "token_revoked")
            }
            #expect(try await client.send(.get, "/auth/status", bearer: bob.accessToken).status == .ok)
        }
    }

    @Test func passwordChangeNeedsAFreshToken() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let refreshed = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).decode(TokenPairBody.self)
            let response = try await client.changePassword(bearer: refreshed.accessToken)
            expectUnauthorized(response, code: "fresh_token_required")
        }
    }

    @Test func passwordChangeRevokesOtherSessionsAndKeepsThisOne() async throws {
        try await withApp { client, _ in
            let current = try await client.register()
            let other = try await client.login()
            let wrong = try await client.changePassword(bearer: current.accessToken, from: "wrong horse")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.error?.fields?["current_password"] != nil)
            let weak = try await client.changePassword(bearer: current.accessToken, to: "short")
            #expect(weak.error?.fields?["new_password"] != nil)

            let changed = try await client.changePassword(bearer: current.accessToken)
            #expect(changed.status == .ok)
            #expect(try await client.send(.get, "/auth/status", bearer: current.accessToken).status == .ok)
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: other.accessToken), code: "token_revoked")
            let old = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            expectUnauthorized(old, code: "invalid_credentials", challenge: "invalid_request")
            _ = try await client.login(password: "battery staple")
        }
    }

    @Test func healthReadyAndKeySet() async throws {
        try await withApp { client, _ in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(health.text == #"{"status":"ok"}"#)
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            let keys = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(keys.status == .ok)
            #expect(keys.text == #"{"keys":[]}"#)
        }
    }

    @Test func readyIs503WhenTheDatabaseDoesNotAnswer() async throws {
        try await withApp(decorateStore: failingPing) { client, _ in
            let response = try await client.execute(uri: "/ready", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.error?.error == "database_unavailable")
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct TokenTransportTests {
    @Test func theLegacyHeaderAuthenticates() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let response = try await client.execute(
                uri: "/auth/status",
                method: .get,
                headers: [HTTPField.Name("x-access-token")!: session.accessToken]
            )
            #expect(response.status == .ok)
            let both = try await client.execute(
                uri: "/auth/status",
                method: .get,
                headers: [.authorization: "Bearer \(session.accessToken)", HTTPField.Name("x-access-token")!: session.accessToken]
            )
            #expect(both.status == .ok)
            let lowercase = try await client.execute(uri: "/auth/status", method: .get, headers: [.authorization: "bearer \(session.accessToken)"])
            #expect(lowercase.status == .ok)
        }
    }

    @Test(arguments: ["", " ", "a b", "abc\tdef"])
    func anEmptyOrSpacedLegacyHeaderIsInvalidRequest(value: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/auth/status", method: .get, headers: [HTTPField.Name("x-access-token")!: value])
            expectUnauthorized(response, code: "invalid_request", challenge: "invalid_request")
        }
    }

    @Test func theLegacyHeaderSentTwiceIsInvalidRequestEvenWithOneToken() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            var twice = HTTPFields()
            twice.append(HTTPField(name: HTTPField.Name("x-access-token")!, value: session.accessToken))
            twice.append(HTTPField(name: HTTPField.Name("x-access-token")!, value: session.accessToken))
            let response = try await client.execute(uri: "/auth/status", method: .get, headers: twice)
            expectUnauthorized(response, code: "invalid_request", challenge: "invalid_request")
        }
    }

    /// `Authorization: Basic …` is another scheme's: the legacy header beside it still authenticates.
    @Test func anotherSchemeBesideTheLegacyHeaderDoesNotHideTheToken() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let headers: HTTPFields = [.authorization: "Basic YWRhOnB3", HTTPField.Name("x-access-token")!: session.accessToken]
            #expect(try await client.execute(uri: "/auth/status", method: .get, headers: headers).status == .ok)
        }
    }

    @Test func noTokenGetsAChallengeWithoutAnErrorCode() async throws {
        try await withApp { client, _ in
            expectCredentialsRequired(try await client.execute(uri: "/auth/status", method: .get))
        }
    }

    /// Another scheme's credentials are no credentials for this API (RFC 6750 §3.1).
    @Test(arguments: ["Basic YWRhOnB3", "Token abc", "Negotiate", "Digest username=\"ada\""])
    func anotherSchemeGetsAChallengeWithoutAnErrorCode(value: String) async throws {
        try await withApp { client, _ in
            expectCredentialsRequired(try await client.execute(uri: "/auth/status", method: .get, headers: [.authorization: value]))
        }
    }

    @Test(arguments: ["Bearer", "Bearer ", "Bearer  ", "BearerX", "bearer", "Bearer a b", ""])
    func malformedAuthorizationIsInvalidRequest(value: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/auth/status", method: .get, headers: [.authorization: value])
            expectUnauthorized(response, code: "invalid_request", challenge: "invalid_request")
        }
    }

    @Test func aTokenGluedToTheSchemeIsInvalidRequest() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let response = try await client.execute(uri: "/auth/status", method: .get, headers: [.authorization: "Bearer\(session.accessToken)"])
            expectUnauthorized(response, code: "invalid_request", challenge: "invalid_request")
        }
    }

    @Test func twoAuthorizationHeadersOrDifferingHeadersAreInvalidRequest() async throws {
        try await withApp { client, _ in
            let first = try await client.register()
            let second = try await client.login()
            var twice = HTTPFields()
            twice.append(HTTPField(name: .authorization, value: "Bearer \(first.accessToken)"))
            twice.append(HTTPField(name: .authorization, value: "Bearer \(first.accessToken)"))
            expectUnauthorized(
                try await client.execute(uri: "/auth/status", method: .get, headers: twice),
                code: "invalid_request",
                challenge: "invalid_request"
            )
            let differing: HTTPFields = [
                .authorization: "Bearer \(first.accessToken)", HTTPField.Name("x-access-token")!: second.accessToken,
            ]
            expectUnauthorized(
                try await client.execute(uri: "/auth/status", method: .get, headers: differing),
                code: "invalid_request",
                challenge: "invalid_request"
            )
        }
    }

    @Test func aTokenInTheQueryStringOrBodyNeverAuthenticates() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            for uri in ["/auth/status?access_token=\(session.accessToken)", "/auth/status?token=\(session.accessToken)"] {
                expectCredentialsRequired(try await client.execute(uri: uri, method: .get))
            }
            let body = try await client.execute(
                uri: "/auth/status",
                method: .get,
                headers: [.contentType: "application/json"],
                body: .init(string: #"{"access_token": "\#(session.accessToken)"}"#)
            )
            expectCredentialsRequired(body)
        }
    }

    @Test(arguments: ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", String(repeating: "a", count: 9_000)])
    func garbageTokensAreInvalidToken(token: String) async throws {
        try await withApp { client, _ in
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: token), code: "invalid_token")
        }
    }

    @Test func aTokenOfAnotherServerIsRefused() async throws {
        var other = testSettings()
        other.jwtSecret = SigningSecret("a-completely-different-secret-value!!")
        let foreign = try await withServices(settings: other) { services, _ in
            let user = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            return try await services.sessions.start(for: user).accessToken
        }
        try await withApp { client, _ in
            _ = try await client.register()
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: foreign), code: "invalid_token")
        }
    }
}

import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// `GET /auth/forward`, the check a gateway asks before passing a request on.
struct ForwardAuthTests {
    @Test func aValidTokenIsAnsweredWithTheCallersIdentityInHeaders() async throws {
        try await withApp { client, services in
            let editor = try await client.user("ed@example.com", roles: [.editor], services: services)
            let response = try await client.send(.get, "/auth/forward", bearer: editor.accessToken)
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            #expect(response.headers[HTTPField.Name("X-TokenGate-User")!] == editor.user.id.uuidString)
            let session = try sessionID(of: editor.accessToken).uuidString
            #expect(response.headers[HTTPField.Name("X-TokenGate-Session")!] == session)
            #expect(response.headers[HTTPField.Name("X-TokenGate-Roles")!] == "editor,user")
            #expect(response.headers[HTTPField.Name("X-TokenGate-Email")!] == "ed@example.com")
        }
    }

    @Test func aRoleInTheQueryMustBeHeldByTheToken() async throws {
        try await withApp { client, services in
            let reader = try await client.register(email: "reader@example.com")
            let editor = try await client.user("ed@example.com", roles: [.editor, .admin], services: services)
            let refused = try await client.send(.get, "/auth/forward?role=editor", bearer: reader.accessToken)
            #expect(refused.status == .forbidden)
            #expect(refused.error?.error == "forbidden")
            #expect(try await client.send(.get, "/auth/forward?role=editor", bearer: editor.accessToken).status == .noContent)
            let roles = try await client.send(.get, "/auth/forward?role=admin", bearer: editor.accessToken).headers[
                HTTPField.Name("X-TokenGate-Roles")!
            ]
            #expect(Set((roles ?? "").split(separator: ",")) == ["admin", "editor", "user"])
        }
    }

    @Test func missingForgedAndRevokedTokensGetTheUsual401() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            expectCredentialsRequired(try await client.execute(uri: "/auth/forward", method: .get))
            let forged = try reSigned(session.accessToken, header: ["alg": "HS256", "kid": "default", "typ": "JWT"]) {
                Data(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(size: .bits256)))
            }
            expectUnauthorized(try await client.send(.get, "/auth/forward", bearer: forged), code: "invalid_token")
            #expect(try await client.send(.post, "/auth/logout", bearer: session.accessToken).status == .ok)
            expectUnauthorized(try await client.send(.get, "/auth/forward", bearer: session.accessToken), code: "token_revoked")
        }
    }
}

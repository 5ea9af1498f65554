import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

@testable import NotesService
@testable import TokenGateAuth

/// The example notes service, protected by TokenGateAuth, against a live TokenGate that signs with ES256.
struct NotesServiceTests {
    @Test func notesAcceptTokenGateTokensAndRefuseTheRest() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        var settings = testSettings()
        settings.jwtPrivateKeyFile = try keys.make(.p256PKCS8)
        try await withServerAtItsIssuerURL(settings: settings) { issuer, services in
            let reader = TokenGateClient(baseURL: issuer)
            try await reader.register(email: "reader@example.com", password: "correct horse")
            let editorUser = try await TokenGateClient(baseURL: issuer).register(email: "ed@example.com", password: "correct horse")
            _ = try await services.roles.changeRoles(userID: editorUser.id, to: [.editor])
            let editor = TokenGateClient(baseURL: issuer)
            try await editor.login(email: "ed@example.com", password: "correct horse")
            let readerToken = try #require(try await reader.storedTokens()).accessToken
            let editorToken = try #require(try await editor.storedTokens()).accessToken

            let verifier = TokenGateVerifier(keys: .issuer(issuer), issuer: issuer, audience: "tokengate")
            let later = ManualClock(Date().addingTimeInterval(3_600))
            let lateVerifier = TokenGateVerifier(
                keys: .issuer(issuer),
                issuer: issuer,
                audience: "tokengate",
                leeway: .seconds(30),
                refetchInterval: .seconds(30),
                httpClient: .shared,
                logger: quietLogger(),
                time: later.source
            )
            try await Application(router: notesRouter(verifier: verifier)).test(.router) { client in
                let missing = try await client.execute(uri: "/notes", method: .get)
                #expect(missing.status == .unauthorized)
                #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="tokengate""#)

                let forgedToken = try reSigned(readerToken, header: ["alg": "ES256", "kid": services.keyRing.signingKeyID]) {
                    try P256.Signing.PrivateKey().signature(for: $0).rawRepresentation
                }
                let forged = try await client.send(.get, "/notes", bearer: forgedToken)
                #expect(forged.status == .unauthorized)
                #expect(forged.headers[.wwwAuthenticate]?.hasPrefix(#"Bearer realm="tokengate", error="invalid_token""#) == true)

                let note = #"{"text": "hello"}"#
                #expect(try await client.send(.post, "/notes", bearer: readerToken, json: note).status == .forbidden)
                #expect(try await client.send(.post, "/notes", bearer: editorToken, json: note).status == .created)
                let listed = try await client.send(.get, "/notes", bearer: readerToken)
                #expect(listed.status == .ok)
                let notes = try JSONDecoder().decode([Note].self, from: listed.body)
                #expect(notes.map(\.text) == ["hello"])
                #expect(notes.map(\.author) == [editorUser.id.uuidString])
            }
            try await Application(router: notesRouter(verifier: lateVerifier)).test(.router) { client in
                let expired = try await client.send(.get, "/notes", bearer: readerToken)
                #expect(expired.status == .unauthorized)
                #expect(String(buffer: expired.body).contains(#""error":"token_expired""#))
                #expect(expired.headers[.wwwAuthenticate]?.contains(#"error="invalid_token""#) == true)
            }
        }
    }
}

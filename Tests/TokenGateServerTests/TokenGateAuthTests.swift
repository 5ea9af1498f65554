import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

@testable import TokenGateAuth

/// `TokenGateVerifier` and its middleware, in a service that is not TokenGate, against a live TokenGate server.
struct TokenGateAuthTests {
    /// A JWKS endpoint the test controls: what it serves, whether it answers, and how often it was asked.
    final class PublishedKeys: Sendable {
        let document = Mutex(PublicJWKSet(keys: []))
        let down = Mutex(false)
        let requests = Mutex(0)

        /// Adds `GET /test/jwks.json` to `router`.
        func add(to router: Router<TokenGateRequestContext>) {
            router.get("test/jwks.json") { _, _ -> Response in
                self.requests.withLock { $0 += 1 }
                guard !self.down.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
                let body = try JSONEncoder().encode(self.document.withLock { $0 })
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
            }
        }
    }

    private static func settings(key file: String) -> Settings {
        var settings = testSettings()
        settings.jwtPrivateKeyFile = file
        settings.issuer = "https://auth.example.test"
        return settings
    }

    /// Runs `body` with a live TokenGate server signing with a new key of `kind`, its JWKS also served by `keys`.
    private func withServer(
        _ kind: TestKeys.Kind = .p256SEC1,
        keys published: PublishedKeys = PublishedKeys(),
        clock: ManualClock? = nil,
        _ body: @escaping @Sendable (String, any TestClientProtocol, TokenGateServices) async throws -> Void
    ) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let settings = Self.settings(key: try keys.make(kind))
        let run: @Sendable (any TestClientProtocol, TokenGateServices) async throws -> Void = { server, services in
            published.document.withLock { $0 = services.keyRing.publicKeySet(at: Date()) }
            try await body("http://127.0.0.1:\(try #require(server.port))", server, services)
        }
        try await withApp(settings: settings, clock: clock, extraRoutes: { router, _ in published.add(to: router) }, testing: .live, run)
    }

    private func verifier(_ source: KeySource, refetchInterval: Duration = .seconds(30), clock: ManualClock? = nil) -> TokenGateVerifier {
        TokenGateVerifier(
            keys: source,
            issuer: "https://auth.example.test",
            audience: "tokengate",
            leeway: .seconds(30),
            refetchInterval: refetchInterval,
            httpClient: .shared,
            logger: quietLogger(),
            time: clock?.source ?? .system
        )
    }

    private func refusal(_ verifier: TokenGateVerifier, _ token: String) async -> TokenGateAuthError? {
        do {
            _ = try await verifier.verify(token)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [TestKeys.Kind.p256SEC1, .rsaPKCS1, .ed25519])
    func aTokenGateTokenIsAcceptedThroughDiscoveryAndAForgedOneRefused(kind: TestKeys.Kind) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        try await withServerAtItsIssuerURL(settings: Self.settings(key: try keys.make(kind))) { issuer, services in
            let client = TokenGateClient(baseURL: issuer)
            let user = try await client.register(email: "ada@example.com", password: "correct horse")
            let tokens = try #require(try await client.storedTokens())
            let verifier = TokenGateVerifier(keys: .issuer(issuer), issuer: issuer, audience: "tokengate")
            let identity = try await verifier.verify(tokens.accessToken)
            #expect(identity.subject == user.id.uuidString)
            #expect(identity.roles == ["user"])
            #expect(identity.sessionID == (try sessionID(of: tokens.accessToken)).uuidString)

            let forged = try reSigned(tokens.accessToken, header: ["alg": "HS256", "kid": services.keyRing.signingKeyID]) {
                Data(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(size: .bits256)))
            }
            #expect(await refusal(verifier, forged)?.code == "invalid_token")
            #expect(await refusal(verifier, tokens.refreshToken)?.code == "invalid_token")
            let elsewhere = TokenGateVerifier(keys: .issuer(issuer), issuer: "https://other.example", audience: "tokengate")
            #expect(await refusal(elsewhere, tokens.accessToken) == .keysUnavailable)
        }
    }

    @Test func anExpiredTokenIsTokenExpired() async throws {
        let clock = ManualClock(Date().addingTimeInterval(-3_600))
        try await withServer(clock: clock) { baseURL, server, _ in
            let old = try await server.register().accessToken
            #expect(await refusal(verifier(.jwks(baseURL + "/.well-known/jwks.json")), old)?.code == "token_expired")
        }
    }

    @Test func theKeysHeldKeepServingWhileTheJWKSEndpointIsDown() async throws {
        let published = PublishedKeys()
        try await withServer(keys: published) { baseURL, server, _ in
            let verifier = verifier(.jwks(baseURL + "/test/jwks.json"), refetchInterval: .zero)
            let first = try await server.register(email: "a@example.com").accessToken
            _ = try await verifier.verify(first)
            published.down.withLock { $0 = true }
            let unknown = try reSigned(first, header: ["alg": "ES256", "kid": "no-such-key"]) { _ in Data(count: 64) }
            #expect(await refusal(verifier, unknown)?.code == "invalid_token")
            #expect(published.requests.withLock { $0 } == 2)
            let second = try await server.register(email: "b@example.com").accessToken
            #expect(try await verifier.verify(second).roles == ["user"])
        }
    }

    @Test func aFloodOfUnknownKeyIDsCausesOneRefetchPerInterval() async throws {
        let published = PublishedKeys()
        try await withServer(keys: published) { baseURL, server, _ in
            let clock = ManualClock(Date())
            let verifier = verifier(.jwks(baseURL + "/test/jwks.json"), clock: clock)
            let token = try await server.register().accessToken
            _ = try await verifier.verify(token)
            let flood = { @Sendable () async -> Set<String?> in
                await withTaskGroup(of: String?.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            let bogus = try? reSigned(token, header: ["alg": "ES256", "kid": "bogus-\(index)"]) { _ in Data(count: 64) }
                            return await refusal(verifier, bogus ?? "")?.code
                        }
                    }
                    return await group.reduce(into: []) { $0.insert($1) }
                }
            }
            #expect(await flood() == ["invalid_token"])
            #expect(published.requests.withLock { $0 } == 1)  // within 30 s of the first fetch: none
            clock.advance(by: 31)
            #expect(await flood() == ["invalid_token"])
            #expect(published.requests.withLock { $0 } == 2)  // then one for the whole flood
            #expect(await flood() == ["invalid_token"])
            #expect(published.requests.withLock { $0 } == 2)
        }
    }

    @Test func aRotatedKeyIsPickedUpFromTheJWKS() async throws {
        let published = PublishedKeys()
        try await withServer(.p256SEC1, keys: published) { baseURL, oldServer, oldServices in
            let verifier = verifier(.jwks(baseURL + "/test/jwks.json"), refetchInterval: .zero)
            _ = try await verifier.verify(try await oldServer.register(email: "a@example.com").accessToken)
            let oldKeys = oldServices.keyRing.publicKeySet(at: Date()).keys
            // A second instance with the new key; the JWKS now lists both, as during a rotation.
            try await withServer(.ed25519) { _, newServer, newServices in
                let token = try await newServer.register(email: "b@example.com").accessToken
                #expect(await refusal(verifier, token)?.code == "invalid_token")
                published.document.withLock { $0 = PublicJWKSet(keys: newServices.keyRing.publicKeySet(at: Date()).keys + oldKeys) }
                #expect(try await verifier.verify(token).subject == (try stringClaim("sub", of: token)))
            }
        }
    }

    @Test func theMiddlewareAnswersWithTheContractsErrorsAndChallenges() async throws {
        try await withServer { baseURL, server, _ in
            let verifier = verifier(.jwks(baseURL + "/.well-known/jwks.json"))
            let router = Router(context: TokenGateAuthContext.self)
            let notes = router.group("notes").requireToken(verifier)
            notes.get { _, context in try context.identity.subject }
            notes.requireRole("editor").post { _, _ in "saved" }
            let app = Application(router: router)
            let reader = try await server.register().accessToken
            try await app.test(.router) { client in
                let ok = try await client.execute(uri: "/notes", method: .get, headers: [.authorization: "Bearer \(reader)"])
                #expect(ok.status == .ok)
                #expect(String(buffer: ok.body) == (try stringClaim("sub", of: reader)))

                let missing = try await client.execute(uri: "/notes", method: .get)
                #expect(missing.status == .unauthorized)
                #expect(missing.headers[.wwwAuthenticate] == #"Bearer realm="tokengate""#)

                let forged = try await client.execute(uri: "/notes", method: .get, headers: [.authorization: "Bearer \(reader)x"])
                #expect(forged.status == .unauthorized)
                #expect(forged.headers[.wwwAuthenticate]?.hasPrefix(#"Bearer realm="tokengate", error="invalid_token""#) == true)
                #expect(String(buffer: forged.body).contains(#""error":"invalid_token""#))

                let malformed = try await client.execute(uri: "/notes", method: .get, headers: [.authorization: "Bearer"])
                #expect(malformed.headers[.wwwAuthenticate]?.contains(#"error="invalid_request""#) == true)

                let refused = try await client.execute(uri: "/notes", method: .post, headers: [.authorization: "Bearer \(reader)"])
                #expect(refused.status == .forbidden)
                #expect(String(buffer: refused.body).contains(#""error":"forbidden""#))
            }
        }
    }
}

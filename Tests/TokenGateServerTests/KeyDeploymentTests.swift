import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// A server signing with an asymmetric key answers forged tokens as the contract says: 401 `invalid_token`.
struct KeyDeploymentTests {
    @Test func forgedTokensAreRefusedAsInvalidToken() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        var settings = testSettings()
        let keyFile = try keys.make(.p256SEC1)
        settings.jwtPrivateKeyFile = keyFile
        try await withApp(settings: settings) { client, services in
            let genuine = try await client.register().accessToken
            #expect(try await client.send(.get, "/auth/status", bearer: genuine).status == .ok)
            let kid = services.keyRing.signingKeyID
            let attacker = P256.Signing.PrivateKey()
            let publicPEM = try String(contentsOfFile: try keys.publicKey(of: keyFile), encoding: .utf8)
            let forged = [
                "another key under our kid": try reSigned(genuine, header: ["alg": "ES256", "kid": kid]) {
                    try attacker.signature(for: $0).rawRepresentation
                },
                "alg none": try reSigned(genuine, header: ["alg": "none", "kid": kid]) { _ in Data() },
                "HS256 keyed with the public key": try reSigned(genuine, header: ["alg": "HS256", "kid": kid]) {
                    Data(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(data: Data(publicPEM.utf8))))
                },
                "no kid": try reSigned(genuine, header: ["alg": "ES256"]) { _ in Data(count: 64) },
            ]
            for (what, token) in forged {
                let response = try await client.send(.get, "/auth/status", bearer: token)
                #expect(response.error?.error == "invalid_token", "\(what)")
                expectUnauthorized(response, code: "invalid_token")
            }
        }
    }
}

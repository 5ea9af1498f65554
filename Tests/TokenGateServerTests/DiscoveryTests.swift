import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateServer

struct DiscoveryTests {
    private struct MetadataBody: Decodable, Equatable {
        let issuer: String
        let jwks_uri: String
        let id_token_signing_alg_values_supported: [String]
        let subject_types_supported: [String]
        let response_types_supported: [String]
        let claims_supported: [String]
    }

    @Test func anHS256SetupPublishesNoKey() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "public, max-age=300")
            #expect(try response.decode(PublicJWKSet.self).keys.isEmpty)
        }
    }

    @Test func theJWKSHoldsTheSigningKeyFirstThenTheRetiredOnesAndTokensNameTheSigningKey() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        var settings = testSettings()
        settings.jwtPrivateKeyFile = try keys.make(.p256SEC1)
        settings.jwtVerifyKeyFiles = [try keys.make(.ed25519), try keys.make(.rsaPKCS8)]
        try await withApp(settings: settings) { client, services in
            let response = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(response.headers[.cacheControl] == "public, max-age=300")
            let published = try response.decode(PublicJWKSet.self).keys
            #expect(published.map(\.alg) == ["ES256", "EdDSA", "RS256"])
            #expect(published.map(\.kid) == services.keyRing.entries.map(\.keyID))
            let session = try await client.register()
            #expect(try JSONDecoder().decode([String: String].self, from: tokenSegment(session.accessToken, 0))["kid"] == published[0].kid)
            #expect(try await client.send(.get, "/auth/status", bearer: session.accessToken).status == .ok)
        }
    }

    /// The first start with a new signing key writes one `key_rotated` event naming both keys; a restart with the same
    /// keys writes none.
    @Test func theFirstStartWithANewSigningKeyIsAudited() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-rotation-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = DatabaseLocation.sqliteFile(path: "\(folder)/db.sqlite")
        let old = try keys.make(.p256SEC1)
        let new = try keys.make(.ed25519)
        var before = testSettings()
        before.jwtPrivateKeyFile = old
        var after = testSettings()
        after.jwtPrivateKeyFile = new
        after.jwtVerifyKeyFiles = [old]
        let rotations = { @Sendable (services: TokenGateServices) async throws -> [AuditEvent] in
            await services.audit.flush()
            return try await services.audit.events(matching: AuditFilter(kind: .keyRotated), page: PageRequest(limit: 10)).items
        }
        try await withApp(location: database, settings: before) { _, services in
            let events = try await rotations(services)
            #expect(events.isEmpty)
        }
        guard case .asymmetric(let oldKey, _) = try SigningKeys.load(for: before) else {
            Issue.record("the key file did not load as an asymmetric key")
            return
        }
        let oldKeyID = oldKey.keyID
        try await withApp(location: database, settings: after) { _, services in
            let events = try await rotations(services)
            #expect(events.map(\.detail) == [["kid": services.keyRing.signingKeyID, "algorithm": "EdDSA", "replaced_kid": oldKeyID]])
        }
        try await withApp(location: database, settings: after) { _, services in
            let events = try await rotations(services)
            #expect(events.count == 1, "a restart with the same keys is no rotation")
        }
    }

    @Test(arguments: ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"])
    func discoveryNamesTheIssuerAndItsJWKS(path: String) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        var settings = testSettings()
        settings.issuer = "https://auth.example.com/"
        settings.jwtPrivateKeyFile = try keys.make(.ed25519)
        try await withApp(settings: settings) { client, _ in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "public, max-age=300")
            let body = try response.decode(MetadataBody.self)
            #expect(body.issuer == "https://auth.example.com/")
            #expect(body.jwks_uri == "https://auth.example.com/.well-known/jwks.json")
            #expect(body.id_token_signing_alg_values_supported == ["EdDSA"])
            #expect(body.subject_types_supported == ["public"] && body.response_types_supported == ["token"])
            #expect(Set(body.claims_supported).isSuperset(of: ["iss", "aud", "sub", "exp", "jti", "sid", "type", "roles", "fresh"]))
        }
    }

    @Test func discoveryWithAnIssuerThatIsNoURLIsNotFound() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/.well-known/openid-configuration", method: .get)
            #expect(response.status == .notFound)
            #expect(response.error?.error == "not_found")
            #expect(response.error?.message.contains("TOKENGATE_ISSUER") == true)
        }
    }
}

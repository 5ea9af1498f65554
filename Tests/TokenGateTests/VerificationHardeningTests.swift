import Crypto
import Foundation
import Testing
import TokenGateTestSupport

@testable import TokenGate

/// RFC 8725's attacks on JWT verifiers, each against a deployment that signs with an asymmetric key.
struct VerificationHardeningTests {
    let clock = ManualClock()

    /// An ES256 deployment: its ring, and the private key (to make signatures a token would really carry).
    private func es256Deployment(_ keys: TestKeys) async throws -> (ring: KeyRing, privateKey: P256.Signing.PrivateKey, path: String) {
        let path = try keys.make(.p256SEC1)
        let ring = try await deploymentRing(path)
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        return (ring, try P256.Signing.PrivateKey(pemRepresentation: pem), path)
    }

    private func deploymentRing(_ path: String) async throws -> KeyRing {
        var settings = Settings()
        settings.jwtPrivateKeyFile = path
        return try await KeyRing.make(try SigningKeys.load(for: settings), settings: settings, store: NoRetiredKeys(), now: clock.now)
    }

    private struct NoRetiredKeys: SigningKeyStore {
        func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> SigningKeyHistory {
            SigningKeyHistory(retiredAt: [:])
        }
    }

    private func verify(_ token: String, with ring: KeyRing) throws(TokenError) {
        _ = try TokenFixtures.verifier(ring, clock: clock).verifyAccessToken(token)
    }

    /// Valid access-token claims.
    private var claims: Data {
        let now = Int(clock.now.timeIntervalSince1970)
        let payload: [String: Any] = [
            "iss": "tokengate", "aud": "tokengate", "sub": UUID().uuidString, "iat": now, "nbf": now, "exp": now + 60,
            "jti": UUID().uuidString, "sid": UUID().uuidString, "type": "access", "roles": ["user"], "fresh": false,
        ]
        return try! JSONSerialization.data(withJSONObject: payload)
    }

    /// A compact token of `header` and valid claims, its signature made by `sign` over `header.payload`.
    private func token(_ header: [String: Any], extraSegments: Int = 0, sign: (Data) throws -> Data) throws -> String {
        let input = base64URLEncoded(try JSONSerialization.data(withJSONObject: header)) + "." + base64URLEncoded(claims)
        let signature = base64URLEncoded(try sign(Data(input.utf8)))
        return ([input, signature] + Array(repeating: "AAAA", count: extraSegments)).joined(separator: ".")
    }

    private func hs256(key: Data) -> (Data) -> Data {
        { Data(HMAC<SHA256>.authenticationCode(for: $0, using: SymmetricKey(data: key))) }
    }

    @Test func aTokenSignedByTheDeploymentsKeyIsAcceptedSoTheRefusalsBelowAreMeaningful() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, privateKey, _) = try await es256Deployment(keys)
        let valid = try token(["alg": "ES256", "kid": ring.signingKeyID, "typ": "JWT"]) { try privateKey.signature(for: $0).rawRepresentation }
        try verify(valid, with: ring)
    }

    @Test func anUnknownOrMissingKeyIDIsRefused() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, privateKey, _) = try await es256Deployment(keys)
        let sign: (Data) throws -> Data = { try privateKey.signature(for: $0).rawRepresentation }
        #expect(throws: TokenError.unknownKey) { try verify(try token(["alg": "ES256", "kid": "someone-else"], sign: sign), with: ring) }
        #expect(throws: TokenError.malformed) { try verify(try token(["alg": "ES256"], sign: sign), with: ring) }
    }

    @Test func anAlgorithmOtherThanTheKeysIsRefused() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, privateKey, _) = try await es256Deployment(keys)
        for alg in ["RS256", "ES384", "EdDSA", "PS256", "HS256"] {
            let forged = try token(["alg": alg, "kid": ring.signingKeyID]) { try privateKey.signature(for: $0).rawRepresentation }
            #expect(throws: TokenError.unknownKey, "alg \(alg)") { try verify(forged, with: ring) }
        }
    }

    @Test(arguments: ["none", "None", "NONE", "nOnE"])
    func algNoneIsRefusedInEverySpelling(_ alg: String) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, _, _) = try await es256Deployment(keys)
        let unsigned = try token(["alg": alg, "kid": ring.signingKeyID]) { _ in Data() }
        #expect(throws: TokenError.unknownKey) { try verify(unsigned, with: ring) }
        #expect(throws: TokenError.malformed) { try verify(try token(["alg": alg]) { _ in Data() }, with: ring) }
    }

    /// A token signed by a key we do not hold, which its header offers as `jwk`, `jku`, `x5u` or `x5c`, under our `kid`.
    @Test(arguments: ["jwk", "jku", "x5u", "x5c"])
    func aKeyOfferedInTheHeaderIsNeverUsed(_ member: String) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, _, _) = try await es256Deployment(keys)
        let attacker = P256.Signing.PrivateKey()
        let x963 = attacker.publicKey.x963Representation
        let offered: Any =
            switch member {
            case "jwk": ["kty": "EC", "crv": "P-256", "x": base64URLEncoded(x963[1..<33]), "y": base64URLEncoded(x963[33...])]
            case "x5c": [attacker.publicKey.derRepresentation.base64EncodedString()]
            default: "https://attacker.example/keys.json"
            }
        let forged = try token(["alg": "ES256", "kid": ring.signingKeyID, member: offered]) { try attacker.signature(for: $0).rawRepresentation }
        #expect(throws: TokenError.badSignature) { try verify(forged, with: ring) }
    }

    @Test func aCritHeaderAndAFiveSegmentTokenAreRefused() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, privateKey, _) = try await es256Deployment(keys)
        let sign: (Data) throws -> Data = { try privateKey.signature(for: $0).rawRepresentation }
        let critical = try token(["alg": "ES256", "kid": ring.signingKeyID, "crit": ["exp"]], sign: sign)
        #expect(throws: TokenError.malformed) { try verify(critical, with: ring) }
        let jweShaped = try token(["alg": "ES256", "kid": ring.signingKeyID], extraSegments: 2, sign: sign)
        #expect(throws: TokenError.malformed) { try verify(jweShaped, with: ring) }
    }

    @Test func ecdsaSignaturesWithAZeroHalfOrInDERAreRefused() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let (ring, privateKey, _) = try await es256Deployment(keys)
        let header: [String: Any] = ["alg": "ES256", "kid": ring.signingKeyID]
        let zeroR = try token(header) { Data(count: 32) + (try privateKey.signature(for: $0).rawRepresentation.suffix(32)) }
        let zeroS = try token(header) { (try privateKey.signature(for: $0).rawRepresentation.prefix(32)) + Data(count: 32) }
        let zeroBoth = try token(header) { _ in Data(count: 64) }
        let der = try token(header) { try privateKey.signature(for: $0).derRepresentation }
        for forged in [zeroR, zeroS, zeroBoth, der] {
            #expect(throws: TokenError.badSignature) { try verify(forged, with: ring) }
        }
    }

    /// The classic confusion: HS256 with the deployment's public key as the HMAC secret, in every form a verifier
    /// could be tricked into using it, under the key's own `kid` and under none.
    @Test(arguments: [TestKeys.Kind.rsaPKCS8, .p256SEC1])
    func hs256SignedWithThePublicKeyIsRefused(kind: TestKeys.Kind) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let path = try keys.make(kind)
        let ring = try await deploymentRing(path)
        let publicPEM = try String(contentsOfFile: try keys.publicKey(of: path), encoding: .utf8)
        let der = folderFile(keys, "public.der")
        try keys.run("openssl", "pkey", "-in", path, "-pubout", "-outform", "DER", "-out", der)
        let jwk = try #require(ring.publicKeySet(at: clock.now).keys.first)
        var secrets: [String: Data] = [
            "PEM": Data(publicPEM.utf8), "PEM without trailing newline": Data(publicPEM.trimmingCharacters(in: .newlines).utf8),
            "DER": try Data(contentsOf: URL(fileURLWithPath: der)), "JWK JSON": try JSONEncoder().encode(jwk),
        ]
        if let n = jwk.n { secrets["n"] = Data(n.utf8) }
        if let x = jwk.x { secrets["x"] = Data(x.utf8) }
        for (form, secret) in secrets {
            let underOurKeyID = try token(["alg": "HS256", "kid": ring.signingKeyID], sign: hs256(key: secret))
            #expect(throws: TokenError.unknownKey, "HS256 keyed with the \(form)") { try verify(underOurKeyID, with: ring) }
            let withoutKeyID = try token(["alg": "HS256"], sign: hs256(key: secret))
            #expect(throws: TokenError.malformed, "HS256 keyed with the \(form), no kid") { try verify(withoutKeyID, with: ring) }
        }
    }

    private func folderFile(_ keys: TestKeys, _ name: String) -> String { keys.folder + "/" + name }
}

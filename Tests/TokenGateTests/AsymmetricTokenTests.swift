import Crypto
import Foundation
import Testing
import TokenGateTestSupport

@testable import TokenGate

/// Tokens signed with asymmetric keys, and the attacks RFC 8725 lists against verifiers of them.
struct AsymmetricTokenTests {
    let clock = ManualClock()

    private func key(_ kind: TestKeys.Kind, in keys: TestKeys, algorithm: SigningAlgorithm? = nil) throws -> AsymmetricKey {
        var settings = Settings()
        settings.jwtPrivateKeyFile = try keys.make(kind, name: "\(kind.rawValue)-\(UUID().uuidString)")
        settings.jwtAlgorithm = algorithm
        guard case .asymmetric(let active, _) = try SigningKeys.load(for: settings) else { throw Failure.notAsymmetric }
        return active
    }

    private enum Failure: Error { case notAsymmetric }

    private func ring(_ active: AsymmetricKey, retired: [(AsymmetricKey, Date)] = []) async throws -> KeyRing {
        try await KeyRing.asymmetric(active: active, retired: retired.map { (key: $0.0, retiredAt: $0.1) }, retention: .seconds(3_600))
    }

    private func verifier(_ ring: KeyRing) -> TokenVerifier { TokenFixtures.verifier(ring, clock: clock) }

    private func pair(_ ring: KeyRing) async throws -> TokenPair { try await TokenFixtures.pair(ring, clock: clock).0 }

    private func header(of token: String) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: tokenSegment(token, 0))
    }

    @Test(arguments: [
        (TestKeys.Kind.rsaPKCS8, SigningAlgorithm.rs256), (.rsaPKCS1, .ps256), (.p256SEC1, .es256), (.ed25519, .edDSA),
    ])
    func eachAlgorithmSignsTokensThatItsPublicKeyAloneVerifies(kind: TestKeys.Kind, algorithm: SigningAlgorithm) async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let signer = try key(kind, in: keys, algorithm: algorithm == .ps256 ? .ps256 : nil)
        let tokens = try await pair(try await ring(signer))
        #expect(try header(of: tokens.accessToken) == ["alg": algorithm.rawValue, "kid": signer.keyID, "typ": "JWT"])

        // Another instance holds a different signing key and only the public half of this one.
        let other = try await ring(try key(.ed25519, in: keys), retired: [(signer.publicOnly, clock.now)])
        #expect(try verifier(other).verifyAccessToken(tokens.accessToken).registered.type == .access)
        #expect(try verifier(other).verifyRefreshToken(tokens.refreshToken).registered.type == .refresh)
        #expect(other.publicKeySet(at: clock.now).keys.map(\.kid) == [other.signingKeyID, signer.keyID])
    }

    @Test func aRetiredKeyVerifiesAndIsPublishedUntilItsLongestTokenHasExpired() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let old = try key(.p256PKCS8, in: keys)
        let tokens = try await pair(try await ring(old))
        let retiredAt = clock.now
        let current = try await ring(try key(.ed25519, in: keys), retired: [(old, retiredAt)])
        clock.advance(by: 3_599)
        #expect(current.publicKeySet(at: clock.now).keys.count == 2)
        #expect(try verifier(current).verifyRefreshToken(tokens.refreshToken).registered.type == .refresh)
        clock.advance(by: 1)
        #expect(current.publicKeySet(at: clock.now).keys.map(\.kid) == [current.signingKeyID])
        #expect(throws: TokenError.unknownKey) { try verifier(current).verifyRefreshToken(tokens.refreshToken) }
    }

    @Test func theJWKSHoldsOnlyPublicMembers() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        for kind in [TestKeys.Kind.rsaPKCS8, .p256SEC1, .ed25519] {
            let set = try await ring(try key(kind, in: keys)).publicKeySet(at: clock.now)
            let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(set)) as? [String: [[String: String]]])
            let members = Set(try #require(json["keys"]?.first).keys)
            #expect(members.isDisjoint(with: ["d", "p", "q", "dp", "dq", "qi", "k"]))
            #expect(members.isSuperset(of: ["kty", "kid", "alg", "use"]))
        }
    }
}

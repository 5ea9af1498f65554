import Crypto
import Foundation
import JWTKit
import Testing
import TokenGateTestSupport

@testable import TokenGate

struct TokenTests {
    let clock = ManualClock()
    let secret = SigningSecret("unit-test-secret-unit-test-secret!!")

    private func makeRing() async throws -> KeyRing { try await KeyRing.hmac(secret: secret) }

    private func verifier(_ ring: KeyRing, leeway: Duration = .zero) -> TokenVerifier {
        TokenFixtures.verifier(ring, clock: clock, leeway: leeway)
    }

    private func issuer(_ ring: KeyRing) -> TokenIssuer { TokenFixtures.issuer(ring) }

    private func pair(_ ring: KeyRing) async throws -> (TokenPair, User) { try await TokenFixtures.pair(ring, clock: clock) }

    /// A token signed with the ring's key over an arbitrary JSON payload.
    private func signRaw(_ ring: KeyRing, payload: [String: Any], header: [String: Any]? = nil) throws -> String {
        let header = header ?? ["alg": "HS256", "typ": "JWT", "kid": ring.signingKeyID]
        let signingInput = try encode(header) + "." + encode(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: secret.bytes))
        return signingInput + "." + base64URLEncoded(Data(mac))
    }

    private func encode(_ object: [String: Any]) throws -> String {
        base64URLEncoded(try JSONSerialization.data(withJSONObject: object))
    }

    private func accessPayload(overrides: [String: Any] = [:], removing: [String] = []) -> [String: Any] {
        let now = Int(clock.now.timeIntervalSince1970)
        var payload: [String: Any] = [
            "iss": "tokengate", "aud": "tokengate", "sub": UUID().uuidString, "iat": now, "nbf": now, "exp": now + 60,
            "jti": UUID().uuidString, "sid": UUID().uuidString, "type": "access", "roles": ["user"], "fresh": false,
        ]
        for (key, value) in overrides { payload[key] = value }
        for key in removing { payload.removeValue(forKey: key) }
        return payload
    }

    private func refreshPayload(overrides: [String: Any] = [:], removing: [String] = []) -> [String: Any] {
        var payload = accessPayload(overrides: ["type": "refresh"], removing: ["roles", "fresh"])
        for (key, value) in overrides { payload[key] = value }
        for key in removing { payload.removeValue(forKey: key) }
        return payload
    }

    @Test func aWellFormedRawRefreshTokenIsAcceptedSoTheRefusalsBelowAreMeaningful() async throws {
        let ring = try await makeRing()
        _ = try verifier(ring).verifyRefreshToken(try signRaw(ring, payload: refreshPayload()))
    }

    @Test(arguments: ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "type"])
    func aRefreshTokenMissingAClaimIsRefused(claim: String) async throws {
        let ring = try await makeRing()
        let token = try signRaw(ring, payload: refreshPayload(removing: [claim]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyRefreshToken(token) }
    }

    @Test(arguments: [("sub", "42"), ("exp", "\"soon\""), ("iat", "\"x\""), ("nbf", "1.5"), ("jti", "7"), ("sid", "[]"), ("type", "1")])
    func aRefreshTokenWithAClaimOfTheWrongTypeIsRefused(claim: String, json: String) async throws {
        let ring = try await makeRing()
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let token = try signRaw(ring, payload: refreshPayload(overrides: [claim: value]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyRefreshToken(token) }
    }

    /// `sub`, `sid` and `jti` are UUIDs: any other string is refused, in access and refresh tokens alike.
    @Test(arguments: ["sub", "sid", "jti"], ["42", "not-a-uuid", "", "00000000-0000-0000-0000-00000000000G"])
    func anIdClaimThatIsNotAUUIDIsRefused(claim: String, value: String) async throws {
        let ring = try await makeRing()
        let access = try signRaw(ring, payload: accessPayload(overrides: [claim: value]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(access) }
        let refresh = try signRaw(ring, payload: refreshPayload(overrides: [claim: value]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyRefreshToken(refresh) }
    }

    @Test func issuedTokensCarryEveryClaimAndVerify() async throws {
        let ring = try await makeRing()
        let (pair, user) = try await pair(ring)
        let access = try verifier(ring).verifyAccessToken(pair.accessToken)
        #expect(access.subject == user.id.uuidString)
        #expect(access.roles == ["editor", "user"])
        #expect(access.fresh)
        #expect(access.expiresAt - access.issuedAt == 900)
        #expect(access.issuedAt == Int64(clock.now.timeIntervalSince1970))
        let refresh = try verifier(ring).verifyRefreshToken(pair.refreshToken)
        #expect(refresh.sessionID == access.sessionID)
        #expect(refresh.expiresAt - refresh.issuedAt == 86_400)
        #expect(pair.expiresIn == 900)

        let parts = try TokenParts(pair.accessToken)
        let header: TokenHeader = try parts.decode(parts.header)
        #expect(header.kid == ring.signingKeyID)
        #expect(header.alg == "HS256")
    }

    @Test func theRefreshTokenIsDeterminedByItsSessionIdAndIssueTime() async throws {
        let ring = try await makeRing()
        let user = User(id: UUID(), email: "a@example.com", name: nil, roles: [.user], createdAt: clock.now)
        let session = UUID()
        let jti = UUID()
        let first = try await issuer(ring).issuePair(
            for: user,
            sessionID: session,
            refreshTokenID: jti,
            refreshIssuedAt: clock.now,
            fresh: false,
            now: clock.now
        )
        clock.advance(by: 5)
        let again = try await issuer(ring).issuePair(
            for: user,
            sessionID: session,
            refreshTokenID: jti,
            refreshIssuedAt: clock.now.addingTimeInterval(-5),
            fresh: false,
            now: clock.now
        )
        // Issued five seconds apart, the refresh token is the same string; the access tokens are not.
        #expect(first.refreshToken == again.refreshToken)
        #expect(first.accessToken != again.accessToken)
        _ = try verifier(ring).verifyRefreshToken(again.refreshToken)
    }

    @Test func expiredTokensAreRefusedWhateverTheLeeway() async throws {
        let ring = try await makeRing()
        let (pair, _) = try await pair(ring)
        clock.advance(by: 899)
        _ = try verifier(ring, leeway: .seconds(30)).verifyAccessToken(pair.accessToken)
        _ = try verifier(ring, leeway: .seconds(30)).verifyRefreshToken(pair.refreshToken)
        clock.advance(by: 1)
        #expect(throws: TokenError.expired) { try verifier(ring).verifyAccessToken(pair.accessToken) }
        // The leeway is for clocks that are behind on `nbf`; it never keeps an expired token alive.
        #expect(throws: TokenError.expired) { try verifier(ring, leeway: .seconds(30)).verifyAccessToken(pair.accessToken) }
    }

    @Test func notYetValidTokensAreRefused() async throws {
        let ring = try await makeRing()
        let future = Int(clock.now.timeIntervalSince1970) + 120
        let token = try signRaw(ring, payload: accessPayload(overrides: ["nbf": future, "exp": future + 60]))
        #expect(throws: TokenError.notYetValid) { try verifier(ring).verifyAccessToken(token) }
        _ = try verifier(ring, leeway: .seconds(120)).verifyAccessToken(token)
    }

    @Test func aWellFormedRawTokenIsAcceptedSoTheRefusalsBelowAreMeaningful() async throws {
        let ring = try await makeRing()
        _ = try verifier(ring).verifyAccessToken(try signRaw(ring, payload: accessPayload()))
    }

    @Test func wrongIssuerOrAudienceIsRefused() async throws {
        let ring = try await makeRing()
        #expect(throws: TokenError.wrongIssuer) {
            try verifier(ring).verifyAccessToken(try signRaw(ring, payload: accessPayload(overrides: ["iss": "evil"])))
        }
        #expect(throws: TokenError.wrongAudience) {
            try verifier(ring).verifyAccessToken(try signRaw(ring, payload: accessPayload(overrides: ["aud": "other"])))
        }
    }

    @Test func eachKindOfTokenIsRefusedWhereTheOtherIsRequired() async throws {
        let ring = try await makeRing()
        let (pair, _) = try await pair(ring)
        #expect(throws: TokenError.wrongType) { try verifier(ring).verifyRefreshToken(pair.accessToken) }
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(pair.refreshToken) }
        #expect(throws: TokenError.wrongType) {
            try verifier(ring).verifyAccessToken(try signRaw(ring, payload: accessPayload(overrides: ["type": "refresh"])))
        }
    }

    @Test(arguments: ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "type", "roles", "fresh"])
    func aMissingClaimIsRefused(claim: String) async throws {
        let ring = try await makeRing()
        let token = try signRaw(ring, payload: accessPayload(removing: [claim]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(token) }
    }

    @Test(arguments: [
        ("sub", "42"), ("exp", "\"soon\""), ("iat", "\"x\""), ("nbf", "1.5"), ("roles", "\"admin\""), ("roles", "[1]"),
        ("fresh", "\"yes\""), ("jti", "7"), ("type", "1"), ("aud", "null"),
    ])
    func aClaimOfTheWrongTypeIsRefused(claim: String, json: String) async throws {
        let ring = try await makeRing()
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let token = try signRaw(ring, payload: accessPayload(overrides: [claim: value]))
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(token) }
    }

    @Test func tamperedTokensAreRefused() async throws {
        let ring = try await makeRing()
        let (pair, _) = try await pair(ring)
        var parts = pair.accessToken.split(separator: ".").map(String.init)
        var payload = try JSONSerialization.jsonObject(with: Base64URL.decode(Substring(parts[1]))!) as! [String: Any]
        payload["roles"] = ["admin"]
        parts[1] = try encode(payload)
        #expect(throws: TokenError.badSignature) { try verifier(ring).verifyAccessToken(parts.joined(separator: ".")) }

        let otherRing = try await KeyRing.hmac(secret: SigningSecret("another-secret-another-secret-another"))
        let (foreign, _) = try await self.pair(otherRing)
        #expect(throws: TokenError.unknownKey) { try verifier(ring).verifyAccessToken(foreign.accessToken) }
    }

    @Test func aRememberedAccessTokenIsStillCheckedForTimeOnEveryUse() async throws {
        let ring = try await makeRing()
        let verifier = verifier(ring)
        let (pair, _) = try await pair(ring)
        let first = try verifier.verifyAccessToken(pair.accessToken)
        #expect(verifier.rememberedAccessTokens == 1)
        #expect(try verifier.verifyAccessToken(pair.accessToken) == first)
        #expect(verifier.rememberedAccessTokens == 1)
        clock.advance(by: 899)
        _ = try verifier.verifyAccessToken(pair.accessToken)
        clock.advance(by: 1)
        #expect(throws: TokenError.expired) { try verifier.verifyAccessToken(pair.accessToken) }
    }

    @Test func onlyTokensThatPassEveryCheckAreRemembered() async throws {
        let ring = try await makeRing()
        let verifier = verifier(ring)
        let (pair, _) = try await pair(ring)
        _ = try verifier.verifyAccessToken(pair.accessToken)

        // A copy of the remembered token with a changed signature is checked in full and refused.
        let signatureStart = try #require(pair.accessToken.lastIndex(of: ".")).utf16Offset(in: pair.accessToken) + 1
        var bytes = Array(pair.accessToken.utf8)
        bytes[signatureStart + 3] = bytes[signatureStart + 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: TokenError.badSignature) { try verifier.verifyAccessToken(String(decoding: bytes, as: UTF8.self)) }

        let foreignAudience = try signRaw(ring, payload: accessPayload(overrides: ["aud": "someone-else"]))
        #expect(throws: TokenError.wrongAudience) { try verifier.verifyAccessToken(foreignAudience) }
        #expect(throws: TokenError.self) { try verifier.verifyAccessToken(pair.refreshToken) }
        #expect(verifier.rememberedAccessTokens == 1)
    }

    @Test func algNoneIsRefused() async throws {
        let ring = try await makeRing()
        let unsigned = try encode(["alg": "none", "typ": "JWT", "kid": ring.signingKeyID]) + "." + encode(accessPayload()) + "."
        #expect(throws: TokenError.unknownKey) { try verifier(ring).verifyAccessToken(unsigned) }
        let noKid = try encode(["alg": "none"]) + "." + encode(accessPayload()) + "."
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(noKid) }
    }

    @Test func anotherAlgorithmOrAnUnknownKidIsRefused() async throws {
        let ring = try await makeRing()
        let hs384 = try signRaw(ring, payload: accessPayload(), header: ["alg": "HS384", "kid": ring.signingKeyID])
        #expect(throws: TokenError.unknownKey) { try verifier(ring).verifyAccessToken(hs384) }
        let unknownKid = try signRaw(ring, payload: accessPayload(), header: ["alg": "HS256", "kid": "someone-else"])
        #expect(throws: TokenError.unknownKey) { try verifier(ring).verifyAccessToken(unknownKid) }
    }

    @Test func oversizedTokensAreRefusedBeforeParsing() async throws {
        let ring = try await makeRing()
        let padding = String(repeating: "x", count: 8 * 1_024)
        let token = try signRaw(ring, payload: accessPayload(overrides: ["pad": padding]))
        #expect(throws: TokenError.tooLarge) { try verifier(ring).verifyAccessToken(token) }
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "...", "!!.??.**"])
    func garbageIsMalformed(token: String) async throws {
        let ring = try await makeRing()
        #expect(throws: TokenError.malformed) { try verifier(ring).verifyAccessToken(token) }
    }
}

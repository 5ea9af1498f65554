import Crypto
import ExtrasBase64
import Foundation
import JWTKit

/// Checks a token's signature and claims.
///
/// Checking needs no database: the header's `kid` picks a key of the ring, the header's `alg` must be that
/// key's one algorithm, and JWTKit's algorithm for the key checks the signature.
///
/// A client sends the same access token with every request until it expires, so access tokens that passed
/// are remembered by their SHA-256 with their claims: a byte-identical token skips the signature check and the
/// claims decoding, while the time checks run on every use. Copies of a verifier share what it remembers.
public struct TokenVerifier: Sendable {
    /// The longest token looked at, in bytes; anything longer is refused before parsing.
    public static let maximumTokenLength = 8 * 1_024

    private let keyRing: KeyRing
    private let issuer: String
    private let audience: String
    private let leeway: Int64
    private let time: TimeSource
    private let verifiedAccessTokens = ExpiringCache<SHA256Digest, AccessTokenClaims>(capacity: 4_096)

    /// Creates a verifier that accepts tokens of `keyRing` for `issuer` and `audience`, tolerating `leeway` of clock
    /// skew on `nbf` (a token from an instance whose clock is ahead); `exp` is never extended.
    public init(keyRing: KeyRing, issuer: String, audience: String, leeway: Duration, time: TimeSource = .system) {
        self.keyRing = keyRing
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway.wholeSeconds
        self.time = time
    }

    /// The claims of a valid access token.
    /// - Throws: ``TokenError`` saying why the token is refused.
    public func verifyAccessToken(_ token: String) throws(TokenError) -> AccessTokenClaims {
        guard token.utf8.count <= Self.maximumTokenLength else { throw .tooLarge }
        var bytes = token
        let digest = bytes.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        let now = time.now()
        if let claims = verifiedAccessTokens.value(for: digest, now: now) {
            try check(claims.registered, type: .access, now: now)
            return claims
        }
        let claims = try verify(token, as: AccessTokenClaims.self, type: .access, now: now)
        let expires = Date(timeIntervalSince1970: TimeInterval(claims.expiresAt))
        verifiedAccessTokens.store(claims, for: digest, until: expires, now: now)
        return claims
    }

    /// How many verified access tokens are remembered.
    var rememberedAccessTokens: Int { verifiedAccessTokens.count }

    /// The claims of a valid refresh token.
    /// - Throws: ``TokenError`` saying why the token is refused.
    public func verifyRefreshToken(_ token: String) throws(TokenError) -> RefreshTokenClaims {
        try verify(token, as: RefreshTokenClaims.self, type: .refresh, now: time.now())
    }

    private func verify<Claims: SessionTokenClaims>(_ token: String, as: Claims.Type, type: TokenType, now: Date) throws(TokenError) -> Claims {
        guard token.utf8.count <= Self.maximumTokenLength else { throw .tooLarge }
        let parts = try TokenParts(token)
        let header: TokenHeader
        if let known = keyRing.knownHeader(parts.header) {
            header = known
        } else {
            header = try parts.decode(parts.header)
        }
        guard let key = keyRing.verifier(forKeyID: header.kid, at: now), key.name == header.alg else { throw .unknownKey }
        guard let signature = try? Base64.decode(bytes: parts.signature, options: [.base64UrlAlphabet, .omitPaddingCharacter]) else {
            throw .malformed
        }
        guard (try? key.verify(signature, signs: parts.signingInput)) == true else { throw .badSignature }
        let claims: Claims = try parts.decode(parts.payload)
        // `sub`, `sid` and `jti` are public UUIDs; anything else was not issued here, whatever signed it.
        let ids = [claims.registered.subject, claims.registered.sessionID, claims.registered.tokenID]
        guard ids.allSatisfy({ UUID(canonical: $0) != nil }) else { throw .malformed }
        try check(claims.registered, type: type, now: now)
        return claims
    }

    private func check(_ claims: RegisteredClaims, type: TokenType, now: Date) throws(TokenError) {
        guard claims.type == type else { throw .wrongType }
        guard claims.issuer == issuer else { throw .wrongIssuer }
        guard claims.audience == audience else { throw .wrongAudience }
        let now = Int64(now.timeIntervalSince1970)
        guard now < claims.expiresAt else { throw .expired }
        guard now + leeway >= claims.notBefore else { throw .notYetValid }
    }
}

/// The three dot-separated segments of a compact JWS.
struct TokenParts {
    let header: ArraySlice<UInt8>
    let payload: ArraySlice<UInt8>
    let signature: ArraySlice<UInt8>
    /// `header.payload`: the bytes the signature covers.
    let signingInput: ArraySlice<UInt8>

    /// Splits `token`.
    /// - Throws: ``TokenError/malformed`` unless it has exactly three segments.
    init(_ token: String) throws(TokenError) {
        let bytes = Array(token.utf8)
        guard let first = bytes.firstIndex(of: UInt8(ascii: ".")),
            let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: ".")),
            !bytes[(second + 1)...].contains(UInt8(ascii: "."))
        else { throw .malformed }
        header = bytes[..<first]
        payload = bytes[(first + 1)..<second]
        signature = bytes[(second + 1)...]
        signingInput = bytes[..<second]
    }

    private static let decoder = JSONDecoder()

    /// Decodes a base64url segment as JSON of type `T`.
    /// - Throws: ``TokenError/malformed`` when it is not base64url, not JSON, or misses or mistypes a field.
    func decode<T: Decodable>(_ segment: ArraySlice<UInt8>) throws(TokenError) -> T {
        do {
            let json = try Base64.decode(bytes: segment, options: [.base64UrlAlphabet, .omitPaddingCharacter])
            return try Self.decoder.decode(T.self, from: Data(json))
        } catch {
            throw .malformed
        }
    }
}

/// The JWS header fields the verifier reads before it chooses a key.
///
/// Only `alg` and `kid` choose the key: `jku`, `jwk`, `x5u` and `x5c` are never read, and a header with `crit` is
/// refused (RFC 7515 §4.1.11: no extension it could name is understood here).
struct TokenHeader: Decodable {
    let alg: String
    let kid: String

    init(alg: String, kid: String) {
        self.alg = alg
        self.kid = kid
    }

    private enum CodingKeys: String, CodingKey {
        case alg, kid, crit
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard !container.contains(.crit) else {
            throw DecodingError.dataCorruptedError(forKey: .crit, in: container, debugDescription: "crit is not supported")
        }
        alg = try container.decode(String.self, forKey: .alg)
        kid = try container.decode(String.self, forKey: .kid)
    }
}

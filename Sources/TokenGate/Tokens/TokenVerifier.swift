import Foundation
import JWTKit

/// Checks a token's signature and claims.
public struct TokenVerifier: Sendable {
    /// The longest token looked at, in bytes; anything longer is refused before parsing.
    public static let maximumTokenLength = 8 * 1_024

    private let keyRing: KeyRing
    private let issuer: String
    private let audience: String
    private let leeway: Int64
    private let time: TimeSource

    /// Creates a verifier that accepts tokens of `keyRing` for `issuer` and `audience`, tolerating `leeway` of clock skew.
    public init(keyRing: KeyRing, issuer: String, audience: String, leeway: Duration, time: TimeSource = .system) {
        self.keyRing = keyRing
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway.wholeSeconds
        self.time = time
    }

    /// The claims of a valid access token.
    /// - Throws: ``TokenError`` saying why the token is refused.
    public func verifyAccessToken(_ token: String) async throws(TokenError) -> AccessTokenClaims {
        try await verify(token, as: AccessTokenClaims.self, type: .access)
    }

    /// The claims of a valid refresh token.
    /// - Throws: ``TokenError`` saying why the token is refused.
    public func verifyRefreshToken(_ token: String) async throws(TokenError) -> RefreshTokenClaims {
        try await verify(token, as: RefreshTokenClaims.self, type: .refresh)
    }

    private func verify<Claims: SessionTokenClaims>(_ token: String, as: Claims.Type, type: TokenType) async throws(TokenError) -> Claims {
        guard token.utf8.count <= Self.maximumTokenLength else { throw .tooLarge }
        let header = try TokenHeader(token: token)
        guard let keyAlgorithm = keyRing.algorithm(forKeyID: header.kid), keyAlgorithm == header.alg else { throw .unknownKey }
        let claims: Claims
        do {
            claims = try await keyRing.keys.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed
        }
        try check(claims.registered, type: type)
        return claims
    }

    private func check(_ claims: RegisteredClaims, type: TokenType) throws(TokenError) {
        guard claims.type == type else { throw .wrongType }
        guard claims.issuer == issuer else { throw .wrongIssuer }
        guard claims.audience == audience else { throw .wrongAudience }
        let now = Int64(time.now().timeIntervalSince1970)
        guard now < claims.expiresAt + leeway else { throw .expired }
        guard now + leeway >= claims.notBefore else { throw .notYetValid }
    }
}

/// The JWS header fields the verifier reads before it chooses a key.
struct TokenHeader: Decodable {
    let alg: String
    let kid: String

    /// Decodes the header segment of `token`.
    /// - Throws: ``TokenError/malformed`` when the token has not three segments or the header lacks `alg` or `kid`.
    init(token: String) throws(TokenError) {
        let segments = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3, let data = Base64URL.decode(Substring(segments[0])) else { throw .malformed }
        do {
            self = try JSONDecoder().decode(TokenHeader.self, from: data)
        } catch {
            throw .malformed
        }
    }
}

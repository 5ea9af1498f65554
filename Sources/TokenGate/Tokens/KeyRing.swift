import Crypto
import Foundation
public import JWTKit

/// The keys that sign and verify tokens, each known by its `kid` and bound to exactly one algorithm.
///
/// Verification looks the header's `kid` up here first and requires the header's `alg` to be that
/// key's algorithm, so an unknown `kid` or an algorithm swap never reaches a key.
public struct KeyRing: Sendable {
    /// The `kid` new tokens are signed with.
    public let signingKeyID: String
    /// The JWTKit collection holding every key of the ring; it signs.
    let keys: JWTKeyCollection
    /// Each key's JWTKit algorithm by `kid`; verification uses these directly, without a hop onto the collection's actor.
    private let verifiers: [String: any JWTAlgorithm]
    /// The encoded JWS header segment each key signs with, so that a token carrying it needs no header parsing.
    private let signedHeaders: [(segment: [UInt8], header: TokenHeader)]

    private init(signingKeyID: String, keys: JWTKeyCollection, verifiers: [String: any JWTAlgorithm]) async throws {
        self.signingKeyID = signingKeyID
        self.keys = keys
        self.verifiers = verifiers
        var signedHeaders: [(segment: [UInt8], header: TokenHeader)] = []
        for (keyID, algorithm) in verifiers {
            let probe = try await keys.sign(HeaderProbe(), kid: JWKIdentifier(string: keyID))
            signedHeaders.append((Array(probe.utf8.prefix { $0 != UInt8(ascii: ".") }), TokenHeader(alg: algorithm.name, kid: keyID)))
        }
        self.signedHeaders = signedHeaders
    }

    /// A ring with one HS256 key made from `secret`; its `kid` is derived from the secret without revealing it.
    public static func hmac(secret: SigningSecret) async throws -> KeyRing {
        let digest = SHA256.hash(data: Array("tokengate-kid:".utf8) + secret.bytes)
        let keyID = "hs256-" + Hex.encode(digest.prefix(8))
        let keys = JWTKeyCollection()
        await keys.add(
            hmac: HMACKey(key: SymmetricKey(data: secret.bytes)),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: keyID),
            serializer: DefaultJWTSerializer(jsonEncoder: canonicalEncoder)
        )
        let algorithm = try await keys.getKey(for: JWKIdentifier(string: keyID))
        return try await KeyRing(signingKeyID: keyID, keys: keys, verifiers: [keyID: algorithm])
    }

    /// Encodes headers and claims with sorted keys, so the same claims always give the same token.
    private static var canonicalEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The one algorithm the key `keyID` verifies (`HS256`, ...), or `nil` for a key the ring does not hold.
    public func algorithm(forKeyID keyID: String) -> String? { verifiers[keyID]?.name }

    /// The header of an encoded header segment this ring's keys sign with, or `nil` for any other segment.
    func knownHeader(_ segment: ArraySlice<UInt8>) -> TokenHeader? {
        signedHeaders.first { $0.segment.elementsEqual(segment) }?.header
    }

    /// The JWTKit algorithm of key `keyID`, which checks signatures made with it.
    func verifier(forKeyID keyID: String) -> (any JWTAlgorithm)? { verifiers[keyID] }

    /// The public verification keys as a JWKS; empty when the ring holds only HMAC keys.
    public var publicKeySet: JWKS { JWKS(keys: []) }
}

/// An empty payload, signed once per key to learn the exact header segment the key produces.
private struct HeaderProbe: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

import Crypto
import Foundation
import JWTKit

/// The keys that sign and verify tokens, each known by its `kid` and bound to exactly one algorithm.
///
/// Verification looks the header's `kid` up here first and requires the header's `alg` to be that
/// key's algorithm, so an unknown `kid` or an algorithm swap never reaches a key.
public struct KeyRing: Sendable {
    /// The `kid` new tokens are signed with.
    public let signingKeyID: String
    /// The JWTKit collection holding every key of the ring.
    let keys: JWTKeyCollection
    private let algorithms: [String: String]

    private init(signingKeyID: String, keys: JWTKeyCollection, algorithms: [String: String]) {
        self.signingKeyID = signingKeyID
        self.keys = keys
        self.algorithms = algorithms
    }

    /// A ring with one HS256 key made from `secret`; its `kid` is derived from the secret without revealing it.
    public static func hmac(secret: SigningSecret) async -> KeyRing {
        let digest = SHA256.hash(data: Array("tokengate-kid:".utf8) + secret.bytes)
        let keyID = "hs256-" + Hex.encode(digest.prefix(8))
        let keys = JWTKeyCollection()
        await keys.add(
            hmac: HMACKey(key: SymmetricKey(data: secret.bytes)),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: keyID),
            serializer: DefaultJWTSerializer(jsonEncoder: canonicalEncoder)
        )
        return KeyRing(signingKeyID: keyID, keys: keys, algorithms: [keyID: "HS256"])
    }

    /// Encodes headers and claims with sorted keys, so the same claims always give the same token.
    private static var canonicalEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The one algorithm the key `keyID` verifies, or `nil` for a key the ring does not hold.
    public func algorithm(forKeyID keyID: String) -> String? { algorithms[keyID] }

    /// The public verification keys as a JWKS; empty when the ring holds only HMAC keys.
    public var publicKeySet: JWKS { JWKS(keys: []) }
}

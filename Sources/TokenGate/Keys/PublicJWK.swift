import Crypto
import Foundation

/// A public verification key as RFC 7517 writes it: the members the key type needs and nothing private.
public struct PublicJWK: Codable, Sendable, Equatable {
    /// The algorithm (`RS256`, `PS256`, `ES256`, `EdDSA`).
    public let alg: String
    /// The curve (`P-256`, `Ed25519`); `nil` for RSA.
    public let crv: String?
    /// The RSA public exponent, base64url.
    public let e: String?
    /// The key id: the RFC 7638 thumbprint.
    public let kid: String
    /// The key type (`RSA`, `EC`, `OKP`).
    public let kty: String
    /// The RSA modulus, base64url.
    public let n: String?
    /// Always `sig`.
    public let use: String
    /// The x coordinate (EC) or the public key (OKP), base64url.
    public let x: String?
    /// The y coordinate (EC), base64url.
    public let y: String?

    /// An RSA key.
    static func rsa(modulus: String, exponent: String, algorithm: SigningAlgorithm) -> PublicJWK {
        let members = ["e": exponent, "kty": "RSA", "n": modulus]
        return PublicJWK(alg: algorithm.rawValue, crv: nil, e: exponent, kid: thumbprint(members), kty: "RSA", n: modulus, use: "sig", x: nil, y: nil)
    }

    /// A P-256 key.
    static func p256(x: String, y: String) -> PublicJWK {
        let members = ["crv": "P-256", "kty": "EC", "x": x, "y": y]
        return PublicJWK(alg: "ES256", crv: "P-256", e: nil, kid: thumbprint(members), kty: "EC", n: nil, use: "sig", x: x, y: y)
    }

    /// An Ed25519 key.
    static func ed25519(x: String) -> PublicJWK {
        let members = ["crv": "Ed25519", "kty": "OKP", "x": x]
        return PublicJWK(alg: "EdDSA", crv: "Ed25519", e: nil, kid: thumbprint(members), kty: "OKP", n: nil, use: "sig", x: x, y: nil)
    }

    /// The RFC 7638 thumbprint of the required members: their JSON with sorted keys and no whitespace, hashed with
    /// SHA-256, in base64url. (Every value is base64url or a fixed name, so none needs escaping.)
    static func thumbprint(_ members: [String: String]) -> String {
        let json = "{" + members.sorted { $0.key < $1.key }.map { #""\#($0.key)":"\#($0.value)""# }.joined(separator: ",") + "}"
        return Base64URL.encode(Array(SHA256.hash(data: Array(json.utf8))))
    }

    // Members that are `nil` are left out, as RFC 7517 expects.
    enum CodingKeys: String, CodingKey {
        case alg, crv, e, kid, kty, n, use, x, y
    }

    /// Writes the members that the key type has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alg, forKey: .alg)
        if let crv { try container.encode(crv, forKey: .crv) }
        if let e { try container.encode(e, forKey: .e) }
        try container.encode(kid, forKey: .kid)
        try container.encode(kty, forKey: .kty)
        if let n { try container.encode(n, forKey: .n) }
        try container.encode(use, forKey: .use)
        if let x { try container.encode(x, forKey: .x) }
        if let y { try container.encode(y, forKey: .y) }
    }
}

/// `{"keys": [...]}`: the JWK set that verifiers fetch.
public struct PublicJWKSet: Codable, Sendable, Equatable {
    /// The keys, the active one first.
    public let keys: [PublicJWK]

    /// A set of `keys`.
    public init(keys: [PublicJWK]) { self.keys = keys }
}

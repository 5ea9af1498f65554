import Crypto
import CryptoExtras
import Foundation
import JWTKit

/// A public or private key of an asymmetric algorithm, as read from a PEM file, bound to its one algorithm.
public struct AsymmetricKey: Sendable {
    /// The key, in the JWTKit types that sign and verify with it.
    enum Material: Sendable {
        case rsa(JWTKit.Insecure.RSA.PublicKey, JWTKit.Insecure.RSA.PrivateKey?)
        case ecdsa(ES256PublicKey, ES256PrivateKey?)
        case edDSA(EdDSA.PublicKey, EdDSA.PrivateKey?)
    }

    let material: Material
    /// The algorithm the key signs or verifies with.
    public let algorithm: SigningAlgorithm
    /// The file it was read from.
    public let file: String
    /// The public key as a JWK; its `kid` is the key's id.
    public let jwk: PublicJWK
    /// The SHA-256 of the public key's DER (SubjectPublicKeyInfo), in hex: what
    /// `openssl pkey -pubout -outform DER -in FILE | sha256sum` prints.
    public let fingerprint: String

    /// The key id: the RFC 7638 thumbprint of the public key.
    public var keyID: String { jwk.kid }

    /// Whether the file held the private key (so the key can sign).
    public var isPrivate: Bool {
        switch material {
        case .rsa(_, let key): key != nil
        case .ecdsa(_, let key): key != nil
        case .edDSA(_, let key): key != nil
        }
    }

    /// The same key with the private part forgotten: it verifies only.
    public var publicOnly: AsymmetricKey {
        let material: Material =
            switch self.material {
            case .rsa(let key, _): .rsa(key, nil)
            case .ecdsa(let key, _): .ecdsa(key, nil)
            case .edDSA(let key, _): .edDSA(key, nil)
            }
        return AsymmetricKey(material: material, algorithm: algorithm, file: file, jwk: jwk, fingerprint: fingerprint)
    }
}

// The initialisers live in an extension, so that the memberwise one stays.
extension AsymmetricKey {
    /// An RSA key that signs with `algorithm` (RS256 or PS256).
    init(rsa publicKey: JWTKit.Insecure.RSA.PublicKey, privateKey: JWTKit.Insecure.RSA.PrivateKey?, algorithm: SigningAlgorithm, file: String) throws
    {
        let (modulus, exponent) = try publicKey.getKeyPrimitives()
        self.init(
            material: .rsa(publicKey, privateKey),
            algorithm: algorithm,
            file: file,
            jwk: .rsa(modulus: Base64URL.encode(modulus), exponent: Base64URL.encode(exponent), algorithm: algorithm),
            fingerprint: Self.fingerprint(publicKey.derRepresentation)
        )
    }

    /// A P-256 key (ES256).
    init(p256 publicKey: P256.Signing.PublicKey, privateKey: P256.Signing.PrivateKey?, file: String) throws {
        let point = publicKey.x963Representation  // 0x04 ‖ x ‖ y
        self.init(
            material: .ecdsa(try ES256PublicKey(backing: publicKey), try privateKey.map { try ES256PrivateKey(backing: $0) }),
            algorithm: .es256,
            file: file,
            jwk: .p256(x: Base64URL.encode(point.dropFirst().prefix(32)), y: Base64URL.encode(point.suffix(32))),
            fingerprint: Self.fingerprint(publicKey.derRepresentation)
        )
    }

    /// An Ed25519 key (EdDSA).
    init(ed25519 publicKey: Curve25519.Signing.PublicKey, privateKey: Curve25519.Signing.PrivateKey?, file: String) {
        self.init(
            material: .edDSA(EdDSA.PublicKey(backing: publicKey), privateKey.map { EdDSA.PrivateKey(backing: $0) }),
            algorithm: .edDSA,
            file: file,
            jwk: .ed25519(x: Base64URL.encode(publicKey.rawRepresentation)),
            fingerprint: Self.fingerprint(publicKey.derRepresentation)
        )
    }

    private static func fingerprint(_ der: Data) -> String { Hex.encode(SHA256.hash(data: der)) }
}

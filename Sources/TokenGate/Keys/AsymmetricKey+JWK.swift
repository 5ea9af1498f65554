import Crypto
import Foundation
import JWTKit

extension AsymmetricKey {
    /// The public key a JWKS publishes as `jwk`, bound to the JWK's `alg`.
    /// - Throws: ``PublishedKeyError`` when the JWK is not a signing key of an algorithm TokenGate uses, its members
    ///   are not a valid key, or its `kid` is not the key's RFC 7638 thumbprint (the only `kid` TokenGate issues).
    public init(published jwk: PublicJWK) throws(PublishedKeyError) {
        guard jwk.use == "sig", let algorithm = SigningAlgorithm(rawValue: jwk.alg), algorithm.isAsymmetric else {
            throw .unsupported(jwk.kid)
        }
        let source = "JWKS"
        do {
            switch (jwk.kty, algorithm, jwk.crv) {
            case ("RSA", .rs256, _), ("RSA", .ps256, _):
                guard let modulus = jwk.n, let exponent = jwk.e else { throw PublishedKeyError.invalid(jwk.kid) }
                let key = try JWTKit.Insecure.RSA.PublicKey(modulus: modulus, exponent: exponent)
                try self.init(rsa: key, privateKey: nil, algorithm: algorithm, file: source)
            case ("EC", .es256, "P-256"):
                guard let x = jwk.x.flatMap({ Base64URL.decode($0[...]) }), let y = jwk.y.flatMap({ Base64URL.decode($0[...]) }) else {
                    throw PublishedKeyError.invalid(jwk.kid)
                }
                try self.init(p256: P256.Signing.PublicKey(x963Representation: [0x04] + x + y), privateKey: nil, file: source)
            case ("OKP", .edDSA, "Ed25519"):
                guard let x = jwk.x.flatMap({ Base64URL.decode($0[...]) }) else { throw PublishedKeyError.invalid(jwk.kid) }
                self.init(ed25519: try Curve25519.Signing.PublicKey(rawRepresentation: x), privateKey: nil, file: source)
            default:
                throw PublishedKeyError.unsupported(jwk.kid)
            }
        } catch let error as PublishedKeyError {
            throw error
        } catch {
            throw .invalid(jwk.kid)
        }
        guard keyID == jwk.kid else { throw .keyIDMismatch(jwk.kid) }
    }
}

/// Why a published JWK is not used.
public enum PublishedKeyError: Error, Equatable {
    /// Not a signing key of RS256, PS256, ES256 or EdDSA (the `kid` given).
    case unsupported(String)
    /// Its members do not make a valid public key.
    case invalid(String)
    /// Its `kid` is not the key's RFC 7638 thumbprint.
    case keyIDMismatch(String)
}

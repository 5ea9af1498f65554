import Crypto
import CryptoExtras
import Foundation

/// Makes new signing keys and writes them as PEM files only their owner can read.
public enum KeyGenerator {
    /// Writes a new private key for `algorithm` to `path` (mode 0600) and returns it as TokenGate reads it.
    /// - Throws: ``ConfigurationError`` when `algorithm` has no key pair, the file exists, or it cannot be written.
    public static func generate(_ algorithm: SigningAlgorithm, to path: String) throws -> AsymmetricKey {
        let pem: String
        switch algorithm {
        case .hs256: throw ConfigurationError("HS256 signs with TOKENGATE_JWT_SECRET, not a key file: choose RS256, PS256, ES256 or EdDSA")
        case .rs256, .ps256: pem = try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
        case .es256: pem = P256.Signing.PrivateKey().pemRepresentation
        case .edDSA: pem = Curve25519.Signing.PrivateKey().pemRepresentation
        }
        do {
            try PrivateFile.create(path, bytes: Array((pem.hasSuffix("\n") ? pem : pem + "\n").utf8))
        } catch .exists {
            throw ConfigurationError("\(path) exists already; keys are never overwritten: choose another file name")
        } catch {
            throw ConfigurationError("cannot write \(path); check that its folder exists and is writable")
        }
        return try PEMKeyReader.signingKey(at: path, rsaAlgorithm: algorithm == .ps256 ? .ps256 : .rs256, setting: "--out")
    }
}

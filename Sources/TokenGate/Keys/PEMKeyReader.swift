import Crypto
import CryptoExtras
import Foundation
import JWTKit
import SwiftASN1
import X509

/// Reads asymmetric keys from PEM files, refusing every key TokenGate must not use with one sentence that names the
/// file and says what to do.
///
/// Reads PKCS#8 (`openssl genpkey`), PKCS#1 (`openssl genrsa`, `ssh-keygen -t rsa -m PEM`) and SEC1
/// (`openssl ecparam -genkey`) private keys, and SubjectPublicKeyInfo or PKCS#1 public keys: RSA of at least 2048 bits,
/// EC P-256 and Ed25519.
public enum PEMKeyReader {
    /// The smallest RSA key accepted, in bits.
    public static let minimumRSABits = 2_048

    /// Reads the signing key at `path`: it must be a private key. RSA keys sign with `rsaAlgorithm`.
    /// - Throws: ``ConfigurationError`` naming `setting`, the file and the fix.
    public static func signingKey(at path: String, rsaAlgorithm: SigningAlgorithm, setting: String) throws -> AsymmetricKey {
        let key = try read(path, rsaAlgorithm: rsaAlgorithm, setting: setting)
        guard key.isPrivate else {
            throw ConfigurationError(
                "\(setting): \(path) holds a public key, which cannot sign; point \(setting) at the private key, and list public keys in TOKENGATE_JWT_VERIFY_KEY_FILES"
            )
        }
        return key
    }

    /// Reads a verification key at `path`, private or public; only its public part is kept.
    /// - Throws: ``ConfigurationError`` naming `setting`, the file and the fix.
    public static func verificationKey(at path: String, rsaAlgorithm: SigningAlgorithm, setting: String) throws -> AsymmetricKey {
        try read(path, rsaAlgorithm: rsaAlgorithm, setting: setting).publicOnly
    }

    private static func read(_ path: String, rsaAlgorithm: SigningAlgorithm, setting: String) throws -> AsymmetricKey {
        func refuse(_ problem: String) -> ConfigurationError { ConfigurationError("\(setting): \(path) \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw refuse(
                exists
                    ? "cannot be read; make it readable by the user TokenGate runs as (and by no one else: chmod 600)"
                    : "does not exist; make a key with `tokengate keys generate --alg ES256 --out \(path)`"
            )
        }
        let text = String(decoding: data, as: UTF8.self)
        let unsupported =
            "is not a key TokenGate reads; give an unencrypted PEM file with an RSA (2048 bits or more), EC P-256 or Ed25519 key, such as `tokengate keys generate` writes"
        guard let label = pemLabel(text) else { throw refuse(unsupported) }
        if label == "OPENSSH PRIVATE KEY" {
            throw refuse(
                "is in OpenSSH's own format; convert it to PEM with `ssh-keygen -p -m PEM -f \(path)` (or make it with `ssh-keygen -t rsa -m PEM`)"
            )
        }
        if label == "ENCRYPTED PRIVATE KEY" || text.contains("Proc-Type: 4,ENCRYPTED") {
            throw refuse(
                "is encrypted, and TokenGate cannot ask for a passphrase; write it unencrypted with `openssl pkey -in \(path) -out FILE` and keep FILE mode 0600"
            )
        }
        let isPublic = label == "PUBLIC KEY" || label == "RSA PUBLIC KEY"
        guard isPublic || ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"].contains(label) else { throw refuse(unsupported) }
        do {
            return try isPublic
                ? publicKey(text, label: label, rsaAlgorithm: rsaAlgorithm, path: path)
                : privateKey(text, rsaAlgorithm: rsaAlgorithm, path: path)
        } catch let problem as KeyProblem {
            throw refuse(problem.sentence)
        } catch {
            throw refuse(unsupported)
        }
    }

    /// Why a key that parsed is still refused.
    private struct KeyProblem: Error {
        let sentence: String

        static func weakRSA(bits: Int) -> KeyProblem {
            KeyProblem(
                sentence:
                    "is a \(bits)-bit RSA key, and RSA keys need at least \(minimumRSABits) bits; make a new key with `tokengate keys generate --alg RS256 --out FILE`"
            )
        }

        static let otherCurve = KeyProblem(
            sentence: "is an EC key on a curve other than P-256; ES256 needs P-256: make one with `tokengate keys generate --alg ES256 --out FILE`"
        )
    }

    private static func privateKey(_ text: String, rsaAlgorithm: SigningAlgorithm, path: String) throws -> AsymmetricKey {
        if let rsa = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: text) {
            guard rsa.keySizeInBits >= minimumRSABits else { throw KeyProblem.weakRSA(bits: rsa.keySizeInBits) }
            let key = try JWTKit.Insecure.RSA.PrivateKey(backing: rsa)
            return try AsymmetricKey(rsa: key.publicKey, privateKey: key, algorithm: rsaAlgorithm, file: path)
        }
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: text) {
            return try AsymmetricKey(p256: key.publicKey, privateKey: key, file: path)
        }
        // X509's reader checks the algorithm's OID, so an X25519 key is not taken for an Ed25519 one.
        let checked = try Certificate.PrivateKey(pemEncoded: text)
        if Curve25519.Signing.PublicKey(checked.publicKey) != nil {
            let key = try Curve25519.Signing.PrivateKey(pemRepresentation: text)
            return AsymmetricKey(ed25519: key.publicKey, privateKey: key, file: path)
        }
        throw KeyProblem.otherCurve
    }

    private static func publicKey(_ text: String, label: String, rsaAlgorithm: SigningAlgorithm, path: String) throws -> AsymmetricKey {
        if label == "RSA PUBLIC KEY" {
            return try rsaPublicKey(try _RSA.Signing.PublicKey(unsafePEMRepresentation: text), rsaAlgorithm: rsaAlgorithm, path: path)
        }
        let key = try Certificate.PublicKey(pemEncoded: text)
        if let rsa = _RSA.Signing.PublicKey(key) { return try rsaPublicKey(rsa, rsaAlgorithm: rsaAlgorithm, path: path) }
        if let p256 = P256.Signing.PublicKey(key) { return try AsymmetricKey(p256: p256, privateKey: nil, file: path) }
        if let ed25519 = Curve25519.Signing.PublicKey(key) { return AsymmetricKey(ed25519: ed25519, privateKey: nil, file: path) }
        throw KeyProblem.otherCurve
    }

    private static func rsaPublicKey(_ key: _RSA.Signing.PublicKey, rsaAlgorithm: SigningAlgorithm, path: String) throws -> AsymmetricKey {
        guard key.keySizeInBits >= minimumRSABits else { throw KeyProblem.weakRSA(bits: key.keySizeInBits) }
        return try AsymmetricKey(rsa: try JWTKit.Insecure.RSA.PublicKey(backing: key), privateKey: nil, algorithm: rsaAlgorithm, file: path)
    }

    /// The label of the first `-----BEGIN …-----` line, or `nil` when there is none.
    private static func pemLabel(_ text: String) -> String? {
        guard let begin = text.range(of: "-----BEGIN ") else { return nil }
        let rest = text[begin.upperBound...]
        guard let end = rest.range(of: "-----") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}

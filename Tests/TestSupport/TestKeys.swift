import Foundation
import Testing

/// PEM key files made by `openssl` and `ssh-keygen`, the tools operators use, in a fresh folder per test.
public struct TestKeys: Sendable {
    /// How a key file is made.
    public enum Kind: String, Sendable, CaseIterable {
        /// `openssl genpkey -algorithm RSA`: PKCS#8.
        case rsaPKCS8
        /// `openssl genrsa -traditional`: PKCS#1.
        case rsaPKCS1
        /// `ssh-keygen -t rsa -m PEM`: PKCS#1.
        case rsaSSHKeygen
        /// `openssl genpkey -algorithm EC` on P-256: PKCS#8.
        case p256PKCS8
        /// `openssl ecparam -genkey` on P-256: SEC1.
        case p256SEC1
        /// `openssl genpkey -algorithm ed25519`: PKCS#8.
        case ed25519
        /// A 1024-bit RSA key.
        case rsa1024
        /// An RSA key encrypted in PKCS#8.
        case encryptedPKCS8
        /// An RSA key encrypted the traditional way (`Proc-Type: 4,ENCRYPTED`).
        case encryptedPKCS1
        /// An X25519 key (key agreement, not signing).
        case x25519
        /// A P-384 key.
        case p384
        /// `ssh-keygen` in its own format.
        case openSSH
        /// Text that is no key.
        case garbage
    }

    /// The folder the files are in.
    public let folder: String

    /// A fresh, empty folder.
    public init() throws {
        folder = NSTemporaryDirectory() + "tokengate-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Removes the folder.
    public func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// Makes a key file of `kind` named `name` and returns its path.
    public func make(_ kind: Kind, name: String? = nil) throws -> String {
        let path = folder + "/" + (name ?? kind.rawValue) + ".pem"
        switch kind {
        case .rsaPKCS8: try run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path)
        case .rsaPKCS1: try run("openssl", "genrsa", "-traditional", "-out", path, "2048")
        case .rsaSSHKeygen: try run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", path)
        case .p256PKCS8: try run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path)
        case .p256SEC1: try run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path)
        case .ed25519: try run("openssl", "genpkey", "-algorithm", "ed25519", "-out", path)
        case .rsa1024: try run("openssl", "genrsa", "-traditional", "-out", path, "1024")
        case .encryptedPKCS8: try run("openssl", "genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", path)
        case .encryptedPKCS1: try run("openssl", "genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", path, "2048")
        case .x25519: try run("openssl", "genpkey", "-algorithm", "x25519", "-out", path)
        case .p384: try run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", path)
        case .openSSH: try run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path)
        case .garbage: try Data("this is not a key\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    /// Writes the public key of the private key at `path` (SubjectPublicKeyInfo PEM) and returns its path.
    public func publicKey(of path: String, pkcs1: Bool = false) throws -> String {
        let out = path + (pkcs1 ? ".rsapub" : ".pub")
        try run("openssl", pkcs1 ? "rsa" : "pkey", "-in", path, pkcs1 ? "-RSAPublicKey_out" : "-pubout", "-out", out)
        return out
    }

    /// The hex SHA-256 of the DER public key of the key at `path`, as openssl computes it.
    public func publicKeyDigest(of path: String) throws -> String {
        let der = folder + "/digest-\(UUID().uuidString).der"
        try run("openssl", "pkey", "-in", path, "-pubout", "-outform", "DER", "-out", der)
        return try run("openssl", "dgst", "-sha256", "-r", der).split(separator: " ")[0].lowercased()
    }

    /// Runs a tool and returns its standard output.
    @discardableResult
    public func run(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ToolFailure(command: arguments.joined(separator: " ")) }
        return String(decoding: data, as: UTF8.self)
    }

    /// A tool that exited with a failure.
    public struct ToolFailure: Error, CustomStringConvertible {
        /// The command line.
        public let command: String
        /// Says which command failed.
        public var description: String { "\(command) failed" }
    }
}

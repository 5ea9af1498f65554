import Crypto
import ExtrasBase64
import Foundation

/// The AES-256 key that encrypts secrets at rest (TOTP secrets). It never prints itself.
public struct EncryptionKey: Sendable, CustomStringConvertible {
    /// The file, inside the data folder, that keeps a generated development key.
    public static let fileName = "encryption-key"

    let key: SymmetricKey

    /// The key of 32 `bytes`.
    init(bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// The key `text` holds: 64 hex digits or the base64 of 32 bytes.
    /// - Throws: ``ConfigurationError`` saying how to make one.
    public static func parse(_ text: String, source: String) throws -> EncryptionKey {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let bytes = Hex.decode(text), bytes.count == 32 { return EncryptionKey(bytes: bytes) }
        if let bytes = try? Base64.decode(string: text), bytes.count == 32 { return EncryptionKey(bytes: bytes) }
        throw ConfigurationError("\(source) must be 32 bytes as 64 hex digits or base64; generate one with `openssl rand -hex 32`")
    }

    /// The key to use: `TOKENGATE_ENCRYPTION_KEY`; without it production refuses to start, testing uses a fresh key
    /// and development generates one once and keeps it in the data folder (mode 0600), like the JWT secret.
    public static func provision(for settings: Settings) throws -> EncryptionKey {
        if let configured = settings.encryptionKey { return configured }
        switch settings.environment {
        case .production:
            throw ConfigurationError("TOKENGATE_ENCRYPTION_KEY is required in production; generate one with `openssl rand -hex 32`")
        case .testing:
            return EncryptionKey(bytes: SecretProvisioner.randomBytes())
        case .development:
            let (text, path) = try SecretProvisioner.keptSecret(in: settings.dataDirectory, named: fileName)
            return try parse(text, source: "the development key in \(path)")
        }
    }

    /// `plaintext` sealed with AES-GCM, bound to `context` (the owner's id): base64 of nonce, ciphertext and tag.
    func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw ConfigurationError("AES-GCM gave no combined form") }
        return Base64.encodeToString(bytes: combined)
    }

    /// The text `sealed` holds, when it was sealed with this key for `context`; `nil` otherwise.
    func open(_ sealed: String, context: String) -> String? {
        guard let bytes = try? Base64.decode(string: sealed), let box = try? AES.GCM.SealedBox(combined: bytes),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        else { return nil }
        return String(decoding: plaintext, as: UTF8.self)
    }
}

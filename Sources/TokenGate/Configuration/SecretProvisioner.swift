import Crypto
import Foundation

/// Decides which secret signs tokens, generating and keeping one for development.
public enum SecretProvisioner {
    /// The smallest secret production accepts, in bytes.
    public static let minimumProductionSecretLength = 32
    /// The file, inside the data folder, that keeps a generated development secret.
    public static let secretFileName = "jwt-secret"

    /// Returns the secret to sign with.
    ///
    /// - A configured secret is used as it is (production requires at least 32 bytes).
    /// - Without one, production refuses to start; testing uses a fresh random secret;
    ///   development generates a 256-bit secret once, keeps it in the data folder with mode 0600 and reuses it.
    /// - Throws: ``ConfigurationError`` saying what to set.
    public static func secret(for settings: Settings) throws -> SigningSecret {
        if let secret = settings.jwtSecret {
            if settings.environment == .production, secret.bytes.count < minimumProductionSecretLength {
                throw ConfigurationError(
                    "TOKENGATE_JWT_SECRET must be at least \(minimumProductionSecretLength) bytes in production; generate one with `openssl rand -hex 32`"
                )
            }
            return secret
        }
        switch settings.environment {
        case .production:
            throw ConfigurationError(
                "TOKENGATE_JWT_SECRET is required in production (at least \(minimumProductionSecretLength) bytes); generate one with `openssl rand -hex 32`"
            )
        case .testing:
            return SigningSecret(bytes: randomBytes())
        case .development:
            return try developmentSecret(in: settings.dataDirectory)
        }
    }

    /// Reads the kept development secret from `directory`, creating it first when it does not exist.
    static func developmentSecret(in directory: String) throws -> SigningSecret {
        let (text, path) = try keptSecret(in: directory, named: secretFileName)
        guard text.utf8.count >= minimumProductionSecretLength else {
            throw ConfigurationError("the development secret in \(path) is shorter than 32 bytes; delete the file to generate a new one")
        }
        return SigningSecret(text)
    }

    /// The text of the file `name` in `directory` (mode 0600), made first from 256 random bits in hex when it does not
    /// exist; and the file's path.
    static func keptSecret(in directory: String, named name: String) throws -> (text: String, path: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        if let existing = FileManager.default.contents(atPath: path) {
            return (trimmed(existing), path)
        }
        let hex = Hex.encode(randomBytes())
        do {
            try PrivateFile.create(path, bytes: Array(hex.utf8))
        } catch .exists {
            // Another process created it in the meantime: read theirs.
            if let existing = FileManager.default.contents(atPath: path) { return (trimmed(existing), path) }
            throw ConfigurationError("cannot read the development secret file \(path)")
        } catch {
            throw ConfigurationError("cannot create the development secret file \(path)")
        }
        return (hex, path)
    }

    private static func trimmed(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func randomBytes() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}

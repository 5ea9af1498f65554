import Crypto
import Foundation

/// What a single-use link in a mail proves when it is followed.
public enum LinkPurpose: String, Sendable, CaseIterable {
    /// The owner of the address reads its mail.
    case emailVerification = "verify_email"
    /// The owner of the address may choose a new password.
    case passwordReset = "reset_password"

    /// How long a link works after it was sent (API.md: verification 24 h, reset 30 min).
    public var lifetime: Duration {
        switch self {
        case .emailVerification: .seconds(24 * 3_600)
        case .passwordReset: .seconds(30 * 60)
        }
    }
}

/// A single-use secret handed to a user (the token of a mail's link, an `mfa_token`): 256 random bits as base64url.
/// Only its SHA-256 is stored.
public struct LinkToken: Sendable {
    /// The text that goes into the link.
    public let value: String

    /// A new random token.
    public init() {
        value = SymmetricKey(size: .bits256).withUnsafeBytes { Base64URL.encode($0) }
    }

    /// What the store keeps of it.
    public var storedHash: String { Self.storedHash(of: value) }

    /// What the store keeps of a token presented as `value`: its SHA-256 in hex.
    public static func storedHash(of value: String) -> String {
        Hex.encode(SHA256.hash(data: Data(value.utf8)))
    }
}

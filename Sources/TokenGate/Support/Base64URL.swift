import ExtrasBase64
import Foundation

/// Base64url without padding (RFC 4648 §5), as JOSE uses it.
enum Base64URL {
    /// The bytes `text` encodes, or `nil` when it is not unpadded base64url.
    static func decode(_ text: Substring) -> Data? {
        guard !text.contains("="), let bytes = try? Base64.decode(bytes: text.utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter])
        else { return nil }
        return Data(bytes)
    }

    /// The base64url text of `bytes`, without padding.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64.encodeToString(bytes: bytes, options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }
}

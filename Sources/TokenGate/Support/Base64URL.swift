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

    /// The base64url text of `data`, without padding.
    static func encode(_ data: Data) -> String {
        Base64.encodeToString(bytes: data, options: [.base64UrlAlphabet, .omitPaddingCharacter])
    }
}

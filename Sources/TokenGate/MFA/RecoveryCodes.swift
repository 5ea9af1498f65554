import Crypto
import Foundation

/// One-time recovery codes: ten per enrolment, shown once, kept only as SHA-256.
enum RecoveryCodes {
    /// How many codes an enrolment gets.
    static let count = 10

    /// `count` new codes, `xxxxx-xxxxx` of lowercase letters and digits without look-alikes (50 random bits each).
    static func make() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz023456789".utf8)  // 32: no i, l, o or 1
        return (0..<count).map { _ in
            let letters = SymmetricKey(size: .bits128).withUnsafeBytes { bytes in bytes.prefix(10).map { alphabet[Int($0 & 31)] } }
            return String(decoding: letters.prefix(5), as: UTF8.self) + "-" + String(decoding: letters.suffix(5), as: UTF8.self)
        }
    }

    /// What the store keeps of `code` as the user typed it (spaces and case ignored).
    static func storedHash(of code: String) -> String {
        let normalized = code.lowercased().filter { !$0.isWhitespace }
        return Hex.encode(SHA256.hash(data: Data(normalized.utf8)))
    }
}

import Crypto
import ExtrasBase64
import Foundation
import HummingbirdOTP

/// A TOTP secret (RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps) and the checks of its codes.
///
/// HummingbirdOTP takes the HMAC key as a `String` and uses its UTF-8 bytes, so the key is made of printable
/// characters (32 from a 64-letter alphabet, 192 random bits) that survive that round trip; authenticator apps get
/// the base32 of those bytes.
struct TOTPSecret: Sendable {
    /// The HMAC key, as HummingbirdOTP takes it.
    let key: String

    /// A new random secret.
    init() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        key = SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
            String(decoding: bytes.prefix(32).map { alphabet[Int($0 & 63)] }, as: UTF8.self)
        }
    }

    /// The secret kept as `key`.
    init(key: String) { self.key = key }

    /// What a user types into an authenticator app: the key's bytes in base32, without padding.
    var base32: String { String(base32Encoding: key.utf8, options: .omitPaddingCharacter) }

    /// The `otpauth://totp/…` URI of the secret for `account` at `issuer`.
    func uri(account: String, issuer: String) -> String {
        TOTP(secret: key).createAuthenticatorURL(label: "\(issuer):\(account)", issuer: issuer)
    }

    /// The time step of `date`.
    static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 30).rounded(.down)) }

    /// The step among the one of `now` and its two neighbours whose code `code` is, or `nil` when it is none of them.
    func matchingStep(of code: String, at now: Date) -> Int64? {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let totp = TOTP(secret: key)
        let current = Self.step(at: now)
        var matched: Int64?
        for step in [current - 1, current, current + 1] {
            let expected = Self.sixDigits(totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * 30))))
            // Digest equality is swift-crypto's constant-time comparison; every candidate is compared.
            if SHA256.hash(data: Data(expected.utf8)) == SHA256.hash(data: Data(code.utf8)) { matched = step }
        }
        return matched
    }

    /// A code as six digits, with its leading zeros.
    static func sixDigits(_ code: Int) -> String {
        let digits = String(code)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

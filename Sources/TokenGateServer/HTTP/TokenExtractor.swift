public import HTTPTypes
import Hummingbird

/// Finds the one access token a request carries, by the contract's rules.
///
/// A token comes from `Authorization: Bearer <jwt>` or `x-access-token: <jwt>`. Anything ambiguous or
/// malformed is a 401 `invalid_request`; credentials of another scheme (`Basic …`) are not a token, and a token in
/// the query string or body is never looked at.
public enum TokenExtractor {
    /// The `x-access-token` header older clients send.
    public static let accessTokenHeader = HTTPField.Name("x-access-token")!

    /// The token in `headers`, or `nil` when none was sent (or only another scheme's credentials).
    /// - Throws: ``APIError`` 401 `invalid_request` for a malformed or ambiguous header.
    public static func token(in headers: HTTPFields) throws(APIError) -> String? {
        let authorization = headers[values: .authorization]
        let legacy = headers[values: accessTokenHeader]
        guard authorization.count <= 1, legacy.count <= 1 else {
            throw .invalidRequest("Send one token in one header.")
        }
        var bearer: String?
        if let value = authorization.first, !isAnotherScheme(value) {
            bearer = try bearerToken(in: value)
        }
        var legacyToken: String?
        if let value = legacy.first {
            var value = value
            guard value.withUTF8(isToken) else {
                throw .invalidRequest("The x-access-token header must hold a token.")
            }
            legacyToken = value
        }
        if let bearer, let legacyToken, bearer != legacyToken {
            throw .invalidRequest("The Authorization and x-access-token headers carry different tokens.")
        }
        return bearer ?? legacyToken
    }

    /// The token of an `Authorization` value of the form `Bearer <token>` (the scheme in any case).
    static func bearerToken(in value: String) throws(APIError) -> String {
        var value = value
        let token: String? = value.withUTF8 { bytes in
            let scheme = "bearer ".utf8
            guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ byte, expected in byte | 0x20 == expected }) else {
                return nil
            }
            let rest = UnsafeBufferPointer(rebasing: bytes[scheme.count...])
            return isToken(rest) ? String(decoding: rest, as: UTF8.self) : nil
        }
        guard let token else { throw .invalidRequest("The Authorization header must be 'Bearer <token>'.") }
        return token
    }

    /// Whether `value` is another scheme's credentials (`Basic …`, `Negotiate`): a first word that is not `Bearer`,
    /// followed by a space or nothing. `Bearer<token>` with no space is a malformed Bearer header, not another scheme.
    static func isAnotherScheme(_ value: String) -> Bool {
        let scheme = value.utf8.prefix { $0 != 0x20 }
        guard !scheme.isEmpty else { return false }
        let bearer = "bearer".utf8
        let startsLikeBearer = scheme.count >= bearer.count && zip(scheme, bearer).allSatisfy { $0 | 0x20 == $1 }
        return !startsLikeBearer
    }

    /// Whether `bytes` can be a token: not empty, and no space, control character or non-ASCII byte in it.
    private static func isToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

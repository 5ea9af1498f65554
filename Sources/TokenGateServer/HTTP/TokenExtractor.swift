import HTTPTypes
import Hummingbird

/// Finds the one access token a request carries, by the contract's rules.
///
/// A token comes from `Authorization: Bearer <jwt>` or `x-access-token: <jwt>`. Anything ambiguous or
/// malformed is a 401 `invalid_request`; a token in the query string or body is never looked at.
public enum TokenExtractor {
    /// The `x-access-token` header older clients send.
    public static let accessTokenHeader = HTTPField.Name("x-access-token")!

    /// The token in `headers`, or `nil` when none was sent.
    /// - Throws: ``APIError`` 401 `invalid_request` for a malformed or ambiguous header.
    public static func token(in headers: HTTPFields) throws(APIError) -> String? {
        let authorization = headers[values: .authorization]
        let legacy = headers[values: accessTokenHeader]
        guard authorization.count <= 1, legacy.count <= 1 else {
            throw .invalidRequest("Send one token in one header.")
        }
        var bearer: String?
        if let value = authorization.first {
            bearer = try bearerToken(in: value)
        }
        var legacyToken: String?
        if let value = legacy.first {
            guard !value.isEmpty, !value.contains(where: \.isWhitespace) else {
                throw .invalidRequest("The x-access-token header must hold a token.")
            }
            legacyToken = value
        }
        if let bearer, let legacyToken, bearer != legacyToken {
            throw .invalidRequest("The Authorization and x-access-token headers carry different tokens.")
        }
        return bearer ?? legacyToken
    }

    /// The token of an `Authorization` value of the form `Bearer <token>`.
    static func bearerToken(in value: String) throws(APIError) -> String {
        let prefix = "bearer "
        guard value.count > prefix.count, value.prefix(prefix.count).lowercased() == prefix else {
            throw .invalidRequest("The Authorization header must be 'Bearer <token>'.")
        }
        let token = value.dropFirst(prefix.count)
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else {
            throw .invalidRequest("The Authorization header must be 'Bearer <token>'.")
        }
        return String(token)
    }
}

import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore
import TokenGate

/// Why a request is refused by ``TokenGateVerifier`` or the middleware, answered in TokenGate's error shape
/// (`{"error", "message"}`) with an RFC 6750 challenge on a 401.
public struct TokenGateAuthError: Error, Sendable, Equatable, HTTPResponseError {
    /// The HTTP status: 401, 403 or 503.
    public let status: HTTPResponse.Status
    /// The machine code (`invalid_token`, `token_expired`, `invalid_request`, `forbidden`, `keys_unavailable`).
    public let code: String
    /// A sentence for a person.
    public let message: String

    /// No token in the request (a challenge without an error code, RFC 6750 §3.1).
    public static let missingToken = Self(status: .unauthorized, code: "invalid_request", message: "This endpoint needs an access token.")
    /// A malformed `Authorization` header.
    public static let malformedHeader = Self(
        status: .unauthorized,
        code: "invalid_request",
        message: "Send the token as 'Authorization: Bearer <token>'."
    )
    /// The token lacks a role the route needs.
    public static let forbidden = Self(status: .forbidden, code: "forbidden", message: "This needs a role the token does not hold.")
    /// No verification keys could be loaded yet.
    public static let keysUnavailable = Self(
        status: .serviceUnavailable,
        code: "keys_unavailable",
        message: "The token issuer's keys could not be loaded; try again shortly."
    )

    /// The refusal of a token the verifier rejected for `reason`.
    init(_ reason: TokenError) {
        status = .unauthorized
        code = reason == .expired ? "token_expired" : "invalid_token"
        message = reason.description
    }

    init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The RFC 6750 error code of the challenge: `invalid_request` or `invalid_token`.
    private var challengeCode: String { code == "invalid_request" ? code : "invalid_token" }

    /// The response: the JSON error body, and a `WWW-Authenticate` challenge on a 401.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized {
            headers[.wwwAuthenticate] =
                self == .missingToken
                ? #"Bearer realm="tokengate""#
                : #"Bearer realm="tokengate", error="\#(challengeCode)", error_description="\#(message)""#
        }
        let body = try JSONEncoder().encode(["error": code, "message": message])
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

import Foundation
public import HTTPTypes
public import Hummingbird

/// An error answered with the contract's body `{"error": code, "message": sentence}` (plus `fields` for validation).
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The stable machine code.
    public let code: String
    /// One sentence for a person.
    public let message: String
    /// Per-field messages of a validation failure.
    public let fields: [String: String]?
    /// Extra response headers, e.g. `WWW-Authenticate` or `Allow`.
    public let headers: HTTPFields

    /// Creates an error response.
    public init(_ status: HTTPResponse.Status, code: String, message: String, fields: [String: String]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    /// The JSON response of this error.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONWriter.response(ErrorBody(error: code, fields: fields, message: message), status: status, headers: headers)
    }

    private struct ErrorBody: Encodable {
        let error: String
        let fields: [String: String]?
        let message: String

        enum CodingKeys: String, CodingKey {
            case error, fields, message
        }

        /// Encodes `error`, `fields` (only when there are any: the one member the contract leaves out) and `message`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(error, forKey: .error)
            if let fields { try container.encode(fields, forKey: .fields) }
            try container.encode(message, forKey: .message)
        }
    }
}

extension APIError {
    /// 401 for a request without usable credentials, with the RFC 6750 challenge.
    /// - Parameters:
    ///   - code: the body's code (`invalid_request`, `invalid_token`, `token_expired`, ...).
    ///   - challenge: the RFC 6750 `error` attribute (`invalid_request` or `invalid_token`).
    public static func unauthorized(code: String, challenge: String, message: String) -> APIError {
        let description = message.replacingOccurrences(of: "\"", with: "'")
        return APIError(
            .unauthorized,
            code: code,
            message: message,
            headers: [.wwwAuthenticate: "Bearer realm=\"tokengate\", error=\"\(challenge)\", error_description=\"\(description)\""]
        )
    }

    /// 401 `fresh_token_required`: `action` (a sentence's subject) needs a token straight from a login.
    public static func freshTokenRequired(to action: String) -> APIError {
        unauthorized(code: "fresh_token_required", challenge: "invalid_token", message: "\(action) needs a fresh token: log in again.")
    }

    /// 401 `invalid_request`: credentials sent in a way that cannot be read unambiguously.
    public static func invalidRequest(_ message: String) -> APIError {
        unauthorized(code: "invalid_request", challenge: "invalid_request", message: message)
    }

    /// 401 for a request that carries no credentials at all, or only another scheme's (`Basic …`): the body's code
    /// is `invalid_request`, and the challenge names no error (RFC 6750 §3.1).
    public static func credentialsRequired(_ message: String) -> APIError {
        APIError(.unauthorized, code: "invalid_request", message: message, headers: [.wwwAuthenticate: #"Bearer realm="tokengate""#])
    }

    /// 422 `validation_failed` with per-field messages.
    public static func validationFailed(_ fields: [String: String]) -> APIError {
        APIError(.unprocessableContent, code: "validation_failed", message: "Some fields are not valid.", fields: fields)
    }

    /// 403 `forbidden`: authenticated, but without a role this needs.
    public static let forbidden = APIError(.forbidden, code: "forbidden", message: "Your roles do not allow this.")

    /// 403 `csrf_failed`: a state-changing request authenticated by cookie without the session's `X-CSRF-Token`.
    public static let csrfFailed = APIError(
        .forbidden,
        code: "csrf_failed",
        message: "Send the value of the CSRF cookie in the X-CSRF-Token header."
    )

    /// 404 `not_found`.
    public static let notFound = APIError(.notFound, code: "not_found", message: "Nothing lives at this path.")

    /// 503 `database_unavailable`.
    public static let databaseUnavailable = APIError(
        .serviceUnavailable,
        code: "database_unavailable",
        message: "The database is not answering; try again shortly."
    )

    /// 503 `database_unavailable`, when the database answers reads but refuses writes (a full disk, a read-only file).
    public static let databaseRefusesWrites = APIError(
        .serviceUnavailable,
        code: "database_unavailable",
        message: "The database answers but refuses writes; the log says why."
    )

    /// 500 `internal_error`.
    public static let internalFailure = APIError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
}

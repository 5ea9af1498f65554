/// Why a call through ``TokenGateClient`` failed: what the caller can act on, with the server's error code and
/// message from the API contract when the server answered.
public struct TokenGateClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a caller reacts to it.
    public enum Kind: Sendable, Equatable {
        /// Wrong email or password (401 `invalid_credentials`).
        case invalidCredentials
        /// Too many login attempts; try again after `retryAfter` when the server said (429).
        case tooManyAttempts(retryAfter: Duration?)
        /// The session is over (refused refresh token, revoked session, or no session stored): log in again.
        case sessionExpired
        /// Another 401 (for example `fresh_token_required`).
        case unauthorized
        /// The token lacks a role the call needs (403).
        case forbidden
        /// No such resource, or not the caller's (404).
        case notFound
        /// The request conflicts with what exists (409: `email_taken`, `duplicate_template`).
        case conflict
        /// Fields that are not valid, each with what is wrong (422 `validation_failed`).
        case validationFailed(fields: [String: String])
        /// Another refused request (400, 413, …).
        case rejected(status: Int)
        /// The server failed or is unavailable (5xx).
        case server(status: Int)
        /// No answer: the server could not be reached, the connection broke, or the answer was not the contract's.
        case transport
    }

    /// What went wrong.
    public let kind: Kind
    /// The contract's machine code (`token_reused`, `email_taken`, …) when the server sent one.
    public let code: String?
    /// A sentence for a person.
    public let message: String

    /// Creates an error of `kind`.
    public init(_ kind: Kind, code: String? = nil, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    /// The code (if any) and the message.
    public var description: String { code.map { "\($0): \(message)" } ?? message }

    static func transport(_ message: String) -> Self { Self(.transport, message: message) }

    static let noSession = Self(.sessionExpired, message: "No session is stored: log in first.")
}

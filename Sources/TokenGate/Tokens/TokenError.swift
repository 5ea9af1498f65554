/// Why a token was refused.
public enum TokenError: Error, Sendable, Equatable {
    /// The token is longer than ``TokenVerifier/maximumTokenLength``.
    case tooLarge
    /// The token is not a well-formed JWS, or a claim is missing or of the wrong type.
    case malformed
    /// The header names no key of the ring, or an algorithm other than that key's.
    case unknownKey
    /// The signature does not match.
    case badSignature
    /// `exp` has passed.
    case expired
    /// `nbf` has not come yet.
    case notYetValid
    /// `iss` is not this server's.
    case wrongIssuer
    /// `aud` is not this server's.
    case wrongAudience
    /// An access token where a refresh token is required, or the other way round.
    case wrongType

    /// One sentence for the `error_description` of a 401.
    public var description: String {
        switch self {
        case .tooLarge: "The token is too large."
        case .malformed: "The token is malformed."
        case .unknownKey: "The token was not signed by a key this server accepts."
        case .badSignature: "The token signature is invalid."
        case .expired: "The token has expired."
        case .notYetValid: "The token is not valid yet."
        case .wrongIssuer: "The token was issued by someone else."
        case .wrongAudience: "The token is meant for someone else."
        case .wrongType: "The token is of the wrong type for this endpoint."
        }
    }
}

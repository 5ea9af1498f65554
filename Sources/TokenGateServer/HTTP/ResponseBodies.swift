public import Foundation
import Hummingbird
public import TokenGate

// Response bodies are declared once: stored properties and `CodingKeys`, the keys in sorted order (JSONWriter writes
// members in encoding order, and the contract's bodies are sorted like JSONEncoder's `.sortedKeys`).

/// A user as the API shows it: never with a password hash. A missing name is written as `null`.
public struct UserBody: Codable, Sendable, Equatable {
    /// When the account was made (RFC 3339).
    public let createdAt: Date
    /// The email address.
    public let email: String
    /// Whether the user proved they read mail at ``email``.
    public let emailVerified: Bool
    /// The public id.
    public let id: UUID
    /// The display name, or `null`.
    public let name: String?
    /// The user's roles, sorted.
    public let roles: [String]

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at"
        case email
        case emailVerified = "email_verified"
        case id, name, roles
    }

    /// The body of `user`.
    public init(_ user: User) {
        id = user.id
        email = user.email
        emailVerified = user.emailVerified
        name = user.name
        roles = user.roles.sorted().map(\.rawValue)
        createdAt = user.createdAt
    }
}

/// The answer to refresh: a new token pair.
public struct TokenPairBody: JSONResponseBody, Codable, Sendable {
    /// The access token.
    public let accessToken: String
    /// Seconds until the access token expires.
    public let expiresIn: Int64
    /// The refresh token.
    public let refreshToken: String
    /// Always `Bearer`.
    public let tokenType: String

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
    }

    /// The body for `pair`.
    public init(_ pair: TokenPair) {
        accessToken = pair.accessToken
        refreshToken = pair.refreshToken
        tokenType = "Bearer"
        expiresIn = pair.expiresIn
    }
}

/// The answer to register and login: the token pair's members and the user, side by side in one object.
public struct SessionBody: JSONResponseBody, Codable, Sendable {
    /// The token pair.
    public let pair: TokenPairBody
    /// The user.
    public let user: UserBody

    enum CodingKeys: String, CodingKey {
        case user
    }

    /// The body for `user` and `pair`.
    public init(user: User, pair: TokenPair) {
        self.pair = TokenPairBody(pair)
        self.user = UserBody(user)
    }

    /// Decodes the flat object.
    public init(from decoder: any Decoder) throws {
        pair = try TokenPairBody(from: decoder)
        user = try decoder.container(keyedBy: CodingKeys.self).decode(UserBody.self, forKey: .user)
    }

    /// Encodes the pair's members, then `user` (which sorts after them).
    public func encode(to encoder: any Encoder) throws {
        try pair.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(user, forKey: .user)
    }

    /// The access token.
    public var accessToken: String { pair.accessToken }
    /// The refresh token.
    public var refreshToken: String { pair.refreshToken }
    /// Always `Bearer`.
    public var tokenType: String { pair.tokenType }
    /// Seconds until the access token expires.
    public var expiresIn: Int64 { pair.expiresIn }
}

/// `{"message": "..."}`.
public struct MessageBody: JSONResponseBody, Codable, Sendable {
    /// The sentence.
    public let message: String
}

/// `{"status": "..."}`.
public struct StatusBody: JSONResponseBody, Codable, Sendable {
    /// The status word.
    public let status: String
}

/// `/ready`'s answer: the status word and how revocations from other instances arrive.
public struct ReadyBody: JSONResponseBody, Codable, Sendable {
    /// `healthy`, `degraded`, `connecting` or `polling`.
    public let revocationFeed: String
    /// Always `ready` (an unready instance answers 503 with an error body).
    public let status: String

    enum CodingKeys: String, CodingKey {
        case revocationFeed = "revocation_feed"
        case status
    }
}

/// `{}`: the body of a refresh by cookie, whose tokens travel in the cookies.
struct EmptyObject: ResponseEncodable, Sendable {}

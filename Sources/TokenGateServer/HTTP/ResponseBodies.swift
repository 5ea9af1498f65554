import Foundation
import Hummingbird
import TokenGate

/// A user as the API shows it: never with a password hash.
public struct UserBody: Codable, Sendable, Equatable {
    /// The public id.
    public let id: UUID
    /// The email address.
    public let email: String
    /// The display name, or `null`.
    public let name: String?
    /// The user's roles, sorted.
    public let roles: [String]
    /// When the account was made (RFC 3339).
    public let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, roles
        case createdAt = "created_at"
    }

    /// The body of `user`.
    public init(_ user: User) {
        id = user.id
        email = user.email
        name = user.name
        roles = user.roles.sorted().map(\.rawValue)
        createdAt = user.createdAt
    }

    /// Encodes every field, writing `null` for a missing name rather than leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(roles, forKey: .roles)
        try container.encode(RFC3339.string(from: createdAt), forKey: .createdAt)
    }
}

/// The answer to register and login: the user and a fresh token pair.
public struct SessionBody: ResponseEncodable, Decodable, Sendable {
    /// The user.
    public let user: UserBody
    /// The access token.
    public let accessToken: String
    /// The refresh token.
    public let refreshToken: String
    /// Always `Bearer`.
    public let tokenType: String
    /// Seconds until the access token expires.
    public let expiresIn: Int64

    enum CodingKeys: String, CodingKey {
        case user
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    /// The body for `user` and `pair`.
    public init(user: User, pair: TokenPair) {
        self.user = UserBody(user)
        accessToken = pair.accessToken
        refreshToken = pair.refreshToken
        tokenType = "Bearer"
        expiresIn = pair.expiresIn
    }
}

/// The answer to refresh: a new token pair.
public struct TokenPairBody: ResponseEncodable, Decodable, Sendable {
    /// The access token.
    public let accessToken: String
    /// The refresh token.
    public let refreshToken: String
    /// Always `Bearer`.
    public let tokenType: String
    /// Seconds until the access token expires.
    public let expiresIn: Int64

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }

    /// The body for `pair`.
    public init(_ pair: TokenPair) {
        accessToken = pair.accessToken
        refreshToken = pair.refreshToken
        tokenType = "Bearer"
        expiresIn = pair.expiresIn
    }
}

/// `{"message": "..."}`.
public struct MessageBody: ResponseEncodable, Decodable, Sendable {
    /// The sentence.
    public let message: String
}

/// `{"status": "..."}`.
public struct StatusBody: ResponseEncodable, Decodable, Sendable {
    /// The status word.
    public let status: String
}

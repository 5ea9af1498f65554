public import Foundation
import Hummingbird
public import TokenGate

/// A user as the API shows it: never with a password hash.
public struct UserBody: Decodable, Sendable, Equatable, JSONWritable {
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

    /// Writes every field, `null` for a missing name rather than leaving the key out.
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("created_at", createdAt)
            json.member("email", email)
            json.member("id", id)
            json.member("name", name)
            json.member("roles", roles)
        }
    }
}

/// The answer to register and login: the user and a fresh token pair.
public struct SessionBody: JSONResponseBody, Decodable, Sendable {
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

    /// Writes the user and the pair.
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("access_token", accessToken)
            json.member("expires_in", expiresIn)
            json.member("refresh_token", refreshToken)
            json.member("token_type", tokenType)
            json.member("user", user)
        }
    }
}

/// The answer to refresh: a new token pair.
public struct TokenPairBody: JSONResponseBody, Decodable, Sendable {
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

    /// Writes the pair.
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("access_token", accessToken)
            json.member("expires_in", expiresIn)
            json.member("refresh_token", refreshToken)
            json.member("token_type", tokenType)
        }
    }
}

/// `{"message": "..."}`.
public struct MessageBody: JSONResponseBody, Decodable, Sendable {
    /// The sentence.
    public let message: String

    /// Writes the message.
    public func write(to json: inout JSONWriter) { json.object { $0.member("message", message) } }
}

/// `{"status": "..."}`.
public struct StatusBody: JSONResponseBody, Decodable, Sendable {
    /// The status word.
    public let status: String

    /// Writes the status.
    public func write(to json: inout JSONWriter) { json.object { $0.member("status", status) } }
}

/// `/ready`'s answer: the status word and how revocations from other instances arrive.
public struct ReadyBody: JSONResponseBody, Decodable, Sendable {
    /// Always `ready` (an unready instance answers 503 with an error body).
    public let status: String
    /// `healthy`, `degraded`, `connecting` or `polling`.
    public let revocationFeed: String

    enum CodingKeys: String, CodingKey {
        case status
        case revocationFeed = "revocation_feed"
    }

    /// Writes both members.
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.member("revocation_feed", revocationFeed)
            json.member("status", status)
        }
    }
}

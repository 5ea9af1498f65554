import Foundation
import JWT
import Vapor

/// The claims of an access or refresh token, authenticated by vapor/jwt's bearer authenticator.
struct TokenPayload: JWTPayload, Authenticatable {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var type: String
    var roles: [String]

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}

/// A user as API.md shows one.
struct UserJSON: Content {
    let id: UUID
    let email: String
    let name: String?
    let roles: [String]
    let createdAt: Date
}

/// `{user, access_token, refresh_token, token_type, expires_in}`.
struct SessionJSON: Content {
    let user: UserJSON
    let accessToken: String
    let refreshToken: String
    let tokenType = "Bearer"
    let expiresIn = 900
}

/// A book as API.md shows one.
struct BookJSON: Content {
    let id: UUID
    let title: String
    let author: String
    let createdAt: Date
    let updatedAt: Date
}

/// A page of books.
struct BooksJSON: Content {
    let books: [BookJSON]
    let nextCursor: String?
}

/// The body of register and login.
struct Credentials: Content {
    let email: String
    let password: String
    let name: String?
}

/// The body of a new book.
struct NewBook: Content {
    let title: String
    let author: String
}

/// The set-up call that makes an editor.
struct RoleChange: Content {
    let email: String
    let roles: [String]
}

import Foundation

// The request and response bodies of the contract that the public models do not cover.

struct RegisterBody: Encodable {
    let email: String
    let password: String
    let name: String?
}

struct LoginBody: Encodable {
    let email: String
    let password: String
}

struct ChangePasswordBody: Encodable {
    let currentPassword: String
    let newPassword: String
}

struct BookFields: Encodable {
    let title: String
    let author: String
}

struct TemplateFields: Encodable {
    let template: String
}

struct RolesBody: Encodable {
    let roles: [String]
}

struct TokenPairBody: Decodable {
    let accessToken: String
    let refreshToken: String
    let expiresIn: Int64

    /// The pair as stored for the server at `server`, its expiry counted from now.
    func stored(server: String) -> StoredTokens {
        let now = Date()
        return StoredTokens(
            accessToken: accessToken,
            refreshToken: refreshToken,
            receivedAt: now,
            accessTokenExpiresAt: now.addingTimeInterval(TimeInterval(expiresIn)),
            server: server
        )
    }
}

struct SessionStartBody: Decodable {
    let user: User
    let tokens: TokenPairBody

    init(from decoder: any Decoder) throws {
        user = try decoder.container(keyedBy: CodingKeys.self).decode(User.self, forKey: .user)
        tokens = try TokenPairBody(from: decoder)
    }

    enum CodingKeys: String, CodingKey { case user }
}

struct UserEnvelope: Decodable { let user: User }
struct SessionsBody: Decodable { let sessions: [SessionInfo] }
struct BookEnvelope: Decodable { let book: Book }
struct TemplateEnvelope: Decodable { let template: Template }

struct BooksBody: Decodable {
    let books: [Book]
    let nextCursor: String?
    var page: Page<Book> { Page(items: books, nextCursor: nextCursor) }
}

struct TemplatesBody: Decodable {
    let templates: [Template]
    let nextCursor: String?
    var page: Page<Template> { Page(items: templates, nextCursor: nextCursor) }
}

struct UsersBody: Decodable {
    let users: [User]
    let nextCursor: String?
    var page: Page<User> { Page(items: users, nextCursor: nextCursor) }
}

import Fluent
import Foundation
import Vapor

/// An account, as Vapor's Fluent docs model one.
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @OptionalField(key: "name") var name: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "roles") var roles: [String]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(email: String, name: String?, passwordHash: String) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.roles = ["user"]
    }

    var json: UserJSON {
        UserJSON(id: id!, email: email, name: name, roles: roles.sorted(), createdAt: createdAt ?? Date())
    }
}

/// A book.
final class Book: Model, @unchecked Sendable {
    static let schema = "books"
    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "author") var author: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(title: String, author: String) {
        self.title = title
        self.author = author
    }
}

/// A revoked token's `jti`: the logout pattern of Vapor's JWT docs, checked on every request.
final class RevokedToken: Model, @unchecked Sendable {
    static let schema = "revoked_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "jti") var jti: String

    init() {}
    init(jti: String) { self.jti = jti }
}

/// The tables, created by Fluent's migrator.
struct CreateSchema: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").id()
            .field("email", .string, .required).unique(on: "email")
            .field("name", .string)
            .field("password_hash", .string, .required)
            .field("roles", .array(of: .string), .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("books").id()
            .field("title", .string, .required)
            .field("author", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema("revoked_tokens").id().field("jti", .string, .required).create()
    }

    func revert(on database: any Database) async throws {
        for table in ["revoked_tokens", "books", "users"] { try await database.schema(table).delete() }
    }
}

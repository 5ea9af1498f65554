import Fluent
import Foundation
import JWT
import Vapor

/// API.md's auth and books routes.
func routes(_ app: Application) throws {
    app.get("health") { _ in ["status": "ok"] }
    app.post("auth", "register", use: register)
    app.post("auth", "login", use: login)

    let authenticated = app.grouped(TokenPayload.authenticator(), TokenPayload.guardMiddleware())
    authenticated.get("auth", "status") { req in
        try await UserEnvelope(user: owner(of: livePayload(req, type: "access"), on: req).json)
    }
    authenticated.post("auth", "refresh", use: refresh)
    authenticated.post("auth", "logout") { req -> [String: String] in
        let payload = try await livePayload(req, type: "access")
        try await RevokedToken(jti: payload.jti.value).save(on: req.db)
        return ["message": "Successfully logged out."]
    }
    authenticated.get("books", use: listBooks)
    authenticated.post("books", use: createBook)
    app.put("admin", "roles", use: setRoles)
}

/// `{user}`.
struct UserEnvelope: Content {
    let user: UserJSON
}

/// `{book}`.
struct BookEnvelope: Content {
    let book: BookJSON
}

private func register(_ req: Request) async throws -> Response {
    let body = try req.content.decode(Credentials.self)
    guard body.password.count >= 8, body.email.contains("@") else { throw Abort(.unprocessableEntity) }
    let user = User(email: body.email.lowercased(), name: body.name, passwordHash: try await req.password.async.hash(body.password))
    do {
        try await user.save(on: req.db)
    } catch let error as any DatabaseError where error.isConstraintFailure {
        throw Abort(.conflict, reason: "email_taken")
    }
    return try await issue(for: user, on: req).encodeResponse(status: .created, for: req)
}

private func login(_ req: Request) async throws -> SessionJSON {
    let body = try req.content.decode(Credentials.self)
    guard let user = try await User.query(on: req.db).filter(\.$email == body.email.lowercased()).first(),
        try await req.password.async.verify(body.password, created: user.passwordHash)
    else { throw Abort(.unauthorized, reason: "invalid_credentials") }
    return try await issue(for: user, on: req)
}

private func refresh(_ req: Request) async throws -> SessionJSON {
    let payload = try await livePayload(req, type: "refresh")
    let user = try await owner(of: payload, on: req)
    try await RevokedToken(jti: payload.jti.value).save(on: req.db)
    return try await issue(for: user, on: req)
}

private func listBooks(_ req: Request) async throws -> BooksJSON {
    _ = try await livePayload(req, type: "access")
    let limit = min(max(req.query[Int.self, at: "limit"] ?? 20, 1), 100)
    var query = Book.query(on: req.db).sort(\.$createdAt).sort(\.$id)
    if let cursor = req.query[String.self, at: "cursor"], let split = cursor.split(separator: "|").map(String.init) as [String]?,
        split.count == 2, let stamp = Double(split[0]), let id = UUID(uuidString: split[1])
    {
        let date = Date(timeIntervalSince1970: stamp)
        query = query.group(.or) { or in
            or.filter(\.$createdAt > date).group(.and) { and in and.filter(\.$createdAt == date).filter(\.$id > id) }
        }
    }
    let rows = try await query.limit(limit + 1).all()
    let page = rows.prefix(limit)
    let next = rows.count > limit ? page.last.map { "\($0.createdAt!.timeIntervalSince1970)|\($0.id!.uuidString)" } : nil
    return BooksJSON(books: page.map(json), nextCursor: next)
}

private func createBook(_ req: Request) async throws -> Response {
    let payload = try await livePayload(req, type: "access")
    guard !Set(payload.roles).isDisjoint(with: ["editor", "admin"]) else { throw Abort(.forbidden) }
    let body = try req.content.decode(NewBook.self)
    let book = Book(title: body.title, author: body.author)
    try await book.save(on: req.db)
    return try await BookEnvelope(book: json(book)).encodeResponse(status: .created, for: req)
}

/// Benchmark set-up only: makes an editor when the set-up key matches.
private func setRoles(_ req: Request) async throws -> UserEnvelope {
    guard req.headers.first(name: "X-Setup-Key") == Environment.get("PEER_JWT_SECRET") ?? defaultSecret else { throw Abort(.forbidden) }
    let body = try req.content.decode(RoleChange.self)
    guard let user = try await User.query(on: req.db).filter(\.$email == body.email.lowercased()).first() else { throw Abort(.notFound) }
    user.roles = Array(Set(body.roles).union(["user"])).sorted()
    try await user.save(on: req.db)
    return UserEnvelope(user: user.json)
}

private func json(_ book: Book) -> BookJSON {
    BookJSON(id: book.id!, title: book.title, author: book.author, createdAt: book.createdAt!, updatedAt: book.updatedAt!)
}

/// The authenticated payload, of the expected type and not revoked (one query per request, as the docs' logout implies).
private func livePayload(_ req: Request, type: String) async throws -> TokenPayload {
    let payload = try req.auth.require(TokenPayload.self)
    guard payload.type == type else { throw Abort(.unauthorized) }
    if try await RevokedToken.query(on: req.db).filter(\.$jti == payload.jti.value).first() != nil {
        throw Abort(.unauthorized, reason: "token_revoked")
    }
    return payload
}

private func owner(of payload: TokenPayload, on req: Request) async throws -> User {
    guard let id = UUID(uuidString: payload.sub.value), let user = try await User.find(id, on: req.db) else { throw Abort(.unauthorized) }
    return user
}

private func issue(for user: User, on req: Request) async throws -> SessionJSON {
    func token(_ type: String, lifetime: TimeInterval) async throws -> String {
        try await req.jwt.sign(
            TokenPayload(
                sub: .init(value: user.id!.uuidString),
                exp: .init(value: Date().addingTimeInterval(lifetime)),
                jti: .init(value: UUID().uuidString),
                type: type,
                roles: user.roles
            )
        )
    }
    return SessionJSON(user: user.json, accessToken: try await token("access", lifetime: 900), refreshToken: try await token("refresh", lifetime: 2_592_000))
}

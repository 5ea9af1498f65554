public import AsyncHTTPClient
public import Foundation
import NIOHTTP1

/// A client of a TokenGate server that keeps the session for you.
///
/// After ``login(email:password:)`` or ``register(email:password:name:)`` every call carries the access token.
/// A token that expires within the refresh margin, or that the server refuses as expired, is renewed with one
/// `POST /auth/refresh` shared by every call waiting at that moment, and the call is sent once more. When the
/// server refuses the refresh token (spent, revoked or expired) the stored session is forgotten and the call fails
/// with ``TokenGateClientError/Kind/sessionExpired``; an unreachable server keeps the session.
///
/// ```swift
/// let client = TokenGateClient(baseURL: "https://auth.example.com")
/// try await client.login(email: "ada@example.com", password: password)
/// let books = try await client.books()
/// ```
public final class TokenGateClient: Sendable {
    private let transport: HTTPTransport
    private let keeper: SessionKeeper
    private let refreshMargin: Duration

    /// Creates a client of the server at `baseURL`.
    /// - Parameters:
    ///   - tokenStore: where the session is kept; in memory unless told otherwise.
    ///   - httpClient: the HTTP client to send with; AsyncHTTPClient's shared one by default.
    ///   - refreshMargin: an access token that expires sooner than this is renewed before a call.
    ///   - timeout: how long one request may take.
    public init(
        baseURL: String,
        tokenStore: any TokenStore = MemoryTokenStore(),
        httpClient: HTTPClient = .shared,
        refreshMargin: Duration = .seconds(30),
        timeout: Duration = .seconds(30)
    ) {
        let transport = HTTPTransport(baseURL: baseURL, httpClient: httpClient, timeout: timeout)
        self.transport = transport
        self.refreshMargin = refreshMargin
        self.keeper = SessionKeeper(store: tokenStore) { tokens throws(TokenGateClientError) in
            let request = try APIRequest(.POST, "/auth/refresh", json: ["refresh_token": tokens.refreshToken])
            do throws(TokenGateClientError) {
                return try await transport.send(request).successful().decode(TokenPairBody.self).stored(server: transport.baseURL)
            } catch  where error.kind == .unauthorized {
                throw TokenGateClientError(.sessionExpired, code: error.code, message: error.message)
            }
        }
    }

    /// The stored session's tokens, or `nil` when logged out.
    public func storedTokens() async throws(TokenGateClientError) -> StoredTokens? { try await keeper.current() }

    // MARK: Session

    /// Creates an account and keeps its new session.
    /// - Throws: ``TokenGateClientError`` (`.conflict` for a taken email, `.validationFailed` for bad fields).
    @discardableResult
    public func register(email: String, password: String, name: String? = nil) async throws(TokenGateClientError) -> User {
        let request = try APIRequest(.POST, "/auth/register", json: RegisterBody(email: email, password: password, name: name))
        return try await startSession(request)
    }

    /// Logs in and keeps the new session.
    /// - Throws: ``TokenGateClientError`` (`.invalidCredentials`, `.tooManyAttempts`).
    @discardableResult
    public func login(email: String, password: String) async throws(TokenGateClientError) -> User {
        try await startSession(try APIRequest(.POST, "/auth/login", json: LoginBody(email: email, password: password)))
    }

    /// Ends this session on the server and forgets it here. A session the server already ended is forgotten too.
    public func logout() async throws(TokenGateClientError) {
        try await endSession(APIRequest(.POST, "/auth/logout"))
    }

    /// Ends every session of the user on the server and forgets this one here.
    public func logoutAll() async throws(TokenGateClientError) {
        try await endSession(APIRequest(.POST, "/auth/logout-all"))
    }

    /// The caller's account.
    public func me() async throws(TokenGateClientError) -> User {
        try await authorized(APIRequest(.GET, "/auth/me")).decode(UserEnvelope.self).user
    }

    /// Changes the password; every other session of the user ends. Needs a fresh login
    /// (`.unauthorized` with code `fresh_token_required` otherwise).
    public func changePassword(current: String, new: String) async throws(TokenGateClientError) {
        let body = ChangePasswordBody(currentPassword: current, newPassword: new)
        _ = try await authorized(try APIRequest(.POST, "/auth/password", json: body))
    }

    /// The user's live sessions, newest first; ``SessionInfo/current`` marks this client's own.
    public func sessions() async throws(TokenGateClientError) -> [SessionInfo] {
        try await authorized(APIRequest(.GET, "/auth/sessions")).decode(SessionsBody.self).sessions
    }

    /// Ends the user's session `id` (on another device, say): its tokens stop working at once.
    public func revokeSession(id: UUID) async throws(TokenGateClientError) {
        _ = try await authorized(APIRequest(.DELETE, "/auth/sessions/\(id.uuidString)"))
    }

    // MARK: Books

    /// One page of the catalogue.
    public func books(limit: Int? = nil, cursor: String? = nil) async throws(TokenGateClientError) -> Page<Book> {
        let request = APIRequest(.GET, "/books", query: [("limit", limit.map(String.init)), ("cursor", cursor)])
        return try await authorized(request).decode(BooksBody.self).page
    }

    /// The book `id`.
    public func book(id: UUID) async throws(TokenGateClientError) -> Book {
        try await authorized(APIRequest(.GET, "/books/\(id.uuidString)")).decode(BookEnvelope.self).book
    }

    /// Adds a book (role `editor` or `admin`).
    public func addBook(title: String, author: String) async throws(TokenGateClientError) -> Book {
        let request = try APIRequest(.POST, "/books", json: BookFields(title: title, author: author))
        return try await authorized(request).decode(BookEnvelope.self).book
    }

    /// Replaces the book `id`'s title and author (role `editor` or `admin`).
    public func updateBook(id: UUID, title: String, author: String) async throws(TokenGateClientError) -> Book {
        let request = try APIRequest(.PUT, "/books/\(id.uuidString)", json: BookFields(title: title, author: author))
        return try await authorized(request).decode(BookEnvelope.self).book
    }

    /// Deletes the book `id` (role `editor` or `admin`).
    public func deleteBook(id: UUID) async throws(TokenGateClientError) {
        _ = try await authorized(APIRequest(.DELETE, "/books/\(id.uuidString)"))
    }

    // MARK: Templates

    /// One page of the caller's templates.
    public func templates(limit: Int? = nil, cursor: String? = nil) async throws(TokenGateClientError) -> Page<Template> {
        let request = APIRequest(.GET, "/templates", query: [("limit", limit.map(String.init)), ("cursor", cursor)])
        return try await authorized(request).decode(TemplatesBody.self).page
    }

    /// The caller's template `id`.
    public func template(id: UUID) async throws(TokenGateClientError) -> Template {
        try await authorized(APIRequest(.GET, "/templates/\(id.uuidString)")).decode(TemplateEnvelope.self).template
    }

    /// Adds a template (`.conflict` when the caller already has the same text).
    public func addTemplate(_ text: String) async throws(TokenGateClientError) -> Template {
        let request = try APIRequest(.POST, "/templates", json: TemplateFields(template: text))
        return try await authorized(request).decode(TemplateEnvelope.self).template
    }

    /// Replaces the text of the caller's template `id`.
    public func updateTemplate(id: UUID, text: String) async throws(TokenGateClientError) -> Template {
        let request = try APIRequest(.PUT, "/templates/\(id.uuidString)", json: TemplateFields(template: text))
        return try await authorized(request).decode(TemplateEnvelope.self).template
    }

    /// Deletes the caller's template `id`.
    public func deleteTemplate(id: UUID) async throws(TokenGateClientError) {
        _ = try await authorized(APIRequest(.DELETE, "/templates/\(id.uuidString)"))
    }

    // MARK: Administration

    /// One page of every account (role `admin`).
    public func users(limit: Int? = nil, cursor: String? = nil) async throws(TokenGateClientError) -> Page<User> {
        let request = APIRequest(.GET, "/users", query: [("limit", limit.map(String.init)), ("cursor", cursor)])
        return try await authorized(request).decode(UsersBody.self).page
    }

    /// Replaces the roles of the account `userID` (role `admin`).
    public func setRoles(_ roles: [String], ofUser userID: UUID) async throws(TokenGateClientError) -> User {
        let request = try APIRequest(.PUT, "/users/\(userID.uuidString)/roles", json: RolesBody(roles: roles))
        return try await authorized(request).decode(UserEnvelope.self).user
    }

    // MARK: Sending

    private func startSession(_ request: APIRequest) async throws(TokenGateClientError) -> User {
        let body = try await transport.send(request).successful().decode(SessionStartBody.self)
        try await keeper.replace(with: body.tokens.stored(server: transport.baseURL))
        return body.user
    }

    private func endSession(_ request: APIRequest) async throws(TokenGateClientError) {
        do throws(TokenGateClientError) {
            _ = try await authorized(request)
        } catch  where error.kind == .sessionExpired {
            // The server ended it already; the session is forgotten here too.
        }
        try await keeper.replace(with: nil)
    }

    /// Sends `request` with the session's access token, renewing the token once when it is about to expire or the
    /// server refuses it as expired.
    private func authorized(_ request: APIRequest) async throws(TokenGateClientError) -> APIResponse {
        var tokens = try await keeper.usable(margin: refreshMargin)
        var response = try await transport.send(request, bearer: tokens.accessToken)
        if response.status == 401, response.error?.error == "token_expired" {
            tokens = try await keeper.renewed(after: tokens)
            response = try await transport.send(request, bearer: tokens.accessToken)
        }
        do throws(TokenGateClientError) {
            return try response.successful()
        } catch  where error.kind == .sessionExpired {
            try await keeper.end(tokens)
            throw error
        }
    }
}

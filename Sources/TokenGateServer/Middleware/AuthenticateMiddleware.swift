public import Hummingbird
public import TokenGate

/// Requires a valid, unrevoked access token and records its claims in the context.
///
/// The token comes from the `Authorization` (or `x-access-token`) header; a request with neither is authenticated
/// by its access cookie, and then a state-changing method also needs the session's `X-CSRF-Token`. Checking a token
/// needs no database: revocation is looked up in memory.
public struct AuthenticateMiddleware: RouterMiddleware {
    /// The context this middleware runs in.
    public typealias Context = TokenGateRequestContext
    private let sessions: SessionService
    private let cookies: CookieTransport?

    /// Creates the middleware over `sessions`, reading browser sessions' cookies as `cookies` says (headers only
    /// when `nil`).
    public init(sessions: SessionService, cookies: CookieTransport? = nil) {
        self.sessions = sessions
        self.cookies = cookies
    }

    /// Authenticates the request, then calls the next responder with the claims set as ``TokenGateRequestContext/identity``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = try TokenExtractor.token(in: request.headers) {
            context.identity = try await sessions.authenticate(accessToken: token)
        } else if let cookies, let token = cookies.accessToken(in: request) {
            let claims = try await sessions.authenticate(accessToken: token)
            if request.method.changesState { try cookies.checkCSRF(request, expected: claims.csrf) }
            context.identity = claims
            context.authenticatedByCookie = true
        } else {
            throw APIError.credentialsRequired("This endpoint needs an access token.")
        }
        return try await next(request, context)
    }
}

extension RouterMethods<TokenGateRequestContext> {
    /// A group whose routes need a valid access token (or, with `cookies`, a browser session's cookie) and see its
    /// claims in ``AuthenticatedRequestContext``.
    public func authenticated(by sessions: SessionService, cookies: CookieTransport? = nil) -> RouterGroup<AuthenticatedRequestContext> {
        group().add(middleware: AuthenticateMiddleware(sessions: sessions, cookies: cookies)).group(context: AuthenticatedRequestContext.self)
    }
}

public import Hummingbird
public import TokenGate

/// Requires a valid, unrevoked access token and records its claims in the context.
///
/// Checking a token needs no database: revocation is looked up in memory.
public struct AuthenticateMiddleware: RouterMiddleware {
    /// The context this middleware runs in.
    public typealias Context = TokenGateRequestContext
    private let sessions: SessionService

    /// Creates the middleware over `sessions`.
    public init(sessions: SessionService) { self.sessions = sessions }

    /// Authenticates the request, then calls the next responder with the claims set as ``TokenGateRequestContext/identity``.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = try TokenExtractor.token(in: request.headers) else {
            throw APIError.credentialsRequired("This endpoint needs an access token.")
        }
        var context = context
        context.identity = try await sessions.authenticate(accessToken: token)
        return try await next(request, context)
    }
}

extension RouterMethods<TokenGateRequestContext> {
    /// A group whose routes need a valid access token and see its claims in ``AuthenticatedRequestContext``.
    public func authenticated(by sessions: SessionService) -> RouterGroup<AuthenticatedRequestContext> {
        group().add(middleware: AuthenticateMiddleware(sessions: sessions)).group(context: AuthenticatedRequestContext.self)
    }
}

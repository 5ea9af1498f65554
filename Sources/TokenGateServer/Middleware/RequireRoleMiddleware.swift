public import Hummingbird
public import TokenGate

/// Lets a request through only when its access token claims one of the allowed roles; otherwise 403 `forbidden`.
public struct RequireRoleMiddleware: RouterMiddleware {
    /// The context this middleware runs in.
    public typealias Context = AuthenticatedRequestContext
    private let allowed: Set<String>

    /// Allows callers that hold at least one of `roles`.
    public init(anyOf roles: Set<Role>) { allowed = Set(roles.map(\.rawValue)) }

    /// Calls the next responder when the caller holds an allowed role.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.claims.roles.contains(where: allowed.contains) else { throw APIError.forbidden }
        return try await next(request, context)
    }
}

extension RouterMethods<AuthenticatedRequestContext> {
    /// A group whose routes need one of `roles`: `let editors = books.requiring(.editor, .admin)`.
    public func requiring(_ roles: Role...) -> RouterGroup<AuthenticatedRequestContext> {
        group().add(middleware: RequireRoleMiddleware(anyOf: Set(roles)))
    }
}

import HTTPTypes
public import Hummingbird

/// A request context that can carry the identity of a verified TokenGate token.
public protocol TokenGateAuthRequestContext: RequestContext {
    /// The caller, once ``TokenGateAuthMiddleware`` has verified the token.
    var tokenGate: TokenGateIdentity? { get set }
}

/// A ready-made request context for services protected with ``TokenGateAuthMiddleware``.
public struct TokenGateAuthContext: TokenGateAuthRequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once verified.
    public var tokenGate: TokenGateIdentity?

    /// Creates the context of a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        tokenGate = nil
    }
}

extension TokenGateAuthRequestContext {
    /// The caller of a route behind ``TokenGateAuthMiddleware``.
    /// - Throws: 401 when the route was mounted without the middleware.
    public var identity: TokenGateIdentity {
        get throws(TokenGateAuthError) {
            guard let tokenGate else { throw .missingToken }
            return tokenGate
        }
    }
}

/// Requires a valid TokenGate access token (`Authorization: Bearer <token>`) and puts its identity in the context;
/// answers 401 with an RFC 6750 challenge otherwise.
public struct TokenGateAuthMiddleware<Context: TokenGateAuthRequestContext>: RouterMiddleware {
    private let verifier: TokenGateVerifier

    /// Creates the middleware over `verifier`.
    public init(verifier: TokenGateVerifier) { self.verifier = verifier }

    /// Verifies the request's token, then calls the next responder with the identity set.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.tokenGate = try await verifier.verify(try Self.bearerToken(in: request.headers))
        return try await next(request, context)
    }

    /// The token of the one `Authorization: Bearer` header.
    static func bearerToken(in headers: HTTPFields) throws(TokenGateAuthError) -> String {
        let values = headers[values: .authorization]
        guard let value = values.first else { throw .missingToken }
        guard values.count == 1 else { throw .malformedHeader }
        guard value.count > 7, value.prefix(7).lowercased() == "bearer " else {
            throw value.lowercased().hasPrefix("bearer") ? .malformedHeader : .missingToken
        }
        let token = value.dropFirst(7)
        guard !token.isEmpty, !token.contains(" ") else { throw .malformedHeader }
        return String(token)
    }
}

/// Lets a request through only when its verified token holds a role; 403 `forbidden` otherwise.
public struct TokenGateRoleMiddleware<Context: TokenGateAuthRequestContext>: RouterMiddleware {
    private let role: String

    /// Requires `role`.
    public init(role: String) { self.role = role }

    /// Calls the next responder when the caller holds the role.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard try context.identity.has(role: role) else { throw TokenGateAuthError.forbidden }
        return try await next(request, context)
    }
}

extension RouterMethods where Context: TokenGateAuthRequestContext {
    /// A group whose routes need a valid TokenGate access token.
    public func requireToken(_ verifier: TokenGateVerifier) -> RouterGroup<Context> {
        group().add(middleware: TokenGateAuthMiddleware(verifier: verifier))
    }

    /// A group whose routes need the verified token to hold `role` (mount it inside ``requireToken(_:)``).
    public func requireRole(_ role: String) -> RouterGroup<Context> {
        group().add(middleware: TokenGateRoleMiddleware(role: role))
    }
}

import HTTPTypes
import Hummingbird
import TokenGate

/// `GET /auth/forward`: the check a gateway (nginx `auth_request`, Traefik ForwardAuth, Caddy `forward_auth`) asks
/// before it passes a request on.
///
/// 204 with the caller's identity in `X-TokenGate-*` headers for a valid, unrevoked access token; the 401 of every
/// protected route otherwise; 403 when `?role=` names a role the token does not hold. Revocation is the in-memory
/// check of every route and the email comes from the profile cache, so a repeated check reads no database.
struct ForwardAuthRoutes {
    let accounts: AccountService
    let sessions: SessionService
    let cookies: CookieTransport

    func add(to router: Router<TokenGateRequestContext>) {
        router.group("auth").authenticated(by: sessions, cookies: cookies).get("forward", use: forward)
    }

    @Sendable func forward(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        if let role = request.uri.queryParameters["role"], !context.claims.roles.contains(String(role)) {
            throw APIError.forbidden
        }
        guard let user = try await accounts.profile(id: try context.userID) else { throw AccountError.userNotFound }
        let headers: HTTPFields = [
            .tokenGateUser: context.claims.subject,
            .tokenGateSession: context.claims.sessionID,
            .tokenGateRoles: context.claims.roles.joined(separator: ","),
            .tokenGateEmail: user.email,
        ]
        return Response(status: .noContent, headers: headers)
    }
}

extension HTTPField.Name {
    /// The user's id (`sub`), set by `GET /auth/forward`.
    static let tokenGateUser = Self("X-TokenGate-User")!
    /// The session's id (`sid`), set by `GET /auth/forward`.
    static let tokenGateSession = Self("X-TokenGate-Session")!
    /// The token's roles, comma-separated, set by `GET /auth/forward`.
    static let tokenGateRoles = Self("X-TokenGate-Roles")!
    /// The user's email, set by `GET /auth/forward`.
    static let tokenGateEmail = Self("X-TokenGate-Email")!
}

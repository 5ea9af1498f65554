import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// `/auth/*`: register, login, refresh, status, logout, logout-all and password change.
struct AuthRoutes {
    let accounts: AccountService
    let sessions: SessionService
    let cookies: CookieTransport
    let audit: AuditLog
    let registrationLimit: AddressLimit
    let refreshLimit: AddressLimit
    let mfa: MFAService
    /// Whether an account must have verified its email address to log in.
    let requireVerifiedEmail: Bool
    let time: TimeSource

    private var sessionStart: SessionStart { SessionStart(sessions: sessions, cookies: cookies) }

    func add(to router: Router<TokenGateRequestContext>) {
        let auth = router.group("auth")
        auth.post("register", use: register)
        auth.post("login", use: login)
        auth.post("refresh", use: refresh)
        let authenticated = auth.authenticated(by: sessions, cookies: cookies)
        authenticated.get("status", use: status)
        authenticated.get("me", use: status)
        authenticated.post("logout", use: logout)
        authenticated.post("logout-all", use: logoutAll)
        authenticated.post("password", use: changePassword)
    }

    @Sendable func register(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.decode(RegisterRequest.self, from: request, context: context, acceptsForm: true)
        var fields = FieldCheck()
        let email = fields.require(body.email, RegisterRequest.CodingKeys.email)
        let password = fields.require(body.password, RegisterRequest.CodingKeys.password)
        try fields.check()
        try await registrationLimit.admit(request.sessionClient(context).address, now: time.now())
        let user = try await accounts.register(email: email, password: password, name: body.name)
        audit.record(.userRegistered, userID: user.id, client: request.sessionClient(context))
        return try await sessionStart.respond(for: user, status: .created, request: request, context: context)
    }

    @Sendable func login(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.decode(LoginRequest.self, from: request, context: context, acceptsForm: true)
        var fields = FieldCheck()
        let email = fields.require(body.email, LoginRequest.CodingKeys.email)
        let password = fields.require(body.password, LoginRequest.CodingKeys.password)
        try fields.check()
        let client = request.sessionClient(context)
        let user: User
        do {
            user = try await accounts.authenticate(email: email, password: password, address: client.address)
        } catch AccountError.invalidCredentials {
            audit.record(.loginFailed, client: client, detail: Self.attemptedEmail(email))
            throw AccountError.invalidCredentials
        } catch let error as AccountError {
            if case .tooManyAttempts = error { audit.record(.loginThrottled, client: client, detail: Self.attemptedEmail(email)) }
            throw error
        }
        if requireVerifiedEmail, !user.emailVerified { throw LifecycleError.emailNotVerified }
        if try await mfa.isEnabled(userID: user.id) {
            let token = try await mfa.challenge(userID: user.id)
            return try MFARequiredBody(mfaToken: token).response(from: request, context: context)
        }
        audit.record(.loginSucceeded, userID: user.id, client: client)
        return try await sessionStart.respond(for: user, status: .ok, request: request, context: context)
    }

    @Sendable func refresh(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        try await refreshLimit.admit(context.remoteAddress, now: time.now())
        let headerToken = try TokenExtractor.token(in: request.headers)
        let body = try await RequestBodyReader.decode(RefreshRequest.self, from: request, context: context, emptyAs: RefreshRequest())
        if let headerToken, let bodyToken = body.refreshToken, headerToken != bodyToken {
            throw APIError.invalidRequest("The header and the body carry different refresh tokens.")
        }
        if let token = headerToken ?? body.refreshToken {
            let pair = try await sessions.refresh(refreshToken: token, client: request.sessionClient(context))
            return try TokenPairBody(pair).response(from: request, context: context)
        }
        guard let cookie = cookies.refreshToken(in: request) else {
            throw APIError.credentialsRequired("Send the refresh token as 'Authorization: Bearer <token>' or as refresh_token in the body.")
        }
        // A browser session: the CSRF value must come back with the refresh cookie.
        let pair = try await sessions.refresh(refreshToken: cookie, client: request.sessionClient(context)) { claims in
            try cookies.checkCSRF(request, expected: claims.csrf)
        }
        var response = try EmptyObject().response(from: request, context: context)
        cookies.setCookies(of: pair, on: &response, for: request)
        return response
    }

    @Sendable func status(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<UserBody> {
        Envelope(UserBody(try await currentUser(context)))
    }

    @Sendable func logout(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        try await sessions.revoke(sessionID: try context.sessionID, because: .logout)
        audit.record(
            .sessionRevoked,
            userID: try context.userID,
            sessionID: try context.sessionID,
            client: request.sessionClient(context),
            detail: ["reason": ServiceMetrics.RevocationReason.logout.rawValue]
        )
        var response = try MessageBody(message: "Successfully logged out.").response(from: request, context: context)
        if context.authenticatedByCookie { cookies.clearCookies(on: &response, for: request) }
        return response
    }

    @Sendable func logoutAll(_ request: Request, context: AuthenticatedRequestContext) async throws -> MessageBody {
        let count = try await sessions.revokeAll(userID: try context.userID, because: .logoutAll)
        audit.record(.loggedOutEverywhere, userID: try context.userID, client: request.sessionClient(context), detail: ["sessions": String(count)])
        return MessageBody(message: "Successfully logged out of every session.")
    }

    @Sendable func changePassword(_ request: Request, context: AuthenticatedRequestContext) async throws -> MessageBody {
        guard context.claims.fresh else { throw APIError.freshTokenRequired(to: "Changing the password") }
        let body = try await RequestBodyReader.decode(ChangePasswordRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let current = fields.require(body.currentPassword, ChangePasswordRequest.CodingKeys.currentPassword)
        let new = fields.require(body.newPassword, ChangePasswordRequest.CodingKeys.newPassword)
        try fields.check()
        let userID = try context.userID
        let keep = try context.sessionID
        do {
            try await accounts.changePassword(userID: userID, currentPassword: current, newPassword: new) {
                try await sessions.revokeAll(userID: userID, except: keep, because: .passwordChange)
            }
        } catch AccountError.invalidCredentials {
            throw APIError.validationFailed(["current_password": "is not correct"])
        }
        audit.record(.passwordChanged, userID: userID, sessionID: keep, client: request.sessionClient(context))
        return MessageBody(message: "Password changed; every other session has been logged out.")
    }

    /// The email a login tried, for the audit log; text that is not an email address (a password typed into the
    /// wrong field) is not kept.
    private static func attemptedEmail(_ email: String) -> [String: String] {
        Email.isValid(email) ? ["email": Email.key(for: email)] : ["email": "(not an email address)"]
    }

    private func currentUser(_ context: AuthenticatedRequestContext) async throws -> User {
        guard let user = try await accounts.profile(id: try context.userID) else { throw AccountError.userNotFound }
        return user
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// Email verification and password reset (API.md "Account lifecycle"): asking for a link answers 202 before any mail
/// is sent; following one answers with its result.
struct AccountLifecycleRoutes {
    let lifecycle: AccountLifecycle
    let sessions: SessionService
    let cookies: CookieTransport
    let audit: AuditLog
    let mailLimit: AddressLimit
    let time: TimeSource

    func add(to router: Router<TokenGateRequestContext>) {
        let auth = router.group("auth")
        auth.post("email/verify", use: verifyEmail)
        auth.post("password/reset/request", use: requestPasswordReset)
        auth.post("password/reset", use: resetPassword)
        auth.authenticated(by: sessions, cookies: cookies).post("email/verify/request", use: requestEmailVerification)
    }

    @Sendable func requestEmailVerification(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        try await mailLimit.admit(context.remoteAddress, now: time.now())
        try await lifecycle.requestEmailVerification(userID: try context.userID)
        return try EditedResponse(status: .accepted, response: StatusBody(status: "accepted")).response(from: request, context: context)
    }

    @Sendable func verifyEmail(_ request: Request, context: TokenGateRequestContext) async throws -> Envelope<UserBody> {
        let body = try await RequestBodyReader.decode(LinkTokenRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let token = fields.require(body.token, LinkTokenRequest.CodingKeys.token)
        try fields.check()
        let user = try await lifecycle.verifyEmail(token: token)
        audit.record(.emailVerified, userID: user.id, client: request.sessionClient(context))
        return Envelope(UserBody(user))
    }

    /// The same answer, after the same work, whether or not the account exists: the mail is looked up and sent
    /// by the mail queue after the response.
    @Sendable func requestPasswordReset(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.decode(PasswordResetRequest.self, from: request, context: context, acceptsForm: true)
        var fields = FieldCheck()
        let email = fields.require(body.email, PasswordResetRequest.CodingKeys.email)
        try fields.check()
        try await mailLimit.admit(context.remoteAddress, now: time.now())
        try lifecycle.requestPasswordReset(email: email)
        return try EditedResponse(status: .accepted, response: StatusBody(status: "accepted")).response(from: request, context: context)
    }

    @Sendable func resetPassword(_ request: Request, context: TokenGateRequestContext) async throws -> MessageBody {
        let body = try await RequestBodyReader.decode(NewPasswordRequest.self, from: request, context: context, acceptsForm: true)
        var fields = FieldCheck()
        let token = fields.require(body.token, NewPasswordRequest.CodingKeys.token)
        let password = fields.require(body.newPassword, NewPasswordRequest.CodingKeys.newPassword)
        try fields.check()
        let (user, revoked) = try await lifecycle.resetPassword(token: token, newPassword: password)
        audit.record(.passwordReset, userID: user.id, client: request.sessionClient(context), detail: ["sessions_revoked": String(revoked)])
        return MessageBody(message: "Password changed; every session of the account has been logged out.")
    }
}

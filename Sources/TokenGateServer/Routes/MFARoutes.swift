import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// The TOTP second factor (API.md "Second factor: TOTP"): enrol, confirm, remove, and the second step of a login.
struct MFARoutes {
    let mfa: MFAService
    let accounts: AccountService
    let sessions: SessionService
    let cookies: CookieTransport
    let audit: AuditLog
    let mfaLimit: AddressLimit
    let time: TimeSource

    func add(to router: Router<TokenGateRequestContext>) {
        router.post("auth/login/mfa", use: completeLogin)
        let group = router.group("auth/mfa/totp").authenticated(by: sessions, cookies: cookies)
        group.post(use: begin)
        group.post("confirm", use: confirm)
        group.delete(use: disable)
    }

    @Sendable func begin(_ request: Request, context: AuthenticatedRequestContext) async throws -> TOTPSetupBody {
        guard context.claims.fresh else { throw APIError.freshTokenRequired(to: "Adding a second factor") }
        guard let user = try await accounts.profile(id: try context.userID) else { throw AccountError.userNotFound }
        do {
            return TOTPSetupBody(try await mfa.begin(for: user))
        } catch MFAError.alreadyEnabled {
            throw Self.alreadyEnabled
        }
    }

    @Sendable func confirm(_ request: Request, context: AuthenticatedRequestContext) async throws -> RecoveryCodesBody {
        let code = try await Self.code(from: request, context: context)
        let userID = try context.userID
        do {
            let codes = try await mfa.confirm(userID: userID, code: code)
            audit.record(.mfaEnabled, userID: userID, sessionID: try context.sessionID, client: request.sessionClient(context))
            return RecoveryCodesBody(recoveryCodes: codes)
        } catch MFAError.invalidCode {
            throw Self.invalidCode(.unprocessableContent)
        } catch MFAError.alreadyEnabled {
            throw Self.alreadyEnabled
        }
    }

    @Sendable func disable(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        guard context.claims.fresh else { throw APIError.freshTokenRequired(to: "Removing the second factor") }
        let code = try await Self.code(from: request, context: context)
        let userID = try context.userID
        do {
            try await mfa.disable(userID: userID, code: code)
        } catch MFAError.invalidCode {
            throw Self.invalidCode(.unprocessableContent)
        }
        audit.record(.mfaDisabled, userID: userID, sessionID: try context.sessionID, client: request.sessionClient(context))
        return Response(status: .noContent)
    }

    @Sendable func completeLogin(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        let body = try await RequestBodyReader.decode(MFALoginRequest.self, from: request, context: context, acceptsForm: true)
        var fields = FieldCheck()
        let token = fields.require(body.mfaToken, MFALoginRequest.CodingKeys.mfaToken)
        let proof: MFAService.Proof
        switch (body.code, body.recoveryCode) {
        case (let code?, nil): proof = .code(code)
        case (nil, let recoveryCode?): proof = .recoveryCode(recoveryCode)
        default:
            fields.fail(MFALoginRequest.CodingKeys.code, "is required: send either code or recovery_code")
            proof = .code("")
        }
        try fields.check()
        let client = request.sessionClient(context)
        try await mfaLimit.admit(client.address, now: time.now())
        let userID: UUID
        do {
            userID = try await mfa.complete(token: token, proof: proof)
        } catch MFAError.invalidCode {
            throw Self.invalidCode(.unauthorized)
        } catch MFAError.invalidChallenge {
            throw APIError.unauthorized(
                code: "invalid_token",
                challenge: "invalid_token",
                message: "This mfa_token is unknown, expired or spent: log in again."
            )
        }
        guard let user = try await accounts.profile(id: userID) else { throw AccountError.userNotFound }
        let factor = if case .recoveryCode = proof { "recovery_code" } else { "totp" }
        audit.record(.loginSucceeded, userID: userID, client: client, detail: ["second_factor": factor])
        return try await SessionStart(sessions: sessions, cookies: cookies)
            .respond(for: user, status: .ok, amr: ["pwd", "otp"], request: request, context: context)
    }

    private static let alreadyEnabled = APIError(.conflict, code: "mfa_already_enabled", message: "This account has a second factor already.")

    private static func invalidCode(_ status: HTTPResponse.Status) -> APIError {
        APIError(status, code: "invalid_code", message: "The code is not correct, or was used already.")
    }

    private static func code(from request: Request, context: AuthenticatedRequestContext) async throws -> String {
        let body = try await RequestBodyReader.decode(TOTPCodeRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let code = fields.require(body.code, TOTPCodeRequest.CodingKeys.code)
        try fields.check()
        return code
    }
}

/// `{secret, otpauth_uri}`.
struct TOTPSetupBody: ResponseEncodable {
    let otpauthURI: String
    let secret: String

    init(_ setup: MFAService.Setup) {
        otpauthURI = setup.uri
        secret = setup.secret
    }

    enum CodingKeys: String, CodingKey {
        case otpauthURI = "otpauth_uri"
        case secret
    }
}

/// `{recovery_codes}`.
struct RecoveryCodesBody: ResponseEncodable {
    let recoveryCodes: [String]

    enum CodingKeys: String, CodingKey {
        case recoveryCodes = "recovery_codes"
    }
}

/// `{mfa_required: true, mfa_token, expires_in}`: a login that needs its second step.
struct MFARequiredBody: ResponseEncodable {
    let expiresIn = MFAService.challengeLifetime
    let mfaRequired = true
    let mfaToken: String

    enum CodingKeys: String, CodingKey {
        case expiresIn = "expires_in"
        case mfaRequired = "mfa_required"
        case mfaToken = "mfa_token"
    }
}

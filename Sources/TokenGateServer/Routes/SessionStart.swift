import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// Starts a session once a user is authenticated (register, login, the second step of a login) and answers with it:
/// the tokens in the body, or with `?transport=cookie` in the browser cookies (the body then holds only `{user}`).
struct SessionStart {
    let sessions: SessionService
    let cookies: CookieTransport

    /// The answer, with `status`, that starts a session for `user`; `amr` says how the login was authenticated when
    /// more than a password.
    func respond(
        for user: User,
        status: HTTPResponse.Status,
        amr: [String]? = nil,
        request: Request,
        context: TokenGateRequestContext
    ) async throws -> Response {
        let client = request.sessionClient(context)
        guard request.uri.queryParameters["transport"] == "cookie" else {
            let pair = try await sessions.start(for: user, client: client, amr: amr)
            return try EditedResponse(status: status, response: SessionBody(user: user, pair: pair)).response(from: request, context: context)
        }
        let pair = try await sessions.start(for: user, client: client, csrf: CookieTransport.newCSRFValue(), amr: amr)
        var response = try EditedResponse(status: status, response: Envelope(UserBody(user))).response(from: request, context: context)
        cookies.setCookies(of: pair, on: &response, for: request)
        return response
    }
}

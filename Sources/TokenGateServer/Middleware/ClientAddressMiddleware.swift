import HTTPTypes
import Hummingbird
import TokenGate

/// Takes the client address from `X-Forwarded-For` when the socket peer is a trusted proxy
/// (`TOKENGATE_TRUSTED_PROXIES`); a header from anyone else is ignored. Installed only when proxies are trusted.
struct ClientAddressMiddleware: RouterMiddleware {
    let trusted: TrustedProxies

    func handle(
        _ request: Request,
        context: TokenGateRequestContext,
        next: (Request, TokenGateRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let peer = context.peerAddress
        let client = trusted.clientAddress(peer: peer, forwardedFor: request.headers[values: .xForwardedFor])
        if client != peer { context.forwardedClient = client }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`.
    static let xForwardedFor = Self("X-Forwarded-For")!
}

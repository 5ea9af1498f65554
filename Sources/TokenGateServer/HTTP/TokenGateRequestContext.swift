public import Foundation
public import Hummingbird
import NIOCore
public import TokenGate

/// The request context of every TokenGate route.
public struct TokenGateRequestContext: RequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The verified claims of the caller, once ``AuthenticateMiddleware`` has checked them.
    public var identity: AccessTokenClaims?
    /// Whether ``identity`` came from the access cookie rather than a header.
    public var authenticatedByCookie = false
    /// The connection the request came on.
    let channel: any Channel

    /// Creates a context for a new request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        channel = source.channel
    }

    /// The client's IP address: the socket peer's, or where a trusted proxy says the request came from
    /// (``ClientAddressMiddleware``).
    public var remoteAddress: String? { forwardedClient ?? peerAddress }
    /// The socket peer's IP address.
    public var peerAddress: String? { channel.remoteAddress?.ipAddress }
    /// The client address a trusted proxy reported, when one did.
    var forwardedClient: String?

    /// The largest request body accepted: 64 KiB.
    public var maxUploadSize: Int { RequestBodyReader.maximumSize }

    /// Encodes response bodies with RFC 3339 dates and sorted keys.
    public var responseEncoder: JSONEncoder { ResponseEncoding.json }
}

/// The context of a route behind ``AuthenticateMiddleware``: it always has the caller's verified claims.
public struct AuthenticatedRequestContext: ChildRequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The verified claims of the caller's access token.
    public let claims: AccessTokenClaims
    /// Whether the token came from the access cookie of a browser session.
    public let authenticatedByCookie: Bool
    /// The client's IP address, as the parent context resolved it; formatted only when asked (few routes need it).
    public var remoteAddress: String? { forwardedClient ?? channel.remoteAddress?.ipAddress }
    private let channel: any Channel
    private let forwardedClient: String?

    /// Takes over a parent context that ``AuthenticateMiddleware`` has authenticated.
    /// - Throws: 401 when no identity was set (a route mounted without the middleware).
    public init(context: TokenGateRequestContext) throws {
        guard let claims = context.identity else {
            throw APIError.credentialsRequired("This endpoint needs an access token.")
        }
        self.coreContext = context.coreContext
        self.claims = claims
        self.authenticatedByCookie = context.authenticatedByCookie
        self.channel = context.channel
        self.forwardedClient = context.forwardedClient
    }

    /// The largest request body accepted: 64 KiB.
    public var maxUploadSize: Int { RequestBodyReader.maximumSize }

    /// Encodes response bodies with RFC 3339 dates and sorted keys.
    public var responseEncoder: JSONEncoder { ResponseEncoding.json }
}

/// How response bodies are encoded.
public enum ResponseEncoding {
    /// A JSON encoder with RFC 3339 dates and sorted keys.
    public static var json: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

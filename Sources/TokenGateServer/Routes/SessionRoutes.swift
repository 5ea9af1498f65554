import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// `/auth/sessions`: the caller's live sessions, and ending one of them.
struct SessionRoutes {
    let sessions: SessionService
    let cookies: CookieTransport
    let audit: AuditLog

    func add(to router: Router<TokenGateRequestContext>) {
        let group = router.group("auth/sessions").authenticated(by: sessions, cookies: cookies)
        group.get(use: list)
        group.delete("{id}", use: revoke)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> SessionsBody {
        let current = try context.sessionID
        let live = try await sessions.liveSessions(userID: try context.userID)
        return SessionsBody(sessions: live.map { SessionInfoBody($0, current: $0.id == current) })
    }

    @Sendable func revoke(_ request: Request, context: AuthenticatedRequestContext) async throws -> Response {
        let sessionID = try context.pathID()
        let userID = try context.userID
        guard try await sessions.revoke(sessionID: sessionID, ownedBy: userID) else { throw APIError.notFound }
        audit.record(
            .sessionRevoked,
            userID: userID,
            sessionID: sessionID,
            client: request.sessionClient(context),
            detail: ["reason": ServiceMetrics.RevocationReason.revokedByUser.rawValue]
        )
        return Response(status: .noContent)
    }
}

extension Request {
    /// The device as the sessions list and the audit log show it: the `User-Agent` header and the peer's address.
    func sessionClient(_ context: some PeerAddressing) -> SessionClient {
        SessionClient(userAgent: headers[.userAgent], address: context.remoteAddress)
    }
}

/// A request context that knows the address of the peer it came from.
protocol PeerAddressing {
    /// The peer's IP address.
    var remoteAddress: String? { get }
}

extension TokenGateRequestContext: PeerAddressing {}
extension AuthenticatedRequestContext: PeerAddressing {}

/// `{"sessions": […]}`.
struct SessionsBody: ResponseEncodable {
    let sessions: [SessionInfoBody]
}

/// One session as its owner sees it.
struct SessionInfoBody: Codable {
    let id: UUID
    let createdAt: Date
    let lastUsedAt: Date
    let expiresAt: Date
    let userAgent: String?
    let ip: String?
    let current: Bool

    init(_ session: Session, current: Bool) {
        id = session.id
        createdAt = session.createdAt
        lastUsedAt = session.lastUsedAt
        expiresAt = session.expiresAt
        userAgent = session.client.userAgent
        ip = session.client.address
        self.current = current
    }

    enum CodingKeys: String, CodingKey {
        case id, current, ip
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
        case userAgent = "user_agent"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(userAgent, forKey: .userAgent)
        try container.encode(ip, forKey: .ip)
        try container.encode(current, forKey: .current)
    }
}

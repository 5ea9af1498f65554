import Foundation
import Hummingbird
import TokenGate

/// `GET /admin/audit`: the audit log for admins, newest first, filtered by event type and user.
struct AuditRoutes {
    let audit: AuditLog

    func add(to router: RouterGroup<AuthenticatedRequestContext>) {
        router.group("admin/audit").requiring(.admin).get(use: list)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> ListBody<AuditEventBody> {
        let query = request.uri.queryParameters
        var fields = FieldCheck()
        var filter = AuditFilter()
        if let type = query.get("type") {
            filter.kind = AuditEvent.Kind(rawValue: type)
            if filter.kind == nil { fields.fail("type", "must be one of \(AuditEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let user = query.get("user_id") {
            filter.userID = UUID(canonical: user)
            if filter.userID == nil { fields.fail("user_id", "must be a user id (UUID)") }
        }
        try fields.check()
        return ListBody(try await audit.events(matching: filter, page: try request.pageRequest()), AuditEventBody.init)
    }
}

/// An audit event as the API shows it; absent facts are `null`.
struct AuditEventBody: NamedBody, Equatable {
    static let singularKey = "event"
    static let pluralKey = "events"

    let actorID: UUID?
    let at: Date
    let detail: [String: String]
    let id: UUID
    let ip: String?
    let sessionID: UUID?
    let type: String
    let userAgent: String?
    let userID: UUID?

    enum CodingKeys: String, CodingKey {
        case actorID = "actor_id"
        case at, detail, id, ip
        case sessionID = "session_id"
        case type
        case userAgent = "user_agent"
        case userID = "user_id"
    }

    init(_ event: AuditEvent) {
        actorID = event.actorID
        at = event.at
        detail = event.detail
        id = event.id
        ip = event.ip
        sessionID = event.sessionID
        type = event.kind.rawValue
        userAgent = event.userAgent
        userID = event.userID
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(actorID, forKey: .actorID)
        try container.encode(at, forKey: .at)
        try container.encode(detail, forKey: .detail)
        try container.encode(id, forKey: .id)
        try container.encode(ip, forKey: .ip)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(type, forKey: .type)
        try container.encode(userAgent, forKey: .userAgent)
        try container.encode(userID, forKey: .userID)
    }
}

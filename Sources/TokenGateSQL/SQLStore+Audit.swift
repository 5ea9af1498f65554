public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: AuditStore {
    /// Inserts `events` in one statement.
    public func appendAuditEvents(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        var rows: [SQLQueryString] = []
        for event in events {
            rows.append(
                """
                (\(bind: event.id.uuidString), \(bind: Self.milliseconds(event.at)), \(bind: event.kind.rawValue),
                 \(bind: event.userID?.uuidString), \(bind: event.sessionID?.uuidString), \(bind: event.actorID?.uuidString),
                 \(bind: event.ip), \(bind: event.userAgent), \(bind: AuditDetail.encode(event.detail)))
                """
            )
        }
        try await database.raw(
            """
            INSERT INTO audit_events (id, at, type, user_id, session_id, actor_id, ip, user_agent, detail)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    /// Events matching `filter`, newest first, after `after`.
    public func auditEvents(matching filter: AuditFilter, after: ListPosition?, limit: Int) async throws -> [AuditEvent] {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let kind = filter.kind { conditions.append("type = \(bind: kind.rawValue)") }
        if let userID = filter.userID { conditions.append("user_id = \(bind: userID.uuidString)") }
        if let since = filter.since { conditions.append("at >= \(bind: Self.milliseconds(since))") }
        if let after {
            let at = Self.milliseconds(after.createdAt)
            // `(at, id) < (t, i)` in a form an index on (at, id) can seek to (see `SQLStore.keyset`).
            conditions.append("at <= \(bind: at) AND (at < \(bind: at) OR id < \(bind: after.id.uuidString))")
        }
        return try await database.raw(
            """
            SELECT id, at, type, user_id, session_id, actor_id, ip, user_agent, detail FROM audit_events
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY at DESC, id DESC LIMIT \(literal: limit)
            """
        ).all(decoding: AuditRow.self).compactMap(\.event)
    }

    /// Deletes the events older than `cutoff`.
    public func purgeAuditEvents(before cutoff: Date) async throws -> Int {
        try await matchedRows("DELETE FROM audit_events WHERE at < \(bind: Self.milliseconds(cutoff))")
    }
}

/// An event's detail as one JSON object of strings.
enum AuditDetail {
    static func encode(_ detail: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

// Property names are the column names.
private struct AuditRow: Decodable {
    let id: String
    let at: Int64
    let type: String
    let user_id: String?
    let session_id: String?
    let actor_id: String?
    let ip: String?
    let user_agent: String?
    let detail: String

    var event: AuditEvent? {
        guard let id = UUID(canonical: id), let kind = AuditEvent.Kind(rawValue: type) else { return nil }
        return AuditEvent(
            id: id,
            at: SQLStore.date(milliseconds: at),
            kind: kind,
            userID: user_id.flatMap(UUID.init(canonical:)),
            sessionID: session_id.flatMap(UUID.init(canonical:)),
            actorID: actor_id.flatMap(UUID.init(canonical:)),
            client: SessionClient(userAgent: user_agent, address: ip),
            detail: AuditDetail.decode(detail)
        )
    }
}

public import Foundation

/// Where audit events are kept.
public protocol AuditStore: Sendable {
    /// Appends `events` in one write.
    func appendAuditEvents(_ events: [AuditEvent]) async throws

    /// Events matching `filter`, newest first, after `after` (a position from a previous page).
    func auditEvents(matching filter: AuditFilter, after: ListPosition?, limit: Int) async throws -> [AuditEvent]

    /// Deletes the events older than `cutoff`; returns how many.
    @discardableResult
    func purgeAuditEvents(before cutoff: Date) async throws -> Int
}

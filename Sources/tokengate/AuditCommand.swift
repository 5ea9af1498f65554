import ArgumentParser
import Foundation
import TokenGate

/// `tokengate audit [--user EMAIL] [--type T] [--since 24h]`: the audit log, newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit log, newest first: one tab-separated line per event (time, type, user, session, actor, address, "
            + "user agent, detail)."
    )

    @OptionGroup var shared: SharedOptions

    @Option(help: "Only the events of the account with this email.")
    var user: String?

    @Option(help: "Only events of this type (\(AuditEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var type: String?

    @Option(help: "Only events this recent: 90s, 15m, 24h, 30d.")
    var since: String?

    @Option(help: "At most this many events.")
    var limit: Int = 100

    func run() async throws {
        for line in try await lines() { print(line) }
    }

    /// The lines to print.
    func lines() async throws -> [String] {
        var filter = AuditFilter()
        if let type {
            guard let kind = AuditEvent.Kind(rawValue: type) else {
                throw ValidationError("--type must be one of \(AuditEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.kind = kind
        }
        if let since {
            guard let duration = DurationParser.parse(since) else { throw ValidationError("--since must be a duration such as 90s, 15m, 24h or 30d") }
            filter.since = Date().addingTimeInterval(-TimeInterval(duration.wholeSeconds))
        }
        guard limit > 0 else { throw ValidationError("--limit must be above 0") }
        let (user, limit, filterSoFar) = (self.user, self.limit, filter)
        return try await OperatorSession.run(shared) { services in
            var filter = filterSoFar
            if let user { filter.userID = try await services.account(withEmail: user).id }
            var lines: [String] = []
            var page = PageRequest(limit: min(limit, PageRequest.maximumLimit))
            while lines.count < limit {
                let events = try await services.audit.events(matching: filter, page: page)
                lines += events.items.prefix(limit - lines.count).map(Self.line)
                guard let cursor = events.nextCursor, let next = ListPosition(cursor: cursor) else { break }
                page = PageRequest(limit: min(limit - lines.count, PageRequest.maximumLimit), after: next)
            }
            return lines
        }
    }

    /// One event as a tab-separated line; `-` for what it does not have.
    static func line(_ event: AuditEvent) -> String {
        let detail = event.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return [
            event.at.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)),
            event.kind.rawValue,
            event.userID?.uuidString ?? "-", event.sessionID?.uuidString ?? "-", event.actorID?.uuidString ?? "-", event.ip ?? "-",
            event.userAgent.map { $0.replacingOccurrences(of: "\t", with: " ") } ?? "-", detail.isEmpty ? "-" : detail,
        ].joined(separator: "\t")
    }
}

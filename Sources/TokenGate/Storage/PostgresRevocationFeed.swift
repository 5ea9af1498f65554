import Foundation
import Logging
import PostgresNIO

/// Revocations pushed by PostgreSQL: a trigger on `sessions` sends `pg_notify` when a session is revoked
/// (migration 3), and every instance listens on one pooled connection.
struct PostgresRevocationFeed: RevocationFeed {
    /// The channel the trigger notifies; the payload is `<session id> <revoked_at seconds>`.
    static let channel = "tokengate_revocations"

    let client: PostgresClient
    let logger: Logger

    func run(onListening: @escaping @Sendable () async -> Void, onRevoked: @escaping @Sendable (UUID, Date) -> Void) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        logger.info("listening for revocations")
                        await onListening()
                        for try await notification in notifications {
                            guard let (id, revokedAt) = Self.parse(notification.payload) else { continue }
                            onRevoked(id, revokedAt)
                        }
                    }
                }
                delay = .milliseconds(100)
            } catch {
                if Task.isCancelled { return }
                logger.warning("revocation feed lost its connection; reconnecting", metadata: ["error.type": "\(type(of: error))"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
    }

    /// The session id and revocation time of a notification payload.
    static func parse(_ payload: String) -> (UUID, Date)? {
        let parts = payload.split(separator: " ")
        guard parts.count == 2, let id = UUID(canonical: parts[0]), let seconds = Int64(parts[1]) else { return nil }
        return (id, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

import Foundation
import Logging
import NIOCore
import PostgresNIO
import SQLKit
import TokenGate

/// Revocations pushed by PostgreSQL: a trigger on `sessions` sends `pg_notify` when a session is revoked
/// (migration 3), and every instance listens on a connection of its own.
///
/// Listening can fail silently — a transaction-pooling proxy such as PgBouncer does not keep the listening
/// session, and a network path can drop an idle connection without a reset — so the feed sends itself heartbeats on a
/// channel of its own (from the query pool, the way revocations are written) and expects each back before the next
/// is due. It listens on the revocations channel only once a first heartbeat has come back: through a pooling proxy a
/// shared server connection can carry another client's `LISTEN`, and a notification arriving while PostgresNIO is
/// still starting a `LISTEN` on that channel traps the process. When a heartbeat does not come back, the feed reports
/// itself degraded, says so once in the log, and reconnects.
struct PostgresRevocationFeed: RevocationFeed {
    /// The channel the trigger notifies; a revocation's payload is `<session id> <revoked_at seconds>`.
    static let channel = "tokengate_revocations"

    /// Where the listening connection goes (the direct server, when queries go through a pooling proxy).
    let listenConfiguration: PostgresConnection.Configuration
    /// The database that queries go to; heartbeats are sent from it.
    let database: any SQLDatabase
    /// How often a heartbeat is sent, and how long it may take to come back.
    let heartbeatInterval: Duration
    /// How long a reconnect waits at most after repeated missed heartbeats.
    let maximumReconnectDelay: Duration = .seconds(30)
    let health = RevocationFeedHealth()
    let logger: Logger
    /// This instance's heartbeat channel (no other instance listens on it).
    let heartbeatChannel = "tokengate_heartbeat_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")

    init(listenConfiguration: PostgresConnection.Configuration, database: any SQLDatabase, heartbeatInterval: Duration, logger: Logger) {
        self.listenConfiguration = listenConfiguration
        self.database = database
        self.heartbeatInterval = heartbeatInterval
        self.logger = logger
    }

    /// The heartbeat did not come back in time; the connection has been closed.
    private struct HeartbeatMissed: Error {}

    /// A notification sequence ended without an error.
    private struct ListeningEnded: Error {}

    func run(onListening: @escaping @Sendable () async -> Void, onRevoked: @escaping @Sendable (UUID, Date) -> Void) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            let heartbeatsBefore = health.heartbeats
            // A lost or refused connection is retried within two seconds, as the database comes back; a listener
            // that connects but hears nothing (a pooling proxy) less and less often, since each attempt reloads the set.
            var longestDelay = Duration.seconds(2)
            do {
                let connection = try await PostgresConnection.connect(configuration: listenConfiguration, id: 1, logger: logger)
                do {
                    try await listen(on: connection, onListening: onListening, onRevoked: onRevoked)
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch is HeartbeatMissed {
                // Logged when the state changed.
                longestDelay = maximumReconnectDelay
            } catch {
                if Task.isCancelled { return }
                if health.degrade() {
                    logger.warning(
                        "revocation feed lost its connection; reconnecting (revocations are still read by polling)",
                        metadata: ["error.type": "\(type(of: error))"]
                    )
                }
            }
            // A connection that worked for a while is retried at once.
            if health.heartbeats > heartbeatsBefore { delay = .milliseconds(100) }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, longestDelay)
        }
    }

    /// Listens on the heartbeat channel, proves the session delivers, then listens for revocations; returns only by
    /// throwing.
    private func listen(
        on connection: PostgresConnection,
        onListening: @escaping @Sendable () async -> Void,
        onRevoked: @escaping @Sendable (UUID, Date) -> Void
    ) async throws {
        try await connection.listen(on: heartbeatChannel) { heartbeatNotifications in
            logger.debug("listening for revocation feed heartbeats")
            let (heartbeats, received) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(8))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await notification in heartbeatNotifications {
                        if let sequence = Int(notification.payload) { received.yield(sequence) }
                    }
                    throw ListeningEnded()
                }
                defer { group.cancelAll() }
                let firstSent = ContinuousClock.now
                // The first heartbeat proves LISTEN works here; the feed is healthy only once the revocations made
                // while it was not listening are loaded too.
                try await beat(1, arrivingOn: heartbeats, connection: connection, reportsHealth: false)
                group.addTask {
                    try await connection.listen(on: Self.channel) { notifications in
                        logger.debug("listening for revocations")
                        await onListening()
                        markHealthy()
                        for try await notification in notifications {
                            if let (id, revokedAt) = Self.parse(notification.payload) { onRevoked(id, revokedAt) }
                        }
                    }
                    throw ListeningEnded()
                }
                group.addTask {
                    var sequence = 1
                    var sent = firstSent
                    while true {
                        try await Task.sleep(until: sent + heartbeatInterval)
                        sequence += 1
                        sent = ContinuousClock.now
                        try await beat(sequence, arrivingOn: heartbeats, connection: connection)
                    }
                }
                try await group.next()
            }
        }
    }

    /// Sends heartbeat `sequence` and waits for it; when it comes back the feed is healthy (if `reportsHealth`). A
    /// heartbeat that cannot be sent (the database is out of reach) tells nothing: the query path reports that outage.
    /// - Throws: ``HeartbeatMissed`` (after closing `connection`) when it does not come back within ``heartbeatInterval``.
    private func beat(
        _ sequence: Int,
        arrivingOn heartbeats: AsyncStream<Int>,
        connection: PostgresConnection,
        reportsHealth: Bool = true
    ) async throws {
        do {
            try await database.raw("SELECT pg_notify(\(bind: heartbeatChannel), \(bind: String(sequence)))").run()
        } catch {
            logger.debug("could not send a revocation feed heartbeat", metadata: ["error.type": "\(type(of: error))"])
            return
        }
        let arrived =
            (try? await Deadline.run(within: heartbeatInterval) {
                for await received in heartbeats where received >= sequence { return true }
                return false
            }) == true
        if Task.isCancelled { throw CancellationError() }
        guard arrived else {
            if health.degrade() {
                logger.warning(
                    """
                    revocation feed: a heartbeat sent through PostgreSQL NOTIFY did not come back within \(heartbeatInterval); \
                    LISTEN is not receiving notifications. Likely causes: a transaction-pooling proxy (PgBouncer with \
                    pool_mode = transaction) between TokenGate and PostgreSQL, or a connection dropped by the network. \
                    Set TOKENGATE_DATABASE_LISTEN_URL to a direct PostgreSQL connection. Revocations are still read by \
                    polling every TOKENGATE_REVOCATION_POLL_INTERVAL.
                    """
                )
            }
            try? await connection.close()
            throw HeartbeatMissed()
        }
        if reportsHealth { markHealthy() }
    }

    /// Records that the feed delivers, and says so once when it did not before.
    private func markHealthy() {
        if health.heartbeatArrived() { logger.info("revocation feed healthy: heartbeats come back") }
    }

    /// The session id and revocation time of a revocation's payload, or `nil` for anything else.
    static func parse(_ payload: String) -> (UUID, Date)? {
        let parts = payload.split(separator: " ")
        guard parts.count == 2, let id = UUID(canonical: parts[0]), let seconds = Int64(parts[1]) else { return nil }
        return (id, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

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
/// session, and a network path can drop an idle connection without a reset — so the feed sends itself a
/// heartbeat through the same channel (from the query pool, the way revocations are written) and expects it
/// back before the next one is due. When one does not come back, the feed reports itself degraded, says so once
/// in the log, and reconnects.
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
    private let instance = UUID()

    init(listenConfiguration: PostgresConnection.Configuration, database: any SQLDatabase, heartbeatInterval: Duration, logger: Logger) {
        self.listenConfiguration = listenConfiguration
        self.database = database
        self.heartbeatInterval = heartbeatInterval
        self.logger = logger
    }

    /// A notification on the channel.
    enum Message: Equatable {
        /// Session `id` was revoked at `revokedAt`.
        case revoked(UUID, Date)
        /// Heartbeat number `sequence` of instance `instance`.
        case heartbeat(instance: UUID, sequence: Int)
    }

    /// The heartbeat did not come back in time; the connection has been closed.
    private struct HeartbeatMissed: Error {}

    /// The notification sequence ended without an error.
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

    private func listen(
        on connection: PostgresConnection,
        onListening: @escaping @Sendable () async -> Void,
        onRevoked: @escaping @Sendable (UUID, Date) -> Void
    ) async throws {
        try await connection.listen(on: Self.channel) { notifications in
            logger.debug("listening for revocations")
            await onListening()
            let (heartbeats, received) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(8))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await notification in notifications {
                        switch Self.parse(notification.payload) {
                        case .revoked(let id, let revokedAt): onRevoked(id, revokedAt)
                        case .heartbeat(let instance, let sequence) where instance == self.instance: received.yield(sequence)
                        case .heartbeat, nil: continue
                        }
                    }
                    throw ListeningEnded()
                }
                group.addTask { try await checkHeartbeats(arrivingOn: heartbeats, connection: connection) }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }

    /// Sends a heartbeat every ``heartbeatInterval`` and waits for it; returns only by throwing.
    private func checkHeartbeats(arrivingOn heartbeats: AsyncStream<Int>, connection: PostgresConnection) async throws {
        let clock = ContinuousClock()
        var sequence = 0
        while true {
            sequence += 1
            let sent = clock.now
            do {
                try await database.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: "heartbeat \(instance) \(sequence)"))").run()
            } catch {
                // The database is out of reach: no heartbeat can tell anything now; the query path reports the outage.
                logger.debug("could not send a revocation feed heartbeat", metadata: ["error.type": "\(type(of: error))"])
                try await Task.sleep(until: sent + heartbeatInterval)
                continue
            }
            let expected = sequence
            let arrived =
                (try? await Deadline.run(within: heartbeatInterval) {
                    for await received in heartbeats where received >= expected { return true }
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
            if health.heartbeatArrived() { logger.info("revocation feed healthy: heartbeats come back") }
            try await Task.sleep(until: sent + heartbeatInterval)
        }
    }

    /// The message a notification payload carries, or `nil` for one this version does not know.
    static func parse(_ payload: String) -> Message? {
        let parts = payload.split(separator: " ")
        if parts.count == 3, parts[0] == "heartbeat", let instance = UUID(canonical: parts[1]), let sequence = Int(parts[2]) {
            return .heartbeat(instance: instance, sequence: sequence)
        }
        guard parts.count == 2, let id = UUID(canonical: parts[0]), let seconds = Int64(parts[1]) else { return nil }
        return .revoked(id, Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}

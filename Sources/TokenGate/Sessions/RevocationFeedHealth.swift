import Synchronization

/// What a revocation feed knows of its own health, from the heartbeats it sends itself.
///
/// A feed can be connected and still receive nothing (a transaction-pooling proxy between it and the database,
/// or a connection that a network path dropped without a reset): only a heartbeat that came back proves it works.
public final class RevocationFeedHealth: Sendable {
    /// The feed's state.
    public enum State: String, Sendable, Equatable {
        /// No heartbeat has come back yet since the feed started.
        case connecting
        /// The last heartbeat came back in time.
        case healthy
        /// A heartbeat did not come back in time, or the connection is lost: only polling delivers revocations.
        case degraded
    }

    private let current = Mutex((state: State.connecting, heartbeats: 0))

    /// Creates the health of a feed that has not connected yet.
    public init() {}

    /// The current state.
    public var state: State { current.withLock { $0.state } }

    /// How many heartbeats have come back since the feed started.
    public var heartbeats: Int { current.withLock { $0.heartbeats } }

    /// Records a heartbeat that came back: the feed is healthy. `true` when it was not before.
    @discardableResult
    public func heartbeatArrived() -> Bool {
        current.withLock { current in
            current.heartbeats += 1
            defer { current.state = .healthy }
            return current.state != .healthy
        }
    }

    /// Records that the feed cannot deliver. `true` when it could before (or had not been checked yet).
    @discardableResult
    public func degrade() -> Bool {
        current.withLock { current in
            defer { current.state = .degraded }
            return current.state != .degraded
        }
    }
}

public import Foundation
import Synchronization

/// The revoked sessions that may still hold unexpired access tokens, kept in memory so that checking a
/// token needs no database round trip. The store stays the source of truth; this is rebuilt from it at start.
public final class RevocationSet: Sendable {
    /// How long after its revocation a session must be remembered: the longest an access token
    /// issued just before could still be accepted.
    public let retention: TimeInterval
    private let state: Mutex<State>

    private struct State {
        var forgetAfter: [UUID: Date] = [:]
        var lastPrune: Date = .distantPast
    }

    /// Creates an empty set that remembers each revocation for `retention`.
    public init(retention: Duration) {
        self.retention = TimeInterval(retention.wholeSeconds)
        self.state = Mutex(State())
    }

    /// Whether access tokens of session `id` must be refused.
    public func contains(_ id: UUID) -> Bool {
        state.withLock { $0.forgetAfter[id] != nil }
    }

    /// Records that session `id` was revoked at `revokedAt`, forgetting entries that no longer matter.
    public func insert(_ id: UUID, revokedAt: Date, now: Date = Date()) {
        let forgetAfter = revokedAt.addingTimeInterval(retention)
        guard forgetAfter > now else { return }
        state.withLock { state in
            state.forgetAfter[id] = max(state.forgetAfter[id] ?? .distantPast, forgetAfter)
            if now.timeIntervalSince(state.lastPrune) >= 60 { Self.prune(&state, now: now) }
        }
    }

    /// Forgets sessions whose access tokens have all expired.
    public func prune(now: Date = Date()) {
        state.withLock { Self.prune(&$0, now: now) }
    }

    /// How many sessions the set holds.
    public var count: Int { state.withLock { $0.forgetAfter.count } }

    /// Adds every session the store revoked within ``retention`` of `now`, or since `since` when that is later.
    public func load(from store: any SessionStore, since: Date? = nil, now: Date = Date()) async throws {
        let oldestThatMatters = now.addingTimeInterval(-retention)
        let revoked = try await store.revokedSessions(since: max(since ?? oldestThatMatters, oldestThatMatters))
        for session in revoked { insert(session.id, revokedAt: session.revokedAt, now: now) }
    }

    private static func prune(_ state: inout State, now: Date) {
        state.forgetAfter = state.forgetAfter.filter { $0.value > now }
        state.lastPrune = now
    }
}

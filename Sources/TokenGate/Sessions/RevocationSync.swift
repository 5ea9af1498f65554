public import Foundation

/// Brings revocations made elsewhere (another instance, the `tokengate` command) into the in-memory set.
public struct RevocationSync: Sendable {
    let store: any SessionStore
    let revocations: RevocationSet
    let time: TimeSource

    /// Syncs `revocations` from `store`, judging what still matters by `time`.
    public init(store: any SessionStore, revocations: RevocationSet, time: TimeSource) {
        self.store = store
        self.revocations = revocations
        self.time = time
    }

    /// Adds to the set what the store revoked since `since`.
    public func reload(since: Date) async throws {
        try await revocations.load(from: store, since: since, now: time.now())
    }

    /// Adds one revocation that was pushed to this process.
    public func insert(_ sessionID: UUID, revokedAt: Date) {
        revocations.insert(sessionID, revokedAt: revokedAt)
    }
}

public import Foundation

/// Pushes revocations made anywhere (other instances, the `tokengate` command) to this process as they happen.
public protocol RevocationFeed: Sendable {
    /// Whether the feed is known to deliver, as its heartbeats show.
    var health: RevocationFeedHealth { get }

    /// Listens until cancelled, reconnecting after failures and when a heartbeat does not come back.
    /// - Parameters:
    ///   - onListening: called each time listening (re)starts, before any revocation is delivered; a caller
    ///     reloads its state from the store here, so that nothing revoked while it was not listening is missed.
    ///   - onRevoked: called with each revoked session and its revocation time.
    func run(onListening: @escaping @Sendable () async -> Void, onRevoked: @escaping @Sendable (UUID, Date) -> Void) async
}

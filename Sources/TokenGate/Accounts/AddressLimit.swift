public import Foundation

/// Limits how many requests of one kind (registrations, refreshes) a client address makes in a window, in counters
/// every instance on the database shares. A request without a known address is not limited.
public struct AddressLimit: Sendable {
    /// The kind of request, part of the counter's key.
    public let name: String
    /// Requests per address within ``window``.
    public let maximum: Int
    /// The window requests are counted in.
    public let window: TimeInterval
    private let store: any AttemptStore

    /// A limit of `maximum` requests named `name` per address and `window`, counted in `store`.
    public init(_ name: String, maximum: Int, window: Duration, store: any AttemptStore) {
        self.name = name
        self.maximum = maximum
        self.window = TimeInterval(window.wholeSeconds)
        self.store = store
    }

    /// Counts a request from `address`.
    /// - Throws: ``LimitError/tooManyRequests(retryAfter:)`` when the address has made more than ``maximum``.
    public func admit(_ address: String?, now: Date) async throws {
        guard let address else { return }
        let counted = try await store.countAttempt(key: "\(name):address:\(address)", now: now, expired: now.addingTimeInterval(-window))
        guard counted.count > maximum else { return }
        throw LimitError.tooManyRequests(retryAfter: max(1, Int(counted.start.addingTimeInterval(window).timeIntervalSince(now).rounded(.up))))
    }
}

/// A request refused by a rate limit.
public enum LimitError: Error, Sendable, Equatable {
    /// Too many requests of this kind from the address; try again in this many seconds.
    case tooManyRequests(retryAfter: Int)
}

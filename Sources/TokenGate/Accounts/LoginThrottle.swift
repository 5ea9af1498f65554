public import Foundation
import Synchronization

/// Counts failed logins per email address and refuses further attempts for a while after too many.
public final class LoginThrottle: Sendable {
    /// How many failures within ``window`` lock an address.
    public let maximumFailures: Int
    /// The window failures are counted in, and how long a lock lasts.
    public let window: TimeInterval
    private let failures: Mutex<[String: [Date]]>

    /// Creates a throttle allowing `maximumFailures` failures per `window`.
    public init(maximumFailures: Int, window: Duration) {
        self.maximumFailures = maximumFailures
        self.window = TimeInterval(window.wholeSeconds)
        self.failures = Mutex([:])
    }

    /// Seconds until `key` may try again, or `nil` when it may try now.
    public func retryAfter(for key: String, now: Date = Date()) -> Int? {
        failures.withLock { table -> Int? in
            let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
            table[key] = recent.isEmpty ? nil : recent
            guard recent.count >= maximumFailures, let oldest = recent.first else { return nil }
            return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
        }
    }

    /// Records a failed attempt for `key`.
    public func recordFailure(for key: String, now: Date = Date()) {
        failures.withLock { table in
            var recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            table[key] = recent
            if table.count > 100_000 { table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } } }
        }
    }

    /// Forgets the failures of `key` after a successful login.
    public func reset(_ key: String) {
        _ = failures.withLock { $0.removeValue(forKey: key) }
    }
}

public import Foundation

/// Tells the current time; tests pass a fixed or movable clock.
public struct TimeSource: Sendable {
    private let read: @Sendable () -> Date

    /// A source that asks `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system clock.
    public static let system = TimeSource { Date() }

    /// The current time, truncated to a whole second.
    public func now() -> Date { WholeSeconds.truncating(read()) }

    /// The current time, truncated to a whole millisecond (the resolution of list order).
    public func preciseNow() -> Date { Date(timeIntervalSince1970: (read().timeIntervalSince1970 * 1_000).rounded(.down) / 1_000) }
}

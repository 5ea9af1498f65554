import Foundation

/// Whole-second time, the resolution of JWT NumericDates and of the store.
public enum Clock {
    /// Now, as whole seconds since 1970.
    public static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// `date` truncated to a whole second.
    public static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

/// Tells the current time; tests pass a fixed or movable clock.
public struct TimeSource: Sendable {
    private let read: @Sendable () -> Date

    /// A source that asks `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system clock.
    public static let system = TimeSource { Date() }

    /// The current time, truncated to a whole second.
    public func now() -> Date { Clock.wholeSecond(read()) }

    /// The current time, truncated to a whole millisecond (the resolution of list order).
    public func preciseNow() -> Date { Date(timeIntervalSince1970: (read().timeIntervalSince1970 * 1_000).rounded(.down) / 1_000) }
}

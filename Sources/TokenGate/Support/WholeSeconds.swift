public import Foundation

/// Whole-second time, the resolution of JWT NumericDates and of the store.
public enum WholeSeconds {
    /// Now, as whole seconds since 1970.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// `date` truncated to a whole second.
    public static func truncating(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

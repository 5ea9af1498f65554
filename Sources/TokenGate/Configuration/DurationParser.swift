import Foundation

/// Parses the human-friendly durations used in configuration: `90s`, `15m`, `12h`, `30d`.
public enum DurationParser {
    /// Returns the duration that `text` names, or `nil` when it is not a whole number followed by `s`, `m`, `h` or `d`.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let amount = Int64(trimmed.dropLast()), amount >= 0 else { return nil }
        let multiplier: Int64
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3_600
        case "d": multiplier = 86_400
        default: return nil
        }
        let (seconds, overflow) = amount.multipliedReportingOverflow(by: multiplier)
        guard !overflow, seconds <= 100 * 365 * 86_400 else { return nil }
        return .seconds(seconds)
    }
}

extension Duration {
    /// The whole seconds of this duration, fractions dropped.
    public var wholeSeconds: Int64 { components.seconds }
}

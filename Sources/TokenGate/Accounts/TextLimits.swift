import Foundation

/// Length rules for short texts (names, titles, authors): 1 to 200 characters.
public enum TextLimits {
    /// The longest name, title or author accepted, in characters.
    public static let maximumShortText = 200

    /// Why `text` is not an acceptable short text, or `nil` when it is.
    public static func problemWithShortText(_ text: String) -> String? {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "must not be empty" }
        if text.count > maximumShortText { return "must be at most \(maximumShortText) characters" }
        return nil
    }
}

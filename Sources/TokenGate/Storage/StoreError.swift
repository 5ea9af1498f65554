/// A failure of the store that callers handle on purpose.
public enum StoreError: Error, Sendable, Equatable {
    /// Another account already uses this email address (compared case-insensitively).
    case emailTaken
    /// The database did not answer.
    case unavailable
}

/// A failure of the store that callers handle on purpose.
public enum StoreError: Error, Sendable, Equatable {
    /// Another account already uses this email address (compared case-insensitively).
    case emailTaken
    /// A row with the same unique key exists already.
    case duplicate
    /// The database did not answer, or refused the operation for a fault of its own (a full disk, a read-only file).
    case unavailable
    /// The database answers reads but refuses writes.
    case writesRefused
}

extension StoreError: CustomStringConvertible {
    /// A sentence for an operator (the command-line tool prints it); the log line before it names the cause.
    public var description: String {
        switch self {
        case .emailTaken: "another account already uses this email address"
        case .duplicate: "a row with the same unique key exists already"
        case .unavailable: "the database cannot be reached or refused the operation (the log line above says why)"
        case .writesRefused: "the database answers reads but refuses writes"
        }
    }
}

public import Foundation

/// The attempts counted under one key in its current window.
public struct AttemptWindow: Sendable, Equatable {
    /// How many attempts the window holds.
    public let count: Int
    /// When the window began.
    public let start: Date

    /// A window.
    public init(count: Int, start: Date) {
        self.count = count
        self.start = start
    }
}

/// Counters of attempts (failed logins) in fixed windows, shared by every instance on the same database.
public protocol AttemptStore: Sendable {
    /// Counts one attempt under `key` and answers its window; a window that began at or before `expired` is over,
    /// and a new one begins at `now`. One atomic statement, so instances counting at once never lose a count.
    func countAttempt(key: String, now: Date, expired: Date) async throws -> AttemptWindow

    /// The window of `key`, if it has one (possibly over).
    func attempts(key: String) async throws -> AttemptWindow?

    /// Forgets the attempts of `key`.
    func clearAttempts(key: String) async throws

    /// Deletes windows that began at or before `expired`.
    func purgeAttempts(expired: Date) async throws
}

public import Foundation

/// Remembers when each retired signing key was first seen retired, so that every instance publishes it for the same
/// time after its retirement.
public protocol SigningKeyStore: Sendable {
    /// Records the keys an instance starts with and answers when each retired one was first seen retired.
    ///
    /// The signing key `active` is not retired: any retirement recorded for it (while it was listed ahead of a
    /// rotation, to be verified before it signs) is forgotten. A retired key seen for the first time is recorded as
    /// retired at `now`.
    func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> [String: Date]
}

public import Foundation

/// Remembers when each retired signing key was first seen retired, so that every instance publishes it for the same
/// time after its retirement.
public protocol SigningKeyStore: Sendable {
    /// When each of `keyIDs` was first seen retired; a key seen for the first time is recorded as retired at `now`.
    func retirementTimes(of keyIDs: [String], now: Date) async throws -> [String: Date]
}

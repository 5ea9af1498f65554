public import Foundation

/// Remembers when each retired signing key was first seen retired, so that every instance publishes it for the same
/// time after its retirement, and which key signed last, so that a rotation is noticed once.
public protocol SigningKeyStore: Sendable {
    /// Records the keys an instance starts with and answers when each retired one was first seen retired.
    ///
    /// The signing key `active` is not retired: any retirement recorded for it (while it was listed ahead of a
    /// rotation, to be verified before it signs) is forgotten. A retired key seen for the first time is recorded as
    /// retired at `now`. When `active` differs from the signing key recorded last, the first instance to start with it
    /// is told which key it replaces.
    func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> SigningKeyHistory
}

/// What the store knows of an instance's keys.
public struct SigningKeyHistory: Sendable, Equatable {
    /// When each retired key was first seen retired.
    public var retiredAt: [String: Date]
    /// The key that signed before, when this start is the one that noticed the rotation; `nil` otherwise.
    public var replacedKeyID: String?

    /// A history.
    public init(retiredAt: [String: Date], replacedKeyID: String? = nil) {
        self.retiredAt = retiredAt
        self.replacedKeyID = replacedKeyID
    }
}

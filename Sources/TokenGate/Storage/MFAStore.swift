public import Foundation

/// An account's TOTP factor as stored: the sealed secret and its state.
public struct StoredTOTP: Sendable, Equatable {
    /// The secret, sealed with the server's encryption key.
    public let sealedSecret: String
    /// Whether a first code confirmed it (until then it is pending and does not guard logins).
    public let confirmed: Bool

    /// A stored factor.
    public init(sealedSecret: String, confirmed: Bool) {
        self.sealedSecret = sealedSecret
        self.confirmed = confirmed
    }
}

/// Keeps second factors: TOTP secrets (sealed), recovery codes (hashed), and the pending second steps of logins.
public protocol MFAStore: Sendable {
    /// The account's TOTP factor, if it has one.
    func totpFactor(userID: UUID) async throws -> StoredTOTP?

    /// Stores a pending factor, replacing a pending one; `false` (and nothing changed) when a confirmed one exists.
    func savePendingTOTP(userID: UUID, sealedSecret: String, now: Date) async throws -> Bool

    /// Records that the code of `step` was used; `false` when that step or a later one was used already (a replay).
    func claimTOTPStep(userID: UUID, step: Int64) async throws -> Bool

    /// Replaces the recovery codes with `codeHashes` and confirms the pending factor; `false` when there was none.
    func confirmTOTP(userID: UUID, recoveryCodeHashes: [String], now: Date) async throws -> Bool

    /// Removes the factor and the recovery codes; `false` when there was no factor.
    func deleteTOTP(userID: UUID) async throws -> Bool

    /// Uses up an unused recovery code; `false` when the account has no such unused code.
    func useRecoveryCode(userID: UUID, codeHash: String, now: Date) async throws -> Bool

    /// Stores the second step of a login, to be completed by the holder of the token hashed `tokenHash`.
    func createMFAChallenge(tokenHash: String, userID: UUID, expiresAt: Date) async throws

    /// The account of a live challenge.
    func mfaChallengeOwner(tokenHash: String, now: Date) async throws -> UUID?

    /// Counts a wrong code against the challenge; returns the count so far.
    func recordMFAFailure(tokenHash: String) async throws -> Int

    /// Ends the challenge; returns its account when it still existed (of two callers, one gets it).
    func deleteMFAChallenge(tokenHash: String) async throws -> UUID?

    /// Deletes challenges that expired before `cutoff`.
    func purgeMFAChallenges(before cutoff: Date) async throws
}

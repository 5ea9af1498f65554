public import Foundation

/// Keeps the single-use links of mails (email verification, password reset): only each token's SHA-256, one live
/// link per account and purpose.
public protocol LinkTokenStore: Sendable {
    /// Stores `hash` as the live link of `purpose` for `userID`, replacing the one sent before.
    func replaceLinkToken(hash: String, userID: UUID, purpose: LinkPurpose, expiresAt: Date) async throws

    /// The account whose live link of `purpose` has this hash, without using it up; `nil` when it is unknown,
    /// used or expired.
    func linkTokenOwner(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID?

    /// Uses up the link: deletes it and returns its account when it was live (of two callers, one gets it).
    func consumeLinkToken(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID?

    /// Deletes the links that expired before `cutoff`; returns how many.
    @discardableResult
    func purgeLinkTokens(before cutoff: Date) async throws -> Int
}

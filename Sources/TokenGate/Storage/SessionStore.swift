public import Foundation

/// Keeps sessions and their refresh-token state.
public protocol SessionStore: Sendable {
    /// Stores a new session.
    func createSession(_ session: Session) async throws

    /// The session with this id.
    func session(id: UUID) async throws -> Session?

    /// Spends `presentedJTI` and makes `newJTI` current, in one compare-and-swap: it succeeds only while
    /// `presentedJTI` is still current and the session is neither revoked nor expired.
    /// - Returns: the session after the swap, or `nil` when the swap did not happen.
    func rotateRefreshToken(
        sessionID: UUID,
        presentedJTI: UUID,
        newJTI: UUID,
        at now: Date,
        expiresAt: Date
    ) async throws -> Session?

    /// Revokes one session; `false` when it was unknown or already revoked.
    func revokeSession(id: UUID, at now: Date) async throws -> Bool

    /// Revokes every live session of a user except `keep`, and returns the ids it revoked.
    func revokeSessions(userID: UUID, except keep: UUID?, at now: Date) async throws -> [UUID]

    /// The sessions of `userID` that are neither revoked nor expired at `now`, the newest first.
    func liveSessions(userID: UUID, at now: Date) async throws -> [Session]

    /// Sessions revoked at or after `since`, for rebuilding the in-memory revocation set.
    func revokedSessions(since: Date) async throws -> [RevokedSession]

    /// Answers when the database does; throws when it does not.
    func ping() async throws
}

public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: MFAStore {
    /// The factor row.
    public func totpFactor(userID: UUID) async throws -> StoredTOTP? {
        try await database.raw("SELECT sealed_secret, confirmed_at FROM totp_factors WHERE user_id = \(bind: userID.uuidString)")
            .first(decoding: FactorRow.self).map { StoredTOTP(sealedSecret: $0.sealed_secret, confirmed: $0.confirmed_at != nil) }
    }

    /// One upsert that leaves a confirmed factor alone.
    public func savePendingTOTP(userID: UUID, sealedSecret: String, now: Date) async throws -> Bool {
        let rows = try await database.raw(
            """
            INSERT INTO totp_factors (user_id, sealed_secret, created_at) VALUES (\(bind: userID.uuidString), \(bind: sealedSecret), \(bind: Self.seconds(now)))
            ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, created_at = excluded.created_at, last_step = NULL
            WHERE totp_factors.confirmed_at IS NULL
            RETURNING user_id
            """
        ).all()
        return !rows.isEmpty
    }

    /// A compare-and-swap on `last_step`.
    public func claimTOTPStep(userID: UUID, step: Int64) async throws -> Bool {
        let rows = try await database.raw(
            """
            UPDATE totp_factors SET last_step = \(bind: step)
            WHERE user_id = \(bind: userID.uuidString) AND (last_step IS NULL OR last_step < \(bind: step)) RETURNING user_id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The codes first, then the confirmation (one statement): codes of a factor that is not confirmed are never asked for.
    public func confirmTOTP(userID: UUID, recoveryCodeHashes: [String], now: Date) async throws -> Bool {
        try await database.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID.uuidString)").run()
        for hash in recoveryCodeHashes {
            try await database.raw("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(bind: userID.uuidString), \(bind: hash))").run()
        }
        let rows = try await database.raw(
            """
            UPDATE totp_factors SET confirmed_at = \(bind: Self.seconds(now))
            WHERE user_id = \(bind: userID.uuidString) AND confirmed_at IS NULL RETURNING user_id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The factor first (logins stop asking at once), then the codes.
    public func deleteTOTP(userID: UUID) async throws -> Bool {
        let rows = try await database.raw("DELETE FROM totp_factors WHERE user_id = \(bind: userID.uuidString) RETURNING user_id").all()
        try await database.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID.uuidString)").run()
        return !rows.isEmpty
    }

    /// One `UPDATE … WHERE used_at IS NULL`.
    public func useRecoveryCode(userID: UUID, codeHash: String, now: Date) async throws -> Bool {
        let rows = try await database.raw(
            """
            UPDATE recovery_codes SET used_at = \(bind: Self.seconds(now))
            WHERE user_id = \(bind: userID.uuidString) AND code_hash = \(bind: codeHash) AND used_at IS NULL RETURNING user_id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Inserts the challenge.
    public func createMFAChallenge(tokenHash: String, userID: UUID, expiresAt: Date) async throws {
        try await database.raw(
            """
            INSERT INTO mfa_challenges (token_hash, user_id, expires_at, failures)
            VALUES (\(bind: tokenHash), \(bind: userID.uuidString), \(bind: Self.seconds(expiresAt)), 0)
            """
        ).run()
    }

    /// Reads a live challenge.
    public func mfaChallengeOwner(tokenHash: String, now: Date) async throws -> UUID? {
        try await database.raw(
            "SELECT user_id FROM mfa_challenges WHERE token_hash = \(bind: tokenHash) AND expires_at > \(bind: Self.seconds(now))"
        ).first(decodingColumn: "user_id", as: String.self).flatMap { UUID(canonical: $0) }
    }

    /// One increment.
    public func recordMFAFailure(tokenHash: String) async throws -> Int {
        try await database.raw(
            "UPDATE mfa_challenges SET failures = failures + 1 WHERE token_hash = \(bind: tokenHash) RETURNING failures"
        ).first(decodingColumn: "failures", as: Int.self) ?? Int.max
    }

    /// One `DELETE … RETURNING`.
    public func deleteMFAChallenge(tokenHash: String) async throws -> UUID? {
        try await database.raw("DELETE FROM mfa_challenges WHERE token_hash = \(bind: tokenHash) RETURNING user_id")
            .first(decodingColumn: "user_id", as: String.self).flatMap { UUID(canonical: $0) }
    }

    /// Deletes expired challenges.
    public func purgeMFAChallenges(before cutoff: Date) async throws {
        try await database.raw("DELETE FROM mfa_challenges WHERE expires_at < \(bind: Self.seconds(cutoff))").run()
    }
}

private struct FactorRow: Decodable {
    let sealed_secret: String
    let confirmed_at: Int64?
}

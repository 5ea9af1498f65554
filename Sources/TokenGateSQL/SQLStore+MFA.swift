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
        let insert: SQLQueryString = """
            INSERT INTO totp_factors (user_id, sealed_secret, created_at) VALUES (\(bind: userID.uuidString), \(bind: sealedSecret), \(bind: Self.seconds(now)))
            """
        guard let rowCounting else {
            let rows = try await database.raw(
                insert + """
                     ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, created_at = excluded.created_at, last_step = NULL
                    WHERE totp_factors.confirmed_at IS NULL
                    RETURNING user_id
                    """
            ).all()
            return !rows.isEmpty
        }
        // MySQL has no condition on an upsert: each column keeps its value when the factor is confirmed, and the
        // read in the same transaction tells which happened.
        return try await rowCounting.transaction { database in
            try await database.raw(
                insert + """
                     ON DUPLICATE KEY UPDATE
                        sealed_secret = IF(confirmed_at IS NULL, VALUES(sealed_secret), sealed_secret),
                        last_step = IF(confirmed_at IS NULL, NULL, last_step),
                        created_at = IF(confirmed_at IS NULL, VALUES(created_at), created_at)
                    """
            ).run()
            let confirmed = try await database.raw("SELECT confirmed_at FROM totp_factors WHERE user_id = \(bind: userID.uuidString)")
                .first(decodingColumn: "confirmed_at", as: Int64?.self)
            return confirmed.map { $0 == nil } ?? false
        }
    }

    /// A compare-and-swap on `last_step`.
    public func claimTOTPStep(userID: UUID, step: Int64) async throws -> Bool {
        try await matchedRows(
            """
            UPDATE totp_factors SET last_step = \(bind: step)
            WHERE user_id = \(bind: userID.uuidString) AND (last_step IS NULL OR last_step < \(bind: step))
            """
        ) > 0
    }

    /// The codes first, then the confirmation (one statement): codes of a factor that is not confirmed are never asked for.
    public func confirmTOTP(userID: UUID, recoveryCodeHashes: [String], now: Date) async throws -> Bool {
        try await database.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID.uuidString)").run()
        for hash in recoveryCodeHashes {
            try await database.raw("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(bind: userID.uuidString), \(bind: hash))").run()
        }
        return try await matchedRows(
            """
            UPDATE totp_factors SET confirmed_at = \(bind: Self.seconds(now))
            WHERE user_id = \(bind: userID.uuidString) AND confirmed_at IS NULL
            """
        ) > 0
    }

    /// The factor first (logins stop asking at once), then the codes.
    public func deleteTOTP(userID: UUID) async throws -> Bool {
        let deleted = try await matchedRows("DELETE FROM totp_factors WHERE user_id = \(bind: userID.uuidString)")
        try await database.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userID.uuidString)").run()
        return deleted > 0
    }

    /// One `UPDATE … WHERE used_at IS NULL`.
    public func useRecoveryCode(userID: UUID, codeHash: String, now: Date) async throws -> Bool {
        try await matchedRows(
            """
            UPDATE recovery_codes SET used_at = \(bind: Self.seconds(now))
            WHERE user_id = \(bind: userID.uuidString) AND code_hash = \(bind: codeHash) AND used_at IS NULL
            """
        ) > 0
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
        let byHash: SQLQueryString = "token_hash = \(bind: tokenHash)"
        return try await update("mfa_challenges", set: "failures = failures + 1", where: byHash, key: byHash, returning: "failures")
            .map { try $0.decode(column: "failures", as: Int.self) } ?? Int.max
    }

    /// One `DELETE … RETURNING`.
    public func deleteMFAChallenge(tokenHash: String) async throws -> UUID? {
        try await delete(from: "mfa_challenges", where: "token_hash = \(bind: tokenHash)", returning: "user_id").first
            .map { try $0.decode(column: "user_id", as: String.self) }.flatMap { UUID(canonical: $0) }
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

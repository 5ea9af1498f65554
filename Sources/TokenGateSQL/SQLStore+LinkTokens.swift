public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: LinkTokenStore {
    /// One upsert on (`user_id`, `purpose`): the new link replaces the old one in the same statement.
    public func replaceLinkToken(hash: String, userID: UUID, purpose: LinkPurpose, expiresAt: Date) async throws {
        let insert: SQLQueryString = """
            INSERT INTO link_tokens (token_hash, user_id, purpose, expires_at)
            VALUES (\(bind: hash), \(bind: userID.uuidString), \(bind: purpose.rawValue), \(bind: Self.seconds(expiresAt)))
            """
        let upsert: SQLQueryString =
            rowCounting == nil
            ? " ON CONFLICT (user_id, purpose) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at"
            : " ON DUPLICATE KEY UPDATE token_hash = VALUES(token_hash), expires_at = VALUES(expires_at)"
        try await database.raw(insert + upsert).run()
    }

    /// Reads the live link.
    public func linkTokenOwner(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID? {
        try await database.raw(
            """
            SELECT user_id FROM link_tokens
            WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue) AND expires_at > \(bind: Self.seconds(now))
            """
        ).first(decodingColumn: "user_id", as: String.self).flatMap { UUID(canonical: $0) }
    }

    /// One `DELETE … RETURNING`: a link is used once even when two requests present it at the same moment.
    public func consumeLinkToken(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID? {
        let row = try await delete(
            from: "link_tokens",
            where: "token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue)",
            returning: "user_id, expires_at"
        ).first?.decode(model: ConsumedLink.self)
        guard let row, row.expires_at > Self.seconds(now) else { return nil }
        return UUID(canonical: row.user_id)
    }

    /// Deletes expired links.
    public func purgeLinkTokens(before cutoff: Date) async throws -> Int {
        try await matchedRows("DELETE FROM link_tokens WHERE expires_at < \(bind: Self.seconds(cutoff))")
    }
}

private struct ConsumedLink: Decodable {
    let user_id: String
    let expires_at: Int64
}

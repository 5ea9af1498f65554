public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: SigningKeyStore {
    /// Forgets a retirement of the signing key, records `now` for each retired key not seen before (`INSERT … ON
    /// CONFLICT DO NOTHING`, so the first instance to see it wins), reads every retired key's recorded time, and swaps
    /// the recorded signing key for `active` (a compare-and-swap, so one instance reports a rotation).
    public func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> SigningKeyHistory {
        try await database.raw("DELETE FROM retired_signing_keys WHERE kid = \(bind: active)").run()
        var times: [String: Date] = [:]
        for keyID in retired {
            _ = try await insertUnlessTaken(
                "INSERT INTO retired_signing_keys (kid, retired_at) VALUES (\(bind: keyID), \(bind: Self.seconds(now)))",
                conflictTarget: "kid"
            )
            let seconds = try await database.raw("SELECT retired_at FROM retired_signing_keys WHERE kid = \(bind: keyID)")
                .first(decodingColumn: "retired_at", as: Int64.self)
            times[keyID] = seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        return SigningKeyHistory(retiredAt: times, replacedKeyID: try await swapActiveKey(to: active, now: now))
    }

    /// Records `active` as the signing key; returns the key it replaced, if this call replaced one.
    private func swapActiveKey(to active: String, now: Date) async throws -> String? {
        let recorded = try await database.raw("SELECT kid FROM active_signing_key WHERE id = 1").first(decodingColumn: "kid", as: String.self)
        guard let recorded else {
            _ = try await insertUnlessTaken(
                "INSERT INTO active_signing_key (id, kid, since) VALUES (1, \(bind: active), \(bind: Self.seconds(now)))",
                conflictTarget: "id"
            )
            return nil
        }
        guard recorded != active else { return nil }
        let swapped = try await matchedRows(
            "UPDATE active_signing_key SET kid = \(bind: active), since = \(bind: Self.seconds(now)) WHERE id = 1 AND kid = \(bind: recorded)"
        )
        return swapped == 0 ? nil : recorded
    }
}

public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: SigningKeyStore {
    /// Forgets a retirement of the signing key, records `now` for each retired key not seen before (`INSERT … ON
    /// CONFLICT DO NOTHING`, so the first instance to see it wins), then reads every retired key's recorded time.
    public func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> [String: Date] {
        try await database.raw("DELETE FROM retired_signing_keys WHERE kid = \(bind: active)").run()
        var times: [String: Date] = [:]
        for keyID in retired {
            try await database.raw(
                """
                INSERT INTO retired_signing_keys (kid, retired_at) VALUES (\(bind: keyID), \(bind: Int64(now.timeIntervalSince1970)))
                ON CONFLICT (kid) DO NOTHING
                """
            ).run()
            let seconds = try await database.raw("SELECT retired_at FROM retired_signing_keys WHERE kid = \(bind: keyID)")
                .first(decodingColumn: "retired_at", as: Int64.self)
            times[keyID] = seconds.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        return times
    }
}

public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: SigningKeyStore {
    /// Records `now` for each key not seen retired before (`INSERT … ON CONFLICT DO NOTHING`, so the first instance to
    /// see it wins), then reads every key's recorded time.
    public func retirementTimes(of keyIDs: [String], now: Date) async throws -> [String: Date] {
        var times: [String: Date] = [:]
        for keyID in keyIDs {
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

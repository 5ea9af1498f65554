import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

/// Instances whose clocks differ share one database: a token issued by one is accepted by another whose clock is up
/// to the leeway (30 s by default) behind, and refused as not yet valid beyond it.
struct ClockSkewTests {
    @Test func aTokenFromAnInstanceWhoseClockIsAheadIsAcceptedWithinTheLeeway() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-skew-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = DatabaseLocation.sqliteFile(path: "\(folder)/shared.sqlite")
        // The last instant of a second: `nbf` is written in whole seconds, so this is the hardest case for a clock behind.
        let issuedAt = Date(timeIntervalSince1970: 1_800_000_000.999)
        #expect(testSettings().leeway == .seconds(30))
        try await withApp(location: database, clock: ManualClock(issuedAt)) { a, _ in
            try await withApp(location: database, clock: ManualClock(issuedAt.addingTimeInterval(-30))) { behind30, _ in
                try await withApp(location: database, clock: ManualClock(issuedAt.addingTimeInterval(-31))) { behind31, _ in
                    let ada = try await a.register()
                    let status = try await behind30.send(.get, "/auth/status", bearer: ada.accessToken)
                    #expect(status.status == .ok, "\(status.text)")
                    let refreshed = try await behind30.send(.post, "/auth/refresh", bearer: ada.refreshToken)
                    #expect(refreshed.status == .ok, "\(refreshed.text)")

                    let refused = try await behind31.send(.get, "/auth/status", bearer: ada.accessToken)
                    expectUnauthorized(refused, code: "invalid_token")
                    #expect(refused.error?.message == "The token is not valid yet.")
                }
            }
        }
    }
}

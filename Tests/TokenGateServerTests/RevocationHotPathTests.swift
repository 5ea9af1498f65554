import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct RevocationHotPathTests {
    @Test func statusChecksRevocationWithoutTouchingSessionStorage() async throws {
        let store = CallLog()
        try await withApp(decorateStore: store.recording) { client, _ in
            let revoked = try await client.register()
            let live = try await client.login()
            #expect(try await client.send(.post, "/auth/logout", bearer: revoked.accessToken).status == .ok)

            store.reset()
            for _ in 0..<5 {
                #expect(try await client.send(.get, "/auth/status", bearer: live.accessToken).status == .ok)
            }
            // At most one user lookup for the body (then cached), and nothing else: no session or revocation query.
            #expect(store.requestCalls == ["user"])

            store.reset()
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: revoked.accessToken), code: "token_revoked")
            #expect(store.requestCalls.isEmpty)
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

struct CrossProcessRevocationTests {
    /// Another process (the `tokengate` command) revokes through the shared database; the running server's own
    /// poller brings it into the in-memory set within the poll interval plus a second, with no query per request.
    @Test func revocationsWrittenByAnotherProcessReachTheServerThroughItsPoller() async throws {
        let shared = Mutex<(any TokenGateStore)?>(nil)
        let keep: @Sendable (any TokenGateStore) -> any TokenGateStore = { store in
            shared.withLock { $0 = store }
            return store
        }
        let settings = {
            var settings = testSettings()
            settings.revocationPollInterval = .seconds(1)
            return settings
        }()
        try await withApp(settings: settings, decorateStore: keep) { client, services in
            let store = try #require(shared.withLock { $0 })
            let ada = try await client.user("ada@example.com", roles: [.editor], services: services)
            let operatorView = try await TokenGateServices.make(
                settings: testSettings(),
                keys: try SigningKeys.load(for: testSettings()),
                store: store,
                logger: quietLogger()
            )
            _ = try await operatorView.roles.changeRoles(userID: ada.user.id, to: [])
            let sid = try sessionID(of: ada.accessToken)
            let heard = await timeUntil(within: settings.revocationPollInterval + .seconds(1)) { services.revocations.contains(sid) }
            #expect(heard != nil, "the poller did not bring the revocation in")
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: ada.accessToken), code: "token_revoked")
        }
    }
}

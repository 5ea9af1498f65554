import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct CrossProcessRevocationTests {
    /// Another process (the `tokengate` command) revokes through the shared database; the server learns it
    /// from its next read of the store, not from a query per request.
    @Test func revocationsWrittenByAnotherProcessReachTheServerOnTheNextPoll() async throws {
        let shared = Mutex<SQLStore?>(nil)
        let wrap: @Sendable (SQLStore) -> any UserStore & SessionStore = { store in
            shared.withLock { $0 = store }
            return store
        }
        try await withApp(wrap: wrap) { client, services in
            let store = try #require(shared.withLock { $0 })
            let start = Date()
            let ada = try await client.user("ada@example.com", roles: [.editor], services: services)
            let operatorView = try await TokenGateServices.make(
                settings: testSettings(),
                secret: testSettings().jwtSecret!,
                users: store,
                sessionStore: store,
                books: store,
                templates: store,
                logger: quietLogger()
            )
            _ = try await operatorView.changeRoles(userID: ada.user.id, to: [])
            // The server has not read the store yet: the token still works.
            #expect(try await client.send(.get, "/auth/status", bearer: ada.accessToken).status == .ok)
            try await services.reloadRevocations(since: start.addingTimeInterval(-2))
            expectUnauthorized(try await client.send(.get, "/auth/status", bearer: ada.accessToken), code: "token_revoked")
        }
    }
}

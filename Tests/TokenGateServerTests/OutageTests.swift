import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

extension DatabaseSuites {
    /// What an instance does while its PostgreSQL or MariaDB server is down, and after it comes back.
    @Suite(
        .enabled(
            if: !DatabaseRoute.available.isEmpty,
            "database server tests skipped: neither TOKENGATE_TEST_POSTGRES_URL nor TOKENGATE_TEST_MYSQL_URL is set"
        )
    )
    struct OutageTests {
        /// A route of "another Hummingbird app" that only needs a verified token, no database.
        private static func addProbe(_ router: Router<TokenGateRequestContext>, _ services: TokenGateServices) {
            router.authenticated(by: services.sessions).get("probe") { _, context in context.claims.subject }
        }

        @Test(arguments: DatabaseRoute.available.filter { $0 != .pgbouncerWithDirectListener })
        func anOutageAnswers503QuicklyKeepsVerifyingTokensAndRecoversWithoutARestart(route: DatabaseRoute) async throws {
            try await route.withDatabase { location in
                let settings = try route.settings(location)
                try await withApp(location: settings.database, settings: settings, extraRoutes: Self.addProbe) { client, services in
                    let ada = try await client.register()
                    let fresh = try await client.login()
                    let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
                    let revoked = try await client.login()
                    #expect(try await client.send(.post, "/auth/logout", bearer: revoked.accessToken).status == .ok)

                    try route.setServerRunning(false)
                    do {
                        try await duringTheOutage(client, ada: ada, fresh: fresh, admin: admin, revoked: revoked)
                    } catch {
                        try? route.setServerRunning(true)
                        throw error
                    }
                    try route.setServerRunning(true)

                    let recovered = await timeUntil(within: .seconds(20)) {
                        (try? await client.execute(uri: "/ready", method: .get).status) == .ok
                    }
                    #expect(recovered != nil, "the instance did not serve again after the database came back")
                    let fed = await timeUntil(within: .seconds(20)) { await revocationFeed(of: client) == route.feedState }
                    #expect(fed != nil, "the revocation feed did not come back to \(route.feedState)")
                    _ = try await client.login()
                    #expect(try await client.send(.get, "/auth/status", bearer: ada.accessToken).status == .ok)

                    // Revocations flow again: one written by someone else arrives within the route's deadline (a second
                    // where the listener reconnected: the poll runs once a minute there).
                    let sid = try sessionID(of: ada.accessToken)
                    let database = try await DatabaseHandle.open(location, logger: quietLogger())
                    try await database.sql.raw(
                        "UPDATE sessions SET revoked_at = \(bind: Int64(Date().timeIntervalSince1970)) WHERE id = \(bind: sid.uuidString)"
                    ).run()
                    try await database.close()
                    let heard = await timeUntil(within: route.deadline) { services.revocations.contains(sid) }
                    #expect(heard != nil, "no revocation arrived after the outage")
                }
            }
        }

        /// Every route that needs the database answers 503 `database_unavailable` within the timeout.
        private func duringTheOutage(
            _ client: some TestClientProtocol,
            ada: SessionBody,
            fresh: SessionBody,
            admin: SessionBody,
            revoked: SessionBody
        ) async throws {
            let clock = ContinuousClock()
            for (method, uri, token, json) in [
                (HTTPRequest.Method.get, "/ready", nil, nil),
                (.post, "/auth/register", nil, #"{"email": "new@example.com", "password": "correct horse"}"#),
                (.post, "/auth/login", nil, #"{"email": "ada@example.com", "password": "correct horse"}"#),
                (.post, "/auth/refresh", ada.refreshToken, nil),
                (.get, "/auth/status", ada.accessToken, nil),
                (.post, "/auth/logout", ada.accessToken, nil),
                (.post, "/auth/logout-all", ada.accessToken, nil),
                (.post, "/auth/password", fresh.accessToken, #"{"current_password": "correct horse", "new_password": "battery staple"}"#),
                (.get, "/books", ada.accessToken, nil),
                (.get, "/templates", ada.accessToken, nil),
                (.get, "/users", admin.accessToken, nil),
            ] as [(HTTPRequest.Method, String, String?, String?)] {
                let start = clock.now
                let response: TestResponse
                if let token {
                    response = try await client.send(method, uri, bearer: token, json: json)
                } else if let json {
                    response = try await client.post(uri, json: json)
                } else {
                    response = try await client.execute(uri: uri, method: method)
                }
                let elapsed = clock.now - start
                #expect(response.status == .serviceUnavailable, "\(method) \(uri) answered \(response.status)")
                #expect(response.error?.error == "database_unavailable", "\(method) \(uri): \(response.text)")
                #expect(elapsed < .seconds(5), "\(method) \(uri) took \(elapsed)")
            }
            // Verifying a token needs no database: good tokens pass, revoked ones stay refused.
            let probe = try await client.send(.get, "/probe", bearer: ada.accessToken)
            #expect(probe.status == .ok)
            #expect(probe.text == ada.user.id.uuidString)
            expectUnauthorized(try await client.send(.get, "/probe", bearer: revoked.accessToken), code: "token_revoked")
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

extension DatabaseSuites {
    /// Two TokenGate instances on one PostgreSQL database (reached directly or through PgBouncer) or one MariaDB database.
    @Suite(
        .enabled(
            if: !DatabaseRoute.available.isEmpty,
            "database server tests skipped: neither TOKENGATE_TEST_POSTGRES_URL nor TOKENGATE_TEST_MYSQL_URL is set"
        )
    )
    struct MultiInstanceTests {
        enum Revocation: String, CaseIterable, Sendable {
            case logout, logoutAll, passwordChange, roleRemoval, refreshReuse
        }

        /// A revocation on instance A is refused on instance B within the route's deadline — a second where
        /// `LISTEN` works, the poll interval plus a second through PgBouncer — and B asks the database nothing to
        /// refuse it.
        @Test(arguments: DatabaseRoute.available, Revocation.allCases)
        func revocationsOnOneInstanceAreRefusedByTheOther(route: DatabaseRoute, revocation: Revocation) async throws {
            let clockA = ManualClock(Date())
            let storeB = CallLog()
            try await route.withTwoInstances(clockA: clockA, decorateB: storeB.recording) { a, servicesA, b, servicesB in
                // B's feed has checked itself, so what delivers the revocation below is the route's
                // steady state (the listener, or the poll), not B's load at start.
                let checked = await timeUntil(within: .seconds(5)) { await revocationFeed(of: b) == route.feedState }
                let state = await revocationFeed(of: b)
                #expect(checked != nil, "B's revocation feed is \(state ?? "unknown"), not \(route.feedState)")
                let admin = try await a.user("admin@example.com", roles: [.admin], services: servicesA)
                let ada = try await a.user("ada@example.com", roles: [.editor], services: servicesA)
                // B accepts the token before the revocation.
                #expect(try await b.send(.get, "/auth/status", bearer: ada.accessToken).status == .ok)

                switch revocation {
                case .logout:
                    #expect(try await a.send(.post, "/auth/logout", bearer: ada.accessToken).status == .ok)
                case .logoutAll:
                    #expect(try await a.send(.post, "/auth/logout-all", bearer: ada.accessToken).status == .ok)
                case .passwordChange:
                    let other = try await a.login(email: "ada@example.com")
                    let changed = try await a.changePassword(bearer: other.accessToken)
                    #expect(changed.status == .ok)
                case .roleRemoval:
                    let response = try await a.send(
                        .put,
                        "/users/\(ada.user.id)/roles",
                        bearer: admin.accessToken,
                        json: #"{"roles": []}"#
                    )
                    #expect(response.status == .ok)
                case .refreshReuse:
                    #expect(try await a.send(.post, "/auth/refresh", bearer: ada.refreshToken).status == .ok)
                    clockA.advance(by: 11)  // past the reuse interval
                    expectUnauthorized(try await a.send(.post, "/auth/refresh", bearer: ada.refreshToken), code: "token_reused")
                }
                let sessionID = try sessionID(of: ada.accessToken)
                let elapsed = await timeUntil(within: route.deadline) { servicesB.revocations.contains(sessionID) }
                #expect(elapsed != nil, "instance B did not learn of the \(revocation) within \(route.deadline)")
                storeB.reset()
                expectUnauthorized(try await b.send(.get, "/auth/status", bearer: ada.accessToken), code: "token_revoked")
                #expect(storeB.requestCalls.isEmpty, "instance B asked the database to refuse the token: \(storeB.calls)")
            }
        }

        @Test(arguments: DatabaseRoute.available)
        func registeringOneEmailOnTwoInstancesAtOnceMakesOneUser(route: DatabaseRoute) async throws {
            try await route.withTwoInstances { a, _, b, _ in
                for round in 0..<5 {
                    let json = #"{"email": "race\#(round)@example.com", "password": "correct horse"}"#
                    async let first = a.post("/auth/register", json: json)
                    async let second = b.post("/auth/register", json: json)
                    let statuses = [try await first.status, try await second.status].sorted { $0.code < $1.code }
                    #expect(statuses == [.created, .conflict], "round \(round)")
                }
            }
        }

        /// Run with one shared secret and with one shared ES256 key file (whose signatures are randomised, so the
        /// two answers are compared by their claims, not their text).
        @Test(arguments: DatabaseRoute.available, InstanceKeys.allCases)
        func twoInstancesRefreshingOneTokenAtOnceSpendItOnce(route: DatabaseRoute, keys: InstanceKeys) async throws {
            try await route.withTwoInstances(keys: keys) { a, servicesA, b, _ in
                for round in 0..<5 {
                    let session = try await a.register(email: "ada\(round)@example.com")
                    async let first = a.send(.post, "/auth/refresh", bearer: session.refreshToken)
                    async let second = b.send(.post, "/auth/refresh", bearer: session.refreshToken)
                    let responses = [try await first, try await second]
                    #expect(responses.map(\.status) == [.ok, .ok], "round \(round)")
                    let pairs = try responses.map { try $0.decode(TokenPairBody.self) }
                    // Within the reuse interval both get the one successor: the token was spent once.
                    let successors = try pairs.map { try stringClaim("jti", of: $0.refreshToken) }
                    #expect(successors[0] == successors[1], "round \(round)")
                    // The successor is a live refresh token: it rotates once more, to a new pair that works.
                    let next = try await servicesA.sessions.refresh(refreshToken: pairs[1].refreshToken)
                    #expect(try stringClaim("jti", of: next.refreshToken) != successors[0])
                    #expect(try await b.send(.get, "/auth/status", bearer: next.accessToken).status == .ok)
                }
            }
        }

        /// Instances that share only a key file (their secrets differ) accept each other's tokens, and a logout on
        /// one is refused by the other within the route's deadline.
        @Test(arguments: DatabaseRoute.available)
        func instancesSharingOnlyAKeyFileAcceptEachOthersTokens(route: DatabaseRoute) async throws {
            try await route.withTwoInstances(keys: .sharedKeyFile) { a, servicesA, b, servicesB in
                #expect(servicesA.keyRing.signingKeyID == servicesB.keyRing.signingKeyID)
                #expect(servicesA.keyRing.signingAlgorithm == .es256)
                let ada = try await a.register()
                #expect(try await b.send(.get, "/auth/status", bearer: ada.accessToken).status == .ok)
                let fromB = try await b.send(.post, "/auth/refresh", bearer: ada.refreshToken).decode(TokenPairBody.self)
                #expect(try await a.send(.get, "/auth/status", bearer: fromB.accessToken).status == .ok)
                #expect(try await b.send(.post, "/auth/logout", bearer: fromB.accessToken).status == .ok)
                let sessionID = try sessionID(of: fromB.accessToken)
                let elapsed = await timeUntil(within: route.deadline) { servicesA.revocations.contains(sessionID) }
                #expect(elapsed != nil, "instance A did not learn of the logout within \(route.deadline)")
                expectUnauthorized(try await a.send(.get, "/auth/status", bearer: fromB.accessToken), code: "token_revoked")
            }
        }

        /// Failed logins count together on every instance: ten failures, half on each, throttle the account on both.
        @Test(arguments: DatabaseRoute.available)
        func failedLoginsOnBothInstancesCountTogether(route: DatabaseRoute) async throws {
            try await route.withTwoInstances { a, servicesA, b, _ in
                _ = try await a.register()
                #expect(servicesA.settings.loginMaximumFailures == 10)
                let wrong = #"{"email": "ada@example.com", "password": "wrong horse"}"#
                for instance in [a, b, a, b, a, b, a, b, a] {
                    expectUnauthorized(try await instance.post("/auth/login", json: wrong), code: "invalid_credentials", challenge: "invalid_request")
                }
                // The tenth failure, on B, reaches the limit for both.
                expectUnauthorized(try await b.post("/auth/login", json: wrong), code: "invalid_credentials", challenge: "invalid_request")
                let right = #"{"email": "ada@example.com", "password": "correct horse"}"#
                for instance in [a, b] {
                    let refused = try await instance.post("/auth/login", json: right)
                    #expect(refused.status == .tooManyRequests)
                    #expect(refused.headers[.retryAfter].flatMap(Int.init) != nil)
                }
            }
        }
    }
}

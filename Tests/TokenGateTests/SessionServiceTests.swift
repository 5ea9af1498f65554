import Foundation
import Testing
import TokenGateSQL
import TokenGateTestSupport

@testable import TokenGate

struct SessionServiceTests {
    private func register(_ services: TokenGateServices, email: String = "ada@example.com") async throws -> User {
        try await services.accounts.register(email: email, password: "correct horse", name: "Ada")
    }

    @Test func refreshRotatesThePair() async throws {
        try await withServices { services, store in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            let second = try await services.sessions.refresh(refreshToken: first.refreshToken)
            #expect(second.refreshToken != first.refreshToken)
            let claims = try await services.sessions.authenticate(accessToken: second.accessToken)
            #expect(!claims.fresh)
            #expect(try await services.sessions.authenticate(accessToken: first.accessToken).fresh)
            let session = try #require(try await store.session(id: UUID(uuidString: claims.sessionID)!))
            #expect(session.previousRefreshJTI != nil)
            #expect(session.currentRefreshJTI != session.previousRefreshJTI)
        }
    }

    @Test func reuseWithinTheIntervalAnswersTheSuccessor() async throws {
        let clock = ManualClock()
        try await withServices(clock: clock) { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            let second = try await services.sessions.refresh(refreshToken: first.refreshToken)
            clock.advance(by: 9.9)
            let again = try await services.sessions.refresh(refreshToken: first.refreshToken)
            #expect(again.refreshToken == second.refreshToken)
            // The successor is still good: the session was not revoked.
            let third = try await services.sessions.refresh(refreshToken: second.refreshToken)
            _ = try await services.sessions.authenticate(accessToken: third.accessToken)
        }
    }

    @Test func reuseAfterTheIntervalRevokesTheWholeSession() async throws {
        let clock = ManualClock()
        try await withServices(clock: clock) { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            let second = try await services.sessions.refresh(refreshToken: first.refreshToken)
            clock.advance(by: 11)
            await #expect(throws: SessionError.reused) { try await services.sessions.refresh(refreshToken: first.refreshToken) }
            await #expect(throws: SessionError.revoked) { try await services.sessions.refresh(refreshToken: second.refreshToken) }
            await #expect(throws: SessionError.revoked) { try await services.sessions.authenticate(accessToken: second.accessToken) }
            await #expect(throws: SessionError.revoked) { try await services.sessions.authenticate(accessToken: first.accessToken) }
        }
    }

    /// The grace lasts while less than the interval has passed since the spend: `elapsed` seconds after it, a
    /// repeat is answered (`true`) or is reuse.
    @Test(arguments: [
        (interval: 0.0, elapsed: 0.0, answered: false),
        (interval: 0.0, elapsed: 0.4, answered: false),
        (interval: 1.0, elapsed: 0.0, answered: true),
        (interval: 1.0, elapsed: 1.0, answered: false),
        (interval: 10.0, elapsed: 9.9, answered: true),
        (interval: 10.0, elapsed: 10.0, answered: false),
    ])
    func theReuseIntervalEndsAtItsBoundary(interval: Double, elapsed: Double, answered: Bool) async throws {
        var settings = testSettings()
        settings.refreshReuseInterval = .milliseconds(Int64(interval * 1_000))
        let clock = ManualClock()
        try await withServices(settings: settings, clock: clock) { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            _ = try await services.sessions.refresh(refreshToken: first.refreshToken)
            clock.advance(by: elapsed)
            if answered {
                _ = try await services.sessions.refresh(refreshToken: first.refreshToken)
            } else {
                await #expect(throws: SessionError.reused) { try await services.sessions.refresh(refreshToken: first.refreshToken) }
            }
        }
    }

    /// The spend time is kept in whole seconds: a spend late in a second still never gets more grace than the interval.
    @Test func aSpendLateInASecondGetsNoMoreGraceThanTheInterval() async throws {
        var settings = testSettings()
        settings.refreshReuseInterval = .seconds(2)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000.9))
        try await withServices(settings: settings, clock: clock) { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            _ = try await services.sessions.refresh(refreshToken: first.refreshToken)
            clock.advance(by: 2.05)
            await #expect(throws: SessionError.reused) { try await services.sessions.refresh(refreshToken: first.refreshToken) }
        }
    }

    @Test func aTokenOlderThanThePreviousOneIsReuseEvenWithinTheInterval() async throws {
        try await withServices { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            let second = try await services.sessions.refresh(refreshToken: first.refreshToken)
            _ = try await services.sessions.refresh(refreshToken: second.refreshToken)
            await #expect(throws: SessionError.reused) { try await services.sessions.refresh(refreshToken: first.refreshToken) }
        }
    }

    @Test func concurrentRefreshesOfOneTokenAllGetTheSameSuccessor() async throws {
        try await withServices { services, _ in
            let user = try await register(services)
            let first = try await services.sessions.start(for: user)
            let pairs = try await withThrowingTaskGroup(of: TokenPair.self) { group in
                for _ in 0..<8 { group.addTask { try await services.sessions.refresh(refreshToken: first.refreshToken) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(pairs.count == 8)
            #expect(Set(pairs.map(\.refreshToken)).count == 1)
            _ = try await services.sessions.refresh(refreshToken: pairs[0].refreshToken)
        }
    }

    @Test func logoutRevokesAccessAndRefreshTokensOfThatSessionOnly() async throws {
        try await withServices { services, _ in
            let user = try await register(services)
            let phone = try await services.sessions.start(for: user)
            let laptop = try await services.sessions.start(for: user)
            let claims = try await services.sessions.authenticate(accessToken: phone.accessToken)
            try await services.sessions.revoke(sessionID: UUID(uuidString: claims.sessionID)!, because: .logout)
            await #expect(throws: SessionError.revoked) { try await services.sessions.authenticate(accessToken: phone.accessToken) }
            await #expect(throws: SessionError.revoked) { try await services.sessions.refresh(refreshToken: phone.refreshToken) }
            _ = try await services.sessions.authenticate(accessToken: laptop.accessToken)
            _ = try await services.sessions.refresh(refreshToken: laptop.refreshToken)
        }
    }

    @Test func logoutAllRevokesEverySessionOfTheUserOnly() async throws {
        try await withServices { services, _ in
            let ada = try await register(services)
            let bob = try await register(services, email: "bob@example.com")
            let adaPhone = try await services.sessions.start(for: ada)
            let adaLaptop = try await services.sessions.start(for: ada)
            let bobs = try await services.sessions.start(for: bob)
            #expect(try await services.sessions.revokeAll(userID: ada.id, because: .logoutAll) == 2)
            for pair in [adaPhone, adaLaptop] {
                await #expect(throws: SessionError.revoked) { try await services.sessions.authenticate(accessToken: pair.accessToken) }
                await #expect(throws: SessionError.revoked) { try await services.sessions.refresh(refreshToken: pair.refreshToken) }
            }
            _ = try await services.sessions.authenticate(accessToken: bobs.accessToken)
        }
    }

    @Test func passwordChangeKeepsTheCurrentSessionAndRevokesTheOthers() async throws {
        try await withServices { services, _ in
            let user = try await register(services)
            let current = try await services.sessions.start(for: user)
            let other = try await services.sessions.start(for: user)
            let claims = try await services.sessions.authenticate(accessToken: current.accessToken)
            try await services.accounts.changePassword(userID: user.id, currentPassword: "correct horse", newPassword: "battery staple") {
                try await services.sessions.revokeAll(userID: user.id, except: UUID(uuidString: claims.sessionID), because: .passwordChange)
            }
            _ = try await services.sessions.authenticate(accessToken: current.accessToken)
            await #expect(throws: SessionError.revoked) { try await services.sessions.authenticate(accessToken: other.accessToken) }
            await #expect(throws: AccountError.invalidCredentials) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse")
            }
            _ = try await services.accounts.authenticate(email: "ADA@example.com", password: "battery staple")
        }
    }

    @Test func aFailedRevocationLeavesTheOldPasswordInPlace() async throws {
        try await withServices { services, _ in
            let user = try await register(services)
            struct RevocationFailed: Error {}
            await #expect(throws: RevocationFailed.self) {
                try await services.accounts.changePassword(userID: user.id, currentPassword: "correct horse", newPassword: "battery staple") {
                    throw RevocationFailed()
                }
            }
            _ = try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse")
        }
    }

    @Test func anExpiredRefreshTokenIsReportedAsExpired() async throws {
        let clock = ManualClock()
        var settings = testSettings()
        settings.refreshTokenTTL = .seconds(60)
        try await withServices(settings: settings, clock: clock) { services, _ in
            let user = try await register(services)
            let pair = try await services.sessions.start(for: user)
            clock.advance(by: 60)
            await #expect(throws: SessionError.expired) { try await services.sessions.refresh(refreshToken: pair.refreshToken) }
        }
    }

    @Test func revocationsSurviveARestartThroughTheStore() async throws {
        let clock = ManualClock()
        try await withServices(clock: clock) { services, store in
            let user = try await register(services)
            let pair = try await services.sessions.start(for: user)
            let claims = try await services.sessions.authenticate(accessToken: pair.accessToken)
            try await services.sessions.revoke(sessionID: UUID(uuidString: claims.sessionID)!, because: .logout)

            let restarted = RevocationSet(retention: .seconds(900))
            try await restarted.load(from: store, now: clock.now)
            #expect(restarted.contains(UUID(uuidString: claims.sessionID)!))
            let later = RevocationSet(retention: .seconds(900))
            try await later.load(from: store, now: clock.now.addingTimeInterval(901))
            #expect(later.count == 0)
        }
    }

    @Test func theRevocationSetForgetsSessionsOnceTheirTokensExpired() {
        let set = RevocationSet(retention: .seconds(60))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let old = UUID()
        let recent = UUID()
        set.insert(old, revokedAt: start, now: start)
        set.insert(recent, revokedAt: start.addingTimeInterval(50), now: start.addingTimeInterval(50))
        #expect(set.contains(old) && set.contains(recent))
        set.prune(now: start.addingTimeInterval(61))
        #expect(!set.contains(old))
        #expect(set.contains(recent))
    }
}

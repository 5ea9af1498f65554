import Foundation
import Testing
import TokenGateTestSupport

@testable import TokenGate

struct UserCacheTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func user() -> User {
        User(id: UUID(), email: "ada@example.com", name: nil, roles: [.user], createdAt: start)
    }

    @Test func entriesExpireAfterTheirLifetime() {
        let cache = UserCache(lifetime: 5)
        let ada = user()
        cache.store(ada, now: start)
        #expect(cache.user(id: ada.id, now: start.addingTimeInterval(4.9)) == ada)
        #expect(cache.user(id: ada.id, now: start.addingTimeInterval(5)) == nil)
    }

    @Test func forgettingDropsAnEntryAtOnce() {
        let cache = UserCache(lifetime: 5)
        let ada = user()
        cache.store(ada, now: start)
        cache.forget(ada.id)
        #expect(cache.user(id: ada.id, now: start) == nil)
    }

    @Test func theCacheNeverGrowsPastItsCapacity() {
        let cache = UserCache(lifetime: 5, capacity: 3)
        let users = (0..<4).map { _ in user() }
        for user in users { cache.store(user, now: start) }
        #expect(cache.user(id: users[3].id, now: start) == users[3])
        #expect(users.prefix(3).allSatisfy { cache.user(id: $0.id, now: start) == nil })
    }

    @Test func aRoleChangeThroughTheServiceIsShownAtOnce() async throws {
        try await withServices { services, _ in
            let ada = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            #expect(try await services.accounts.profile(id: ada.id)?.roles == [.user])
            _ = try await services.roles.changeRoles(userID: ada.id, to: [.editor])
            #expect(try await services.accounts.profile(id: ada.id)?.roles == [.user, .editor])
        }
    }
}

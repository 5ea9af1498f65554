import Foundation
import SQLKit
import Testing
import TokenGateTestSupport

@testable import TokenGate
@testable import TokenGateSQL

extension DatabaseSuites {
    /// The SQL store's behaviour, run against each backend: one suite, parameterised by database.
    @Suite struct StoreTests {
        private func newUser(_ email: String, at date: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> NewUser {
            NewUser(id: UUID(), email: email, name: "Name", passwordHash: "bcrypt_sha256$x", roles: [.user], createdAt: date)
        }

        private func newSession(for user: User, now: Date) -> Session {
            Session.started(userID: user.id, at: now, expiresAt: now.addingTimeInterval(3_600))
        }

        /// A session of a new user, stored.
        private func storedSession(in store: any TokenGateStore, now: Date) async throws -> Session {
            let user = try await store.createUser(newUser("ada@example.com"))
            let session = newSession(for: user, now: now)
            try await store.createSession(session)
            return session
        }

        @Test func theDatabaseServersRunInCI() {
            if PostgresTestCluster.isCI {
                #expect(PostgresTestCluster.isConfigured, "CI must export TOKENGATE_TEST_POSTGRES_URL")
                #expect(PostgresTestCluster.isPgBouncerConfigured, "CI must export TOKENGATE_TEST_PGBOUNCER_URL")
                #expect(MySQLTestServer.url != nil, "CI must export TOKENGATE_TEST_MYSQL_URL")
                #expect(MySQLTestServer.isCompiledIn, "CI must test a build with the MySQL trait (swift test --traits MySQL)")
            }
        }

        @Test(arguments: StoreBackend.available.filter { $0 != .sqlite })
        func theDatabaseServerIsReachable(backend: StoreBackend) async throws {
            try await backend.withStore { store in try await store.ping() }
        }

        @Test(arguments: StoreBackend.available)
        func usersAreUniqueByEmailRegardlessOfCase(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let user = try await store.createUser(newUser("Ada@Example.com"))
                await #expect(throws: StoreError.emailTaken) { try await store.createUser(newUser("ada@EXAMPLE.com")) }
                #expect(try await store.credentials(forEmail: "ADA@example.com")?.user == user)
                #expect(try await store.credentials(forUserID: user.id)?.passwordHash == "bcrypt_sha256$x")
                #expect(try await store.updatePasswordHash(userID: user.id, passwordHash: "new"))
                #expect(try await store.credentials(forUserID: user.id)?.passwordHash == "new")
                #expect(try await !store.updatePasswordHash(userID: UUID(), passwordHash: "new"))
                let admin = try await store.setRoles(userID: user.id, roles: [.user, .admin])
                #expect(admin?.roles == [.user, .admin])
                #expect(try await store.setRoles(userID: UUID(), roles: [.user]) == nil)
            }
        }

        /// Email keys compare byte for byte after lower-casing, whatever the database's collation: an accented address
        /// and its plain twin are two accounts (MySQL's accent-insensitive collations would make them one), the same
        /// address in capitals is taken, and text outside the Basic Multilingual Plane comes back whole.
        @Test(arguments: StoreBackend.available)
        func emailKeysAreExactAfterLowerCasingAndTextIsFullUnicode(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let accented = try await store.createUser(newUser("josé@example.com"))
                let plain = try await store.createUser(newUser("jose@example.com"))
                #expect(accented.id != plain.id)
                await #expect(throws: StoreError.emailTaken) { try await store.createUser(newUser("JOSÉ@example.com")) }
                #expect(try await store.credentials(forEmail: "José@Example.com")?.user.id == accented.id)
                #expect(try await store.credentials(forEmail: "jose@example.com")?.user.id == plain.id)
                let book = Book(id: UUID(), title: "📚 Ωμέγα 𝄞", author: "Zoë", createdAt: Date(), updatedAt: Date())
                try await store.createBook(book)
                #expect(try await store.book(id: book.id)?.title == "📚 Ωμέγα 𝄞")
            }
        }

        @Test(arguments: StoreBackend.available)
        func refreshRotationIsACompareAndSwap(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                let session = try await storedSession(in: store, now: now)
                #expect(try await store.session(id: session.id) == session)

                let next = UUID()
                let rotated = try await store.rotateRefreshToken(
                    sessionID: session.id,
                    presentedJTI: session.currentRefreshJTI,
                    newJTI: next,
                    at: now.addingTimeInterval(5),
                    expiresAt: now.addingTimeInterval(7_200)
                )
                #expect(rotated?.currentRefreshJTI == next)
                #expect(rotated?.previousRefreshJTI == session.currentRefreshJTI)
                // The spent token cannot swap again.
                #expect(
                    try await store.rotateRefreshToken(
                        sessionID: session.id,
                        presentedJTI: session.currentRefreshJTI,
                        newJTI: UUID(),
                        at: now,
                        expiresAt: now
                    ) == nil
                )
                // Nor can the current one once the session has expired...
                #expect(
                    try await store.rotateRefreshToken(
                        sessionID: session.id,
                        presentedJTI: next,
                        newJTI: UUID(),
                        at: now.addingTimeInterval(7_200),
                        expiresAt: now
                    ) == nil
                )
                // ...or been revoked.
                #expect(try await store.revokeSession(id: session.id, at: now))
                #expect(try await !store.revokeSession(id: session.id, at: now))
                #expect(
                    try await store.rotateRefreshToken(
                        sessionID: session.id,
                        presentedJTI: next,
                        newJTI: UUID(),
                        at: now.addingTimeInterval(6),
                        expiresAt: now
                    ) == nil
                )
            }
        }

        @Test(arguments: StoreBackend.available)
        func concurrentRotationsOfOneTokenSwapOnce(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                let session = try await storedSession(in: store, now: now)
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            try await store.rotateRefreshToken(
                                sessionID: session.id,
                                presentedJTI: session.currentRefreshJTI,
                                newJTI: UUID(),
                                at: now,
                                expiresAt: now + 60
                            ) != nil
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(winners == 1)
            }
        }

        @Test(arguments: StoreBackend.available)
        func revocationsAreFoundBySinceAndByUser(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                let ada = try await store.createUser(newUser("ada@example.com"))
                let bob = try await store.createUser(newUser("bob@example.com"))
                let sessions = [newSession(for: ada, now: now), newSession(for: ada, now: now), newSession(for: ada, now: now)]
                for session in sessions { try await store.createSession(session) }
                try await store.createSession(newSession(for: bob, now: now))
                let revoked = try await store.revokeSessions(userID: ada.id, except: sessions[0].id, at: now.addingTimeInterval(10))
                #expect(Set(revoked) == [sessions[1].id, sessions[2].id])
                #expect(try await store.revokeSessions(userID: ada.id, except: nil, at: now.addingTimeInterval(20)) == [sessions[0].id])
                let since = try await store.revokedSessions(since: now.addingTimeInterval(15))
                #expect(since.map(\.id) == [sessions[0].id])
                #expect(try await store.revokedSessions(since: now).count == 3)
            }
        }

        @Test(arguments: StoreBackend.available)
        func booksPageInCreationOrder(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let start = Date(timeIntervalSince1970: 1_800_000_000)
                var books: [Book] = []
                for index in 0..<7 {
                    let at = start.addingTimeInterval(Double(index / 2) / 1_000)
                    let book = Book(id: UUID(), title: "T\(index)", author: "A", createdAt: at, updatedAt: at)
                    try await store.createBook(book)
                    books.append(book)
                }
                let expected = books.sorted { ($0.createdAt, $0.id.uuidString) < ($1.createdAt, $1.id.uuidString) }
                var seen: [Book] = []
                var after: ListPosition?
                while true {
                    let page = try await store.books(after: after, limit: 3)
                    seen += page
                    guard page.count == 3, let last = page.last else { break }
                    after = ListPosition(createdAt: last.createdAt, id: last.id)
                }
                #expect(seen.map(\.id) == expected.map(\.id))
                #expect(seen.first == expected.first)
                let updated = try await store.updateBook(id: books[0].id, title: "New", author: "B", at: start.addingTimeInterval(60))
                #expect(updated?.title == "New" && updated?.createdAt == books[0].createdAt)
                #expect(try await store.deleteBook(id: books[0].id))
                #expect(try await !store.deleteBook(id: books[0].id))
                #expect(try await store.book(id: books[0].id) == nil)
            }
        }

        @Test(arguments: StoreBackend.available)
        func templatesAreUniquePerOwnerAndScopedToIt(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                let ada = try await store.createUser(newUser("ada@example.com"))
                let bob = try await store.createUser(newUser("bob@example.com"))
                let first = Template(id: UUID(), ownerID: ada.id, text: "Hello", createdAt: now, updatedAt: now)
                try await store.createTemplate(first)
                await #expect(throws: StoreError.duplicate) {
                    try await store.createTemplate(Template(id: UUID(), ownerID: ada.id, text: "Hello", createdAt: now, updatedAt: now))
                }
                try await store.createTemplate(Template(id: UUID(), ownerID: bob.id, text: "Hello", createdAt: now, updatedAt: now))
                let second = Template(id: UUID(), ownerID: ada.id, text: "Other", createdAt: now, updatedAt: now)
                try await store.createTemplate(second)
                await #expect(throws: StoreError.duplicate) {
                    try await store.updateTemplate(id: second.id, ownerID: ada.id, text: "Hello", at: now)
                }
                #expect(try await store.template(id: first.id, ownerID: bob.id) == nil)
                #expect(try await store.updateTemplate(id: first.id, ownerID: bob.id, text: "Mine now", at: now) == nil)
                #expect(try await !store.deleteTemplate(id: first.id, ownerID: bob.id))
                #expect(try await store.templates(ownerID: ada.id, after: nil, limit: 10).count == 2)

                // Deleting a user removes their templates and sessions (foreign keys).
                try await store.createSession(newSession(for: ada, now: now))
                try await store.database.raw("DELETE FROM users WHERE id = \(bind: ada.id.uuidString)").run()
                #expect(try await store.templates(ownerID: ada.id, after: nil, limit: 10).isEmpty)
                #expect(try await store.revokeSessions(userID: ada.id, except: nil, at: now).isEmpty)
                #expect(try await store.templates(ownerID: bob.id, after: nil, limit: 10).count == 1)
            }
        }

        /// The first sighting of a retired key wins; a key that signs is not retired, so a retirement recorded while it
        /// was listed ahead of a rotation is forgotten, and its real retirement later starts from that later moment.
        /// Each change of signing key is reported once, with the key it replaced.
        @Test(arguments: StoreBackend.available)
        func aKeysRetirementIsItsFirstSightingAsARetiredKey(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let first = Date(timeIntervalSince1970: 1_800_000_000)
                let later = first.addingTimeInterval(600)
                // Before the rotation: "new" is listed for verification while "old" signs.
                let listed = try await store.recordSigningKeys(active: "old", retired: ["new"], now: first)
                let listedAgain = try await store.recordSigningKeys(active: "old", retired: ["new"], now: later)
                // The rotation: "new" signs, "old" retires now.
                let rotated = try await store.recordSigningKeys(active: "new", retired: ["old"], now: later)
                // The next rotation retires "new" from that moment, not from when it was first listed.
                let next = later.addingTimeInterval(600)
                let rotatedAgain = try await store.recordSigningKeys(active: "newer", retired: ["new", "old"], now: next)
                #expect(listed == SigningKeyHistory(retiredAt: ["new": first]))
                #expect(listedAgain == SigningKeyHistory(retiredAt: ["new": first]))
                #expect(rotated == SigningKeyHistory(retiredAt: ["old": later], replacedKeyID: "old"))
                #expect(rotatedAgain == SigningKeyHistory(retiredAt: ["new": next, "old": later], replacedKeyID: "new"))
                // A second instance starting with the same key after the rotation does not report it again.
                #expect(try await store.recordSigningKeys(active: "newer", retired: ["new", "old"], now: next).replacedKeyID == nil)
            }
        }

        @Test(arguments: StoreBackend.available)
        func migrationsAreAppliedOnceAndRecorded(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let applied = try await Migrations.run(on: store.database, logger: quietLogger())
                let version = try await Migrations.currentVersion(on: store.database)
                #expect(applied.isEmpty)
                #expect(version == Migrations.all.count)
            }
        }
    }
}

import Foundation
import Synchronization
import TokenGate

/// Forwards to a store and records the name of every call.
final class CountingStore: UserStore, SessionStore {
    let base: SQLStore
    private let log = Mutex<[String]>([])

    init(base: SQLStore) { self.base = base }

    var calls: [String] { log.withLock { $0 } }
    /// Every call except the revocation poller's background reads (`revokedSessions`), which may land at any time.
    var requestCalls: [String] { calls.filter { $0 != "revokedSessions" } }
    func reset() { log.withLock { $0 = [] } }
    private func record(_ name: String) { log.withLock { $0.append(name) } }

    func createUser(_ user: NewUser) async throws -> User {
        record("createUser")
        return try await base.createUser(user)
    }
    func credentials(forEmail email: String) async throws -> UserCredentials? {
        record("credentialsForEmail")
        return try await base.credentials(forEmail: email)
    }
    func credentials(forUserID id: UUID) async throws -> UserCredentials? {
        record("credentialsForUserID")
        return try await base.credentials(forUserID: id)
    }
    func user(id: UUID) async throws -> User? {
        record("user")
        return try await base.user(id: id)
    }
    func updatePasswordHash(userID: UUID, passwordHash: String) async throws -> Bool {
        record("updatePasswordHash")
        return try await base.updatePasswordHash(userID: userID, passwordHash: passwordHash)
    }
    func setRoles(userID: UUID, roles: Set<Role>) async throws -> User? {
        record("setRoles")
        return try await base.setRoles(userID: userID, roles: roles)
    }
    func users(after: ListPosition?, limit: Int) async throws -> [User] {
        record("users")
        return try await base.users(after: after, limit: limit)
    }
    func createSession(_ session: Session) async throws {
        record("createSession")
        try await base.createSession(session)
    }
    func session(id: UUID) async throws -> Session? {
        record("session")
        return try await base.session(id: id)
    }
    func rotateRefreshToken(sessionID: UUID, presentedJTI: UUID, newJTI: UUID, at now: Date, expiresAt: Date) async throws -> Session? {
        record("rotateRefreshToken")
        return try await base.rotateRefreshToken(sessionID: sessionID, presentedJTI: presentedJTI, newJTI: newJTI, at: now, expiresAt: expiresAt)
    }
    func revokeSession(id: UUID, at now: Date) async throws -> Bool {
        record("revokeSession")
        return try await base.revokeSession(id: id, at: now)
    }
    func revokeSessions(userID: UUID, except keep: UUID?, at now: Date) async throws -> [UUID] {
        record("revokeSessions")
        return try await base.revokeSessions(userID: userID, except: keep, at: now)
    }
    func revokedSessions(since: Date) async throws -> [RevokedSession] {
        record("revokedSessions")
        return try await base.revokedSessions(since: since)
    }
    func ping() async throws {
        record("ping")
        try await base.ping()
    }
}

/// A store whose database never answers a ping.
struct FailingPingStore: UserStore, SessionStore {
    let base: SQLStore

    struct Down: Error {}

    func createUser(_ user: NewUser) async throws -> User { try await base.createUser(user) }
    func credentials(forEmail email: String) async throws -> UserCredentials? { try await base.credentials(forEmail: email) }
    func credentials(forUserID id: UUID) async throws -> UserCredentials? { try await base.credentials(forUserID: id) }
    func user(id: UUID) async throws -> User? { try await base.user(id: id) }
    func updatePasswordHash(userID: UUID, passwordHash: String) async throws -> Bool {
        try await base.updatePasswordHash(userID: userID, passwordHash: passwordHash)
    }
    func setRoles(userID: UUID, roles: Set<Role>) async throws -> User? { try await base.setRoles(userID: userID, roles: roles) }
    func users(after: ListPosition?, limit: Int) async throws -> [User] { try await base.users(after: after, limit: limit) }
    func createSession(_ session: Session) async throws { try await base.createSession(session) }
    func session(id: UUID) async throws -> Session? { try await base.session(id: id) }
    func rotateRefreshToken(sessionID: UUID, presentedJTI: UUID, newJTI: UUID, at now: Date, expiresAt: Date) async throws -> Session? {
        try await base.rotateRefreshToken(sessionID: sessionID, presentedJTI: presentedJTI, newJTI: newJTI, at: now, expiresAt: expiresAt)
    }
    func revokeSession(id: UUID, at now: Date) async throws -> Bool { try await base.revokeSession(id: id, at: now) }
    func revokeSessions(userID: UUID, except keep: UUID?, at now: Date) async throws -> [UUID] {
        try await base.revokeSessions(userID: userID, except: keep, at: now)
    }
    func revokedSessions(since: Date) async throws -> [RevokedSession] { try await base.revokedSessions(since: since) }
    func ping() async throws { throw Down() }
}

import Foundation
import Synchronization
import TokenGate

/// Forwards every call to a store, first telling `intercept` the call's name; `intercept` may throw to fail the call.
final class ForwardingStore: TokenGateStore {
    let base: any TokenGateStore
    private let intercept: @Sendable (String) throws -> Void
    private let refusesAuditWrites: Bool

    init(base: any TokenGateStore, refusesAuditWrites: Bool = false, intercept: @escaping @Sendable (String) throws -> Void) {
        self.base = base
        self.refusesAuditWrites = refusesAuditWrites
        self.intercept = intercept
    }

    func createUser(_ user: NewUser) async throws -> User {
        try intercept("createUser")
        return try await base.createUser(user)
    }
    func credentials(forEmail email: String) async throws -> UserCredentials? {
        try intercept("credentialsForEmail")
        return try await base.credentials(forEmail: email)
    }
    func credentials(forUserID id: UUID) async throws -> UserCredentials? {
        try intercept("credentialsForUserID")
        return try await base.credentials(forUserID: id)
    }
    func user(id: UUID) async throws -> User? {
        try intercept("user")
        return try await base.user(id: id)
    }
    func updatePasswordHash(userID: UUID, passwordHash: String) async throws -> Bool {
        try intercept("updatePasswordHash")
        return try await base.updatePasswordHash(userID: userID, passwordHash: passwordHash)
    }
    func setRoles(userID: UUID, roles: Set<Role>) async throws -> User? {
        try intercept("setRoles")
        return try await base.setRoles(userID: userID, roles: roles)
    }
    func markEmailVerified(userID: UUID, at time: Date) async throws -> User? {
        try intercept("markEmailVerified")
        return try await base.markEmailVerified(userID: userID, at: time)
    }
    func replaceLinkToken(hash: String, userID: UUID, purpose: LinkPurpose, expiresAt: Date) async throws {
        try intercept("replaceLinkToken")
        try await base.replaceLinkToken(hash: hash, userID: userID, purpose: purpose, expiresAt: expiresAt)
    }
    func linkTokenOwner(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID? {
        try intercept("linkTokenOwner")
        return try await base.linkTokenOwner(hash: hash, purpose: purpose, now: now)
    }
    func consumeLinkToken(hash: String, purpose: LinkPurpose, now: Date) async throws -> UUID? {
        try intercept("consumeLinkToken")
        return try await base.consumeLinkToken(hash: hash, purpose: purpose, now: now)
    }
    func purgeLinkTokens(before cutoff: Date) async throws -> Int {
        try intercept("purgeLinkTokens")
        return try await base.purgeLinkTokens(before: cutoff)
    }
    func totpFactor(userID: UUID) async throws -> StoredTOTP? {
        try intercept("totpFactor")
        return try await base.totpFactor(userID: userID)
    }
    func savePendingTOTP(userID: UUID, sealedSecret: String, now: Date) async throws -> Bool {
        try intercept("savePendingTOTP")
        return try await base.savePendingTOTP(userID: userID, sealedSecret: sealedSecret, now: now)
    }
    func claimTOTPStep(userID: UUID, step: Int64) async throws -> Bool {
        try intercept("claimTOTPStep")
        return try await base.claimTOTPStep(userID: userID, step: step)
    }
    func confirmTOTP(userID: UUID, recoveryCodeHashes: [String], now: Date) async throws -> Bool {
        try intercept("confirmTOTP")
        return try await base.confirmTOTP(userID: userID, recoveryCodeHashes: recoveryCodeHashes, now: now)
    }
    func deleteTOTP(userID: UUID) async throws -> Bool {
        try intercept("deleteTOTP")
        return try await base.deleteTOTP(userID: userID)
    }
    func useRecoveryCode(userID: UUID, codeHash: String, now: Date) async throws -> Bool {
        try intercept("useRecoveryCode")
        return try await base.useRecoveryCode(userID: userID, codeHash: codeHash, now: now)
    }
    func createMFAChallenge(tokenHash: String, userID: UUID, expiresAt: Date) async throws {
        try intercept("createMFAChallenge")
        try await base.createMFAChallenge(tokenHash: tokenHash, userID: userID, expiresAt: expiresAt)
    }
    func mfaChallengeOwner(tokenHash: String, now: Date) async throws -> UUID? {
        try intercept("mfaChallengeOwner")
        return try await base.mfaChallengeOwner(tokenHash: tokenHash, now: now)
    }
    func recordMFAFailure(tokenHash: String) async throws -> Int {
        try intercept("recordMFAFailure")
        return try await base.recordMFAFailure(tokenHash: tokenHash)
    }
    func deleteMFAChallenge(tokenHash: String) async throws -> UUID? {
        try intercept("deleteMFAChallenge")
        return try await base.deleteMFAChallenge(tokenHash: tokenHash)
    }
    func purgeMFAChallenges(before cutoff: Date) async throws {
        try intercept("purgeMFAChallenges")
        try await base.purgeMFAChallenges(before: cutoff)
    }
    func users(after: ListPosition?, limit: Int) async throws -> [User] {
        try intercept("users")
        return try await base.users(after: after, limit: limit)
    }
    func createSession(_ session: Session) async throws {
        try intercept("createSession")
        try await base.createSession(session)
    }
    func session(id: UUID) async throws -> Session? {
        try intercept("session")
        return try await base.session(id: id)
    }
    func rotateRefreshToken(sessionID: UUID, presentedJTI: UUID, newJTI: UUID, at now: Date, expiresAt: Date) async throws -> Session? {
        try intercept("rotateRefreshToken")
        return try await base.rotateRefreshToken(sessionID: sessionID, presentedJTI: presentedJTI, newJTI: newJTI, at: now, expiresAt: expiresAt)
    }
    func revokeSession(id: UUID, at now: Date) async throws -> Bool {
        try intercept("revokeSession")
        return try await base.revokeSession(id: id, at: now)
    }
    func revokeSessions(userID: UUID, except keep: UUID?, at now: Date) async throws -> [UUID] {
        try intercept("revokeSessions")
        return try await base.revokeSessions(userID: userID, except: keep, at: now)
    }
    func revokedSessions(since: Date) async throws -> [RevokedSession] {
        try intercept("revokedSessions")
        return try await base.revokedSessions(since: since)
    }
    func liveSessions(userID: UUID, at now: Date) async throws -> [Session] {
        try intercept("liveSessions")
        return try await base.liveSessions(userID: userID, at: now)
    }

    func ping() async throws {
        try intercept("ping")
        try await base.ping()
    }
    func recordSigningKeys(active: String, retired: [String], now: Date) async throws -> SigningKeyHistory {
        try intercept("recordSigningKeys")
        return try await base.recordSigningKeys(active: active, retired: retired, now: now)
    }
    /// Audit writes are not passed to `intercept` (they land in the background, at any time), but may be refused.
    func appendAuditEvents(_ events: [AuditEvent]) async throws {
        if refusesAuditWrites { throw PingFailed() }
        try await base.appendAuditEvents(events)
    }

    func auditEvents(matching filter: AuditFilter, after: ListPosition?, limit: Int) async throws -> [AuditEvent] {
        try await base.auditEvents(matching: filter, after: after, limit: limit)
    }

    func purgeAuditEvents(before cutoff: Date) async throws -> Int {
        try await base.purgeAuditEvents(before: cutoff)
    }

    func countAttempt(key: String, now: Date, expired: Date) async throws -> AttemptWindow {
        try intercept("countAttempt")
        return try await base.countAttempt(key: key, now: now, expired: expired)
    }

    func attempts(key: String) async throws -> AttemptWindow? {
        try intercept("attempts")
        return try await base.attempts(key: key)
    }

    func clearAttempts(key: String) async throws {
        try intercept("clearAttempts")
        try await base.clearAttempts(key: key)
    }

    func purgeAttempts(expired: Date) async throws {
        try await base.purgeAttempts(expired: expired)
    }

    func createBook(_ book: Book) async throws {
        try intercept("createBook")
        try await base.createBook(book)
    }
    func book(id: UUID) async throws -> Book? {
        try intercept("book")
        return try await base.book(id: id)
    }
    func updateBook(id: UUID, title: String, author: String, at now: Date) async throws -> Book? {
        try intercept("updateBook")
        return try await base.updateBook(id: id, title: title, author: author, at: now)
    }
    func deleteBook(id: UUID) async throws -> Bool {
        try intercept("deleteBook")
        return try await base.deleteBook(id: id)
    }
    func books(after: ListPosition?, limit: Int) async throws -> [Book] {
        try intercept("books")
        return try await base.books(after: after, limit: limit)
    }
    func createTemplate(_ template: Template) async throws {
        try intercept("createTemplate")
        try await base.createTemplate(template)
    }
    func template(id: UUID, ownerID: UUID) async throws -> Template? {
        try intercept("template")
        return try await base.template(id: id, ownerID: ownerID)
    }
    func updateTemplate(id: UUID, ownerID: UUID, text: String, at now: Date) async throws -> Template? {
        try intercept("updateTemplate")
        return try await base.updateTemplate(id: id, ownerID: ownerID, text: text, at: now)
    }
    func deleteTemplate(id: UUID, ownerID: UUID) async throws -> Bool {
        try intercept("deleteTemplate")
        return try await base.deleteTemplate(id: id, ownerID: ownerID)
    }
    func templates(ownerID: UUID, after: ListPosition?, limit: Int) async throws -> [Template] {
        try intercept("templates")
        return try await base.templates(ownerID: ownerID, after: after, limit: limit)
    }
}

/// Records the name of every store call.
final class CallLog: Sendable {
    private let log = Mutex<[String]>([])

    /// Every call so far.
    var calls: [String] { log.withLock { $0 } }
    /// Every call except the revocation poller's background reads (`revokedSessions`), which may land at any time.
    var requestCalls: [String] { calls.filter { $0 != "revokedSessions" } }
    func reset() { log.withLock { $0 = [] } }

    /// `store`, with each of its calls recorded here.
    func recording(_ store: any TokenGateStore) -> any TokenGateStore {
        ForwardingStore(base: store) { name in self.log.withLock { $0.append(name) } }
    }
}

/// `store` with a database that never answers a ping.
func failingPing(_ store: any TokenGateStore) -> any TokenGateStore {
    ForwardingStore(base: store) { name in
        if name == "ping" { throw PingFailed() }
    }
}

/// The error of a ping that ``failingPing(_:)`` fails.
struct PingFailed: Error {}

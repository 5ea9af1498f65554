public import Foundation
public import SQLKit
public import TokenGate

/// The one store implementation: users and sessions over any SQLKit database (SQLite, PostgreSQL, MySQL).
///
/// Every state change is a single statement, so it is atomic without a transaction and safe across instances; where
/// the database has no `RETURNING` (MySQL), a change that reads back runs as one short transaction
/// (`SQLStore+Writes.swift`).
public struct SQLStore: UserStore, SessionStore {
    /// The database underneath (for operators' tools and tests that must reach it directly).
    public let database: any SQLDatabase

    /// Creates a store on `database`, whose schema ``Migrations`` has brought up to date.
    public init(database: any SQLDatabase) { self.database = database }

    // MARK: users

    /// Inserts the account unless its email key is taken (one `INSERT … ON CONFLICT DO NOTHING`, or a duplicate key).
    public func createUser(_ user: NewUser) async throws -> User {
        let roles = RoleList.encode(user.roles)
        let inserted = try await insertUnlessTaken(
            """
            INSERT INTO users (id, email, email_key, name, password_hash, roles, created_at)
            VALUES (\(bind: user.id.uuidString), \(bind: user.email), \(bind: Email.key(for: user.email)), \(bind: user.name),
                    \(bind: user.passwordHash), \(bind: roles), \(bind: Int64(user.createdAt.timeIntervalSince1970)))
            """,
            conflictTarget: "email_key"
        )
        guard inserted else { throw StoreError.emailTaken }
        return User(id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: WholeSeconds.truncating(user.createdAt))
    }

    /// The account whose lower-cased email matches, with its hash.
    public func credentials(forEmail email: String) async throws -> UserCredentials? {
        try await database.raw("SELECT \(unsafeRaw: UserRow.columns) FROM users WHERE email_key = \(bind: Email.key(for: email))")
            .first(decoding: UserRow.self)?.credentials()
    }

    /// The account with this id, with its hash.
    public func credentials(forUserID id: UUID) async throws -> UserCredentials? {
        try await database.raw("SELECT \(unsafeRaw: UserRow.columns) FROM users WHERE id = \(bind: id.uuidString)")
            .first(decoding: UserRow.self)?.credentials()
    }

    /// The account with this id.
    public func user(id: UUID) async throws -> User? {
        try await credentials(forUserID: id)?.user
    }

    /// Replaces the stored hash; `false` when there is no such account.
    public func updatePasswordHash(userID: UUID, passwordHash: String) async throws -> Bool {
        try await matchedRows("UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: userID.uuidString)") > 0
    }

    /// Replaces the roles of an account.
    public func setRoles(userID: UUID, roles: Set<Role>) async throws -> User? {
        let byID: SQLQueryString = "id = \(bind: userID.uuidString)"
        return try await update("users", set: "roles = \(bind: RoleList.encode(roles))", where: byID, key: byID, returning: UserRow.columns)?
            .decode(model: UserRow.self).credentials()?.user
    }

    /// Sets `email_verified_at` unless it is set.
    public func markEmailVerified(userID: UUID, at time: Date) async throws -> User? {
        let byID: SQLQueryString = "id = \(bind: userID.uuidString)"
        return try await update(
            "users",
            set: "email_verified_at = COALESCE(email_verified_at, \(bind: Self.seconds(time)))",
            where: byID,
            key: byID,
            returning: UserRow.columns
        )?.decode(model: UserRow.self).credentials()?.user
    }

    /// Accounts in creation order after `after`.
    public func users(after: ListPosition?, limit: Int) async throws -> [User] {
        try await database.raw(
            """
            SELECT \(unsafeRaw: UserRow.columns) FROM users WHERE \(Self.keyset(after: after, createdAtIn: .seconds))
            ORDER BY created_at, id LIMIT \(literal: limit)
            """
        ).all(decoding: UserRow.self).compactMap { $0.credentials()?.user }
    }

    // MARK: sessions

    /// Inserts the session row.
    public func createSession(_ session: Session) async throws {
        try await database.raw(
            """
            INSERT INTO sessions (id, user_id, current_jti, previous_jti, rotated_at, created_at, expires_at, revoked_at, user_agent, ip)
            VALUES (\(bind: session.id.uuidString), \(bind: session.userID.uuidString), \(bind: session.currentRefreshJTI.uuidString),
                    \(bind: session.previousRefreshJTI?.uuidString), \(bind: Self.seconds(session.rotatedAt)),
                    \(bind: Self.seconds(session.createdAt)), \(bind: Self.seconds(session.expiresAt)),
                    \(bind: session.revokedAt.map(Self.seconds)), \(bind: session.client.userAgent), \(bind: session.client.address))
            """
        ).run()
    }

    /// The session row with this id.
    public func session(id: UUID) async throws -> Session? {
        try await database.raw("SELECT \(unsafeRaw: SessionRow.columns) FROM sessions WHERE id = \(bind: id.uuidString)")
            .first(decoding: SessionRow.self)?.session()
    }

    /// The compare-and-swap of refresh rotation: one `UPDATE … WHERE current_jti = presented … RETURNING`.
    public func rotateRefreshToken(
        sessionID: UUID,
        presentedJTI: UUID,
        newJTI: UUID,
        at now: Date,
        expiresAt: Date
    ) async throws -> Session? {
        // MySQL assigns left to right, each seeing the ones before: previous_jti takes current_jti before it changes.
        try await update(
            "sessions",
            set: """
                previous_jti = current_jti, current_jti = \(bind: newJTI.uuidString),
                rotated_at = \(bind: Self.seconds(now)), expires_at = \(bind: Self.seconds(expiresAt))
                """,
            where: """
                id = \(bind: sessionID.uuidString) AND current_jti = \(bind: presentedJTI.uuidString)
                AND revoked_at IS NULL AND expires_at > \(bind: Self.seconds(now))
                """,
            key: "id = \(bind: sessionID.uuidString)",
            returning: SessionRow.columns
        )?.decode(model: SessionRow.self).session()
    }

    /// Marks the session revoked unless it already is.
    public func revokeSession(id: UUID, at now: Date) async throws -> Bool {
        try await matchedRows(
            "UPDATE sessions SET revoked_at = \(bind: Self.seconds(now)) WHERE id = \(bind: id.uuidString) AND revoked_at IS NULL"
        ) > 0
    }

    /// Marks every live session of the user revoked, except `keep`, and returns their ids.
    public func revokeSessions(userID: UUID, except keep: UUID?, at now: Date) async throws -> [UUID] {
        let keepID = keep?.uuidString ?? ""
        let live: SQLQueryString = "user_id = \(bind: userID.uuidString) AND revoked_at IS NULL AND id <> \(bind: keepID)"
        let revoke: SQLQueryString = "UPDATE sessions SET revoked_at = \(bind: Self.seconds(now)) WHERE " + live
        let rows: [any SQLRow]
        if let rowCounting {
            // The live sessions are read and locked first; the update then changes exactly those.
            rows = try await rowCounting.transaction { database in
                let locked = try await database.raw("SELECT id FROM sessions WHERE " + live + " FOR UPDATE").all()
                try await database.raw(revoke).run()
                return locked
            }
        } else {
            rows = try await database.raw(revoke + " RETURNING id").all()
        }
        return try rows.map { try $0.decode(column: "id", as: String.self) }.compactMap(UUID.init(uuidString:))
    }

    /// The live sessions of the user, the newest first.
    public func liveSessions(userID: UUID, at now: Date) async throws -> [Session] {
        try await database.raw(
            """
            SELECT \(unsafeRaw: SessionRow.columns) FROM sessions
            WHERE user_id = \(bind: userID.uuidString) AND revoked_at IS NULL AND expires_at > \(bind: Self.seconds(now))
            ORDER BY created_at DESC, id DESC
            """
        ).all(decoding: SessionRow.self).compactMap { $0.session() }
    }

    /// Sessions revoked at or after `since`.
    public func revokedSessions(since: Date) async throws -> [RevokedSession] {
        try await database.raw(
            "SELECT id, revoked_at FROM sessions WHERE revoked_at IS NOT NULL AND revoked_at >= \(bind: Self.seconds(since))"
        ).all(decoding: RevokedRow.self).compactMap { row in
            UUID(canonical: row.id).map { RevokedSession(id: $0, revokedAt: Date(timeIntervalSince1970: TimeInterval(row.revoked_at))) }
        }
    }

    /// Reads (`SELECT 1`), then writes: the write path fails on its own (a full disk, a read-only file) while
    /// reads still work.
    ///
    /// On a SQLite file the write claims 64 KiB of new space and gives it back: a full disk fails it even where a
    /// write of a few bytes would still fit into space a failed write left behind. (An in-memory database has no disk
    /// to fill; it gets the plain write.)
    /// - Throws: ``StoreError/writesRefused`` when only the write fails.
    public func ping() async throws {
        _ = try await database.raw("SELECT 1 AS one").all()
        let now = WholeSeconds.now()
        do {
            if let file = database as? SQLiteFaultReporting, file.path != ":memory:" {
                try await database.raw("UPDATE health_probe SET checked_at = \(bind: now), padding = zeroblob(65536) WHERE id = 1").run()
                try await database.raw("UPDATE health_probe SET padding = NULL WHERE id = 1").run()
            } else {
                try await database.raw("UPDATE health_probe SET checked_at = \(bind: now) WHERE id = 1").run()
            }
        } catch {
            throw StoreError.writesRefused
        }
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) }

    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1_000) }

    /// The unit a table keeps `created_at` in: `users` has whole seconds, `books` and `templates` milliseconds.
    enum TimeUnit {
        case seconds, milliseconds

        /// `date` in this unit.
        func value(_ date: Date) -> Int64 {
            switch self {
            case .seconds: SQLStore.seconds(date)
            case .milliseconds: SQLStore.milliseconds(date)
            }
        }
    }

    /// The condition of keyset pagination: rows strictly after `after` in (`created_at`, `id`) order, with
    /// `created_at` kept in `unit`.
    static func keyset(after: ListPosition?, createdAtIn unit: TimeUnit) -> SQLQueryString {
        guard let after else { return "1 = 1" }
        let createdAt = unit.value(after.createdAt)
        // The same rows as `(created_at, id) > (t, i)`, in a form whose first term an index on (created_at, id) can
        // seek to with bound parameters (the plain OR form makes SQLite walk the index from its start).
        return """
            created_at >= \(bind: createdAt) AND (created_at > \(bind: createdAt) OR id > \(bind: after.id.uuidString))
            """
    }
}

/// Stores a set of roles as one sorted, comma-separated text.
enum RoleList {
    static func encode(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
    static func decode(_ text: String) -> Set<Role> { Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) }) }
}

// Row shapes; property names are the column names.
struct UserRow: Decodable {
    static let columns = "id, email, name, password_hash, roles, created_at, email_verified_at"
    let id: String
    let email: String
    let name: String?
    let password_hash: String
    let roles: String
    let created_at: Int64
    let email_verified_at: Int64?

    func credentials() -> UserCredentials? {
        guard let uuid = UUID(canonical: id) else { return nil }
        let user = User(
            id: uuid,
            email: email,
            name: name,
            roles: RoleList.decode(roles),
            createdAt: Date(timeIntervalSince1970: TimeInterval(created_at)),
            emailVerified: email_verified_at != nil
        )
        return UserCredentials(user: user, passwordHash: password_hash)
    }
}

private struct SessionRow: Decodable {
    static let columns = "id, user_id, current_jti, previous_jti, rotated_at, created_at, expires_at, revoked_at, user_agent, ip"
    let id: String
    let user_id: String
    let current_jti: String
    let previous_jti: String?
    let rotated_at: Int64
    let created_at: Int64
    let expires_at: Int64
    let revoked_at: Int64?
    let user_agent: String?
    let ip: String?

    func session() -> Session? {
        guard let id = UUID(canonical: id), let userID = UUID(canonical: user_id), let current = UUID(canonical: current_jti) else {
            return nil
        }
        return Session(
            id: id,
            userID: userID,
            currentRefreshJTI: current,
            previousRefreshJTI: previous_jti.flatMap(UUID.init(uuidString:)),
            rotatedAt: Date(timeIntervalSince1970: TimeInterval(rotated_at)),
            createdAt: Date(timeIntervalSince1970: TimeInterval(created_at)),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expires_at)),
            revokedAt: revoked_at.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            client: SessionClient(userAgent: user_agent, address: ip)
        )
    }
}

private struct RevokedRow: Decodable {
    let id: String
    let revoked_at: Int64
}

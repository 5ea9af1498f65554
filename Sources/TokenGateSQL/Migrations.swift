public import Logging
public import SQLKit
import TokenGate

/// One versioned change to the schema.
public struct Migration: Sendable {
    /// The version; migrations run in ascending order and each only once.
    public let version: Int
    /// What it does, for logs.
    public let summary: String
    /// The statements, written in SQL that SQLite and PostgreSQL both accept.
    public let statements: [String]
    /// Statements that run on PostgreSQL only, after ``statements``.
    public let postgresStatements: [String]
    /// Statements that run on MySQL and MariaDB instead of ``statements``, where those do not fit (MySQL cannot
    /// index `TEXT`, and keys compare byte for byte as `VARBINARY` whatever the server's collation); `nil` when
    /// ``statements`` serve.
    public let mysqlStatements: [String]?

    /// Creates a migration.
    public init(version: Int, summary: String, statements: [String], postgresStatements: [String] = [], mysqlStatements: [String]? = nil) {
        self.version = version
        self.summary = summary
        self.statements = statements
        self.postgresStatements = postgresStatements
        self.mysqlStatements = mysqlStatements
    }

    /// The statements for a database whose dialect is named `dialect`.
    func statements(forDialect dialect: String) -> [String] {
        switch dialect {
        case PostgresDialectName.value: statements + postgresStatements
        case MySQLSchema.dialectName: mysqlStatements ?? statements
        default: statements
        }
    }
}

/// The schema of the SQL store and the runner that brings a database up to date.
public enum Migrations {
    /// Every migration, oldest first.
    public static let all: [Migration] = [
        Migration(
            version: 1,
            summary: "users and sessions",
            statements: [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL,
                    email_key TEXT NOT NULL,
                    name TEXT,
                    password_hash TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX users_email_key ON users (email_key)",
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    current_jti TEXT NOT NULL,
                    previous_jti TEXT,
                    rotated_at BIGINT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX sessions_user_id ON sessions (user_id)",
                "CREATE INDEX sessions_revoked_at ON sessions (revoked_at)",
            ],
            mysqlStatements: [
                MySQLSchema.table(
                    "users",
                    """
                    id VARBINARY(36) PRIMARY KEY, email TEXT NOT NULL, email_key VARBINARY(1024) NOT NULL, name TEXT,
                    password_hash TEXT NOT NULL, roles TEXT NOT NULL, created_at BIGINT NOT NULL
                    """
                ),
                "CREATE UNIQUE INDEX users_email_key ON users (email_key)",
                MySQLSchema.table(
                    "sessions",
                    """
                    id VARBINARY(36) PRIMARY KEY, user_id VARBINARY(36) NOT NULL, current_jti VARBINARY(36) NOT NULL,
                    previous_jti VARBINARY(36), rotated_at BIGINT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
                    revoked_at BIGINT, FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
                "CREATE INDEX sessions_revoked_at ON sessions (revoked_at)",
            ]
        ),
        Migration(
            version: 2,
            summary: "books, templates and list order indexes",
            statements: [
                """
                CREATE TABLE books (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    author TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX books_list_order ON books (created_at, id)",
                """
                CREATE TABLE templates (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    template TEXT NOT NULL,
                    template_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX templates_owner_text ON templates (owner_id, template_hash)",
                "CREATE INDEX templates_list_order ON templates (owner_id, created_at, id)",
                "CREATE INDEX users_list_order ON users (created_at, id)",
            ],
            mysqlStatements: [
                MySQLSchema.table(
                    "books",
                    "id VARBINARY(36) PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL"
                ),
                "CREATE INDEX books_list_order ON books (created_at, id)",
                MySQLSchema.table(
                    "templates",
                    """
                    id VARBINARY(36) PRIMARY KEY, owner_id VARBINARY(36) NOT NULL, template MEDIUMTEXT NOT NULL,
                    template_hash VARBINARY(64) NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                    FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
                "CREATE UNIQUE INDEX templates_owner_text ON templates (owner_id, template_hash)",
                "CREATE INDEX templates_list_order ON templates (owner_id, created_at, id)",
                "CREATE INDEX users_list_order ON users (created_at, id)",
            ]
        ),
        Migration(
            version: 3,
            summary: "notify every instance of revoked sessions (PostgreSQL)",
            statements: [],
            postgresStatements: [
                """
                CREATE OR REPLACE FUNCTION tokengate_notify_revocation() RETURNS trigger AS $$
                BEGIN
                    PERFORM pg_notify('tokengate_revocations', NEW.id || ' ' || NEW.revoked_at);
                    RETURN NEW;
                END
                $$ LANGUAGE plpgsql
                """,
                """
                CREATE TRIGGER sessions_notify_revocation AFTER UPDATE OF revoked_at ON sessions
                FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
                EXECUTE FUNCTION tokengate_notify_revocation()
                """,
            ]
        ),
        Migration(
            version: 4,
            summary: "when each retired signing key was first seen retired",
            statements: ["CREATE TABLE retired_signing_keys (kid TEXT PRIMARY KEY, retired_at BIGINT NOT NULL)"],
            mysqlStatements: [MySQLSchema.table("retired_signing_keys", "kid VARBINARY(255) PRIMARY KEY, retired_at BIGINT NOT NULL")]
        ),
        Migration(
            version: 5,
            summary: "the user agent and address of each session's login",
            statements: ["ALTER TABLE sessions ADD COLUMN user_agent TEXT", "ALTER TABLE sessions ADD COLUMN ip TEXT"]
        ),
        Migration(
            version: 6,
            summary: "one row that /ready rewrites, to check the write path",
            statements: [
                "CREATE TABLE health_probe (id INTEGER PRIMARY KEY, checked_at BIGINT NOT NULL, padding TEXT)",
                "INSERT INTO health_probe (id, checked_at) VALUES (1, 0)",
            ]
        ),
        Migration(
            version: 7,
            summary: "the audit log",
            statements: [
                """
                CREATE TABLE audit_events (
                    id TEXT PRIMARY KEY,
                    at BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    user_id TEXT,
                    session_id TEXT,
                    actor_id TEXT,
                    ip TEXT,
                    user_agent TEXT,
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_events_by_time ON audit_events (at, id)",
                "CREATE INDEX audit_events_by_user ON audit_events (user_id, at, id)",
                "CREATE INDEX audit_events_by_type ON audit_events (type, at, id)",
            ],
            mysqlStatements: [
                MySQLSchema.table(
                    "audit_events",
                    """
                    id VARBINARY(36) PRIMARY KEY, at BIGINT NOT NULL, type VARBINARY(64) NOT NULL, user_id VARBINARY(36),
                    session_id TEXT, actor_id TEXT, ip TEXT, user_agent TEXT, detail TEXT NOT NULL
                    """
                ),
                "CREATE INDEX audit_events_by_time ON audit_events (at, id)",
                "CREATE INDEX audit_events_by_user ON audit_events (user_id, at, id)",
                "CREATE INDEX audit_events_by_type ON audit_events (type, at, id)",
            ]
        ),
        Migration(
            version: 8,
            summary: "failed-login counters shared by every instance",
            statements: ["CREATE TABLE attempt_counters (key TEXT PRIMARY KEY, window_start BIGINT NOT NULL, count BIGINT NOT NULL)"],
            mysqlStatements: [
                MySQLSchema.table("attempt_counters", "\"key\" VARBINARY(1024) PRIMARY KEY, window_start BIGINT NOT NULL, count BIGINT NOT NULL")
            ]
        ),
        Migration(
            version: 9,
            summary: "the signing key the instances last started with, to notice a rotation",
            statements: ["CREATE TABLE active_signing_key (id INTEGER PRIMARY KEY, kid TEXT NOT NULL, since BIGINT NOT NULL)"]
        ),
        Migration(
            version: 10,
            summary: "verified email addresses and the single-use links of verification and password reset",
            statements: [
                "ALTER TABLE users ADD COLUMN email_verified_at BIGINT",
                """
                CREATE TABLE link_tokens (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    purpose TEXT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX link_tokens_by_user ON link_tokens (user_id, purpose)",
            ],
            mysqlStatements: [
                "ALTER TABLE users ADD COLUMN email_verified_at BIGINT",
                MySQLSchema.table(
                    "link_tokens",
                    """
                    token_hash VARBINARY(64) PRIMARY KEY, user_id VARBINARY(36) NOT NULL, purpose VARBINARY(32) NOT NULL,
                    expires_at BIGINT NOT NULL, FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
                "CREATE UNIQUE INDEX link_tokens_by_user ON link_tokens (user_id, purpose)",
            ]
        ),
        Migration(
            version: 11,
            summary: "TOTP second factors, recovery codes and the second steps of logins",
            statements: [
                """
                CREATE TABLE totp_factors (
                    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                    sealed_secret TEXT NOT NULL,
                    confirmed_at BIGINT,
                    last_step BIGINT,
                    created_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE recovery_codes (
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    code_hash TEXT NOT NULL,
                    used_at BIGINT,
                    PRIMARY KEY (user_id, code_hash)
                )
                """,
                """
                CREATE TABLE mfa_challenges (
                    token_hash TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                    expires_at BIGINT NOT NULL,
                    failures BIGINT NOT NULL
                )
                """,
            ],
            mysqlStatements: [
                MySQLSchema.table(
                    "totp_factors",
                    """
                    user_id VARBINARY(36) PRIMARY KEY, sealed_secret TEXT NOT NULL, confirmed_at BIGINT, last_step BIGINT,
                    created_at BIGINT NOT NULL, FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
                MySQLSchema.table(
                    "recovery_codes",
                    """
                    user_id VARBINARY(36) NOT NULL, code_hash VARBINARY(64) NOT NULL, used_at BIGINT, PRIMARY KEY (user_id, code_hash),
                    FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
                MySQLSchema.table(
                    "mfa_challenges",
                    """
                    token_hash VARBINARY(64) PRIMARY KEY, user_id VARBINARY(36) NOT NULL, expires_at BIGINT NOT NULL,
                    failures BIGINT NOT NULL, FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                    """
                ),
            ]
        ),
    ]

    /// Applies every migration the database has not seen yet, each in its own transaction.
    /// - Returns: the versions applied now.
    @discardableResult
    public static func run(on database: any SQLDatabase, logger: Logger) async throws -> [Int] {
        try await database.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)"
        ).run()
        if database.dialect.name == MySQLSchema.dialectName {
            return try await MySQLSchema.migrate(database, logger: logger)
        }
        return try await applyPending(on: database, logger: logger) { migration, _ in
            try await database.withSession { session in try await apply(migration, on: session) }
        }
    }

    /// Walks the migrations that `database` has not recorded, in order, applying each with `apply` (which says
    /// whether it ran: another instance may have claimed it first), and logs each that ran.
    static func applyPending(
        on database: any SQLDatabase,
        logger: Logger,
        apply: (Migration, any SQLDatabase) async throws -> Bool
    ) async throws -> [Int] {
        let applied = Set(try await database.raw("SELECT version FROM schema_migrations").all(decodingColumn: "version", as: Int.self))
        var newlyApplied: [Int] = []
        for migration in all.sorted(by: { $0.version < $1.version }) where !applied.contains(migration.version) {
            if try await apply(migration, database) {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "summary": "\(migration.summary)"])
                newlyApplied.append(migration.version)
            }
        }
        return newlyApplied
    }

    /// The highest version every migration up to which has been applied, or 0.
    public static func currentVersion(on database: any SQLDatabase) async throws -> Int {
        let versions = try await database.raw("SELECT version FROM schema_migrations").all(decodingColumn: "version", as: Int.self)
        return versions.max() ?? 0
    }

    private static func apply(_ migration: Migration, on session: any SQLDatabase) async throws -> Bool {
        try await session.raw("BEGIN").run()
        do {
            let claimed = try await session.raw(
                """
                INSERT INTO schema_migrations (version, applied_at) VALUES (\(bind: migration.version), \(bind: WholeSeconds.now()))
                ON CONFLICT (version) DO NOTHING RETURNING version
                """
            ).all()
            guard !claimed.isEmpty else {
                try await session.raw("ROLLBACK").run()
                return false
            }
            for statement in migration.statements(forDialect: session.dialect.name) {
                try await session.raw("\(unsafeRaw: statement)").run()
            }
            try await session.raw("COMMIT").run()
            return true
        } catch {
            try? await session.raw("ROLLBACK").run()
            throw error
        }
    }
}

/// The name SQLKit's PostgreSQL dialect reports.
enum PostgresDialectName {
    static let value = "postgresql"
}

import Logging
import SQLKit
import TokenGate

/// What the schema needs on MySQL and MariaDB: InnoDB tables in utf8mb4, and a migration runner for a database
/// whose DDL commits by itself (so a transaction cannot make a migration all-or-nothing).
enum MySQLSchema {
    /// The dialect name of the MySQL driver.
    static let dialectName = "mysql"

    /// `CREATE TABLE name (columns)` as InnoDB in utf8mb4.
    static func table(_ name: String, _ columns: String) -> String {
        "CREATE TABLE \(name) (\(columns)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
    }

    /// Applies the pending migrations under a named server lock (`GET_LOCK`), so that instances starting together
    /// apply each once; each migration's statements, then its row in `schema_migrations`.
    ///
    /// A migration that fails half-way leaves what ran before the failure (MySQL commits DDL at once): the error
    /// names the version, to be finished by hand.
    static func migrate(_ database: any SQLDatabase, logger: Logger) async throws -> [Int] {
        try await database.withSession { session in
            let locked = try await session.raw("SELECT GET_LOCK('tokengate_migrations', 60) AS locked").first(decodingColumn: "locked", as: Int?.self)
            guard locked == 1 else { throw MigrationLockError() }
            do {
                let applied = try await Migrations.applyPending(on: session, logger: logger) { migration, session in
                    for statement in migration.statements(forDialect: dialectName) {
                        try await session.raw("\(unsafeRaw: statement)").run()
                    }
                    try await session.raw(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (\(bind: migration.version), \(bind: WholeSeconds.now()))"
                    ).run()
                    return true
                }
                _ = try await session.raw("SELECT RELEASE_LOCK('tokengate_migrations') AS released").all()
                return applied
            } catch {
                _ = try? await session.raw("SELECT RELEASE_LOCK('tokengate_migrations') AS released").all()
                throw error
            }
        }
    }
}

/// Another process held the migration lock for a minute.
struct MigrationLockError: Error, CustomStringConvertible {
    var description: String { "another process held the MySQL migration lock (tokengate_migrations) for 60 s" }
}

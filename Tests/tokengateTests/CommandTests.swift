import ArgumentParser
import Foundation
import Logging
import SQLKit
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

@testable import tokengate

struct CommandTests {
    @Test func flagsOverrideEnvironmentVariables() throws {
        let command = try ServeCommand.parse(["--port", "9191", "--database-url", "sqlite::memory:", "--env", "testing"])
        let settings = try command.settings(environment: [
            "TOKENGATE_PORT": "7000", "TOKENGATE_HOST": "0.0.0.0", "TOKENGATE_DATABASE_URL": "sqlite:///tmp/x.sqlite",
            "TOKENGATE_ENV": "production",
        ])
        #expect(settings.port == 9191)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.database == .sqliteMemory)
        #expect(settings.environment == .testing)
    }

    @Test func withoutFlagsTheEnvironmentDecides() throws {
        let settings = try ServeCommand.parse([]).settings(environment: ["TOKENGATE_PORT": "7000", "TOKENGATE_ACCESS_TOKEN_TTL": "5m"])
        #expect(settings.port == 7000)
        #expect(settings.accessTokenTTL == .seconds(300))
    }

    @Test func aBadFlagIsRefused() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--port", "eighty"]) }
        #expect(throws: ConfigurationError.self) { try ServeCommand.parse(["--port", "0"]).settings(environment: [:]) }
    }

    @Test func serveIsTheDefaultSubcommand() throws {
        let parsed = try TokenGateCommand.parseAsRoot([])
        #expect(parsed is ServeCommand)
        #expect(try TokenGateCommand.parseAsRoot(["migrate"]) is MigrateCommand)
    }

    @Test func migrateCreatesTheSchemaOnceInAFile() async throws {
        let folder = NSTemporaryDirectory() + "tokengate-migrate-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = "sqlite://\(folder)/db.sqlite"
        try await MigrateCommand.parse(["--database-url", url, "--log-level", "error"]).run()
        try await MigrateCommand.parse(["--database-url", url, "--log-level", "error"]).run()
        let database = try await DatabaseHandle.open(.sqliteFile(path: "\(folder)/db.sqlite"), logger: quietLogger())
        let version = try await Migrations.currentVersion(on: database.sql)
        let applied = try await database.sql.raw("SELECT COUNT(*) AS n FROM schema_migrations").first(decodingColumn: "n", as: Int.self)
        try await database.close()
        #expect(version == Migrations.all.count)
        #expect(applied == Migrations.all.count)
    }
}

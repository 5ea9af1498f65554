import ArgumentParser
import TokenGate
import TokenGateSQL

/// `tokengate migrate`: brings the database schema up to date and says what it did.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    @OptionGroup var shared: SharedOptions

    func run() async throws {
        let settings = try shared.settings()
        let logger = try shared.logger(label: "tokengate.migrate")
        let database = try await DatabaseHandle.open(settings.database, logger: logger)
        do {
            let applied = try await Migrations.run(on: database.sql, logger: logger)
            let version = try await Migrations.currentVersion(on: database.sql)
            if applied.isEmpty {
                print("\(settings.database): schema is up to date at version \(version)")
            } else {
                print("\(settings.database): applied \(applied.map(String.init).joined(separator: ", ")); schema is at version \(version)")
            }
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
    }
}

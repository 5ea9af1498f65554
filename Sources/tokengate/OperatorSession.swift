import ArgumentParser
import Foundation
import TokenGate

/// Opens the configured database (applying pending migrations), builds the domain services and closes the
/// database afterwards: what every operator subcommand needs.
enum OperatorSession {
    static func run<Result: Sendable>(_ options: SharedOptions, _ body: @Sendable (TokenGateServices) async throws -> Result) async throws -> Result {
        let settings: Settings
        let secret: SigningSecret
        do {
            settings = try options.settings()
            secret = try SecretProvisioner.secret(for: settings)
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
        let logger = try options.logger(label: "tokengate.users")
        let database = try await DatabaseHandle.open(settings.database, logger: logger)
        do {
            try await Migrations.run(on: database.sql, logger: logger)
            let store = SQLStore(database: database.sql)
            let services = try await TokenGateServices.make(settings: settings, secret: secret, store: store, logger: logger)
            let result = try await body(services)
            try await database.close()
            return result
        } catch let error as TokenGate.ValidationError {
            try? await database.close()
            throw ValidationError(error.fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        } catch AccountError.emailTaken {
            try? await database.close()
            throw ValidationError("an account with this email address exists already")
        } catch {
            try? await database.close()
            throw error
        }
    }
}

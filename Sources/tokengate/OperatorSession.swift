import ArgumentParser
import Foundation
import TokenGate
import TokenGateSQL

/// Opens the configured database (applying pending migrations), builds the domain services and closes the
/// database afterwards: what every operator subcommand needs.
enum OperatorSession {
    static func run<Result: Sendable>(_ options: SharedOptions, _ body: @Sendable (TokenGateServices) async throws -> Result) async throws -> Result {
        let system = try await TokenGateSystem.open(settings: try options.settings(), logger: try options.logger(label: "tokengate.operator"))
        do {
            let result = try await body(system.services)
            await system.services.audit.flush()
            try await system.close()
            return result
        } catch let error as InvalidFields {
            try? await system.close()
            throw ValidationError(error.fields.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        } catch AccountError.emailTaken {
            try? await system.close()
            throw ValidationError("an account with this email address exists already")
        } catch {
            try? await system.close()
            throw error
        }
    }
}

extension TokenGateServices {
    /// The account with `email`; an unknown address is a usage error.
    func account(withEmail email: String) async throws -> User {
        guard let user = try await accounts.user(email: email) else { throw ValidationError("no account has the email address \(email)") }
        return user
    }
}

import ArgumentParser
import Foundation
import TokenGate

/// `tokengate users verify EMAIL`: marks an account's email address verified, as an operator who checked it another
/// way. Audited as `email_verified` by this command.
struct VerifyUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Mark an account's email address verified (no mail is sent)."
    )

    @OptionGroup var shared: SharedOptions

    @Argument(help: "The email address of the account.")
    var email: String

    func run() async throws {
        let user = try await apply()
        print("\(user.email) is verified")
    }

    /// Marks the address verified and returns the account after the change.
    func apply() async throws -> User {
        try await OperatorSession.run(shared) { services in
            let user = try await services.account(withEmail: email)
            let verified = try await services.lifecycle.markVerified(user.id)
            if !user.emailVerified {
                services.audit.record(.emailVerified, userID: user.id, detail: ["by": "tokengate users verify"])
            }
            return verified
        }
    }
}

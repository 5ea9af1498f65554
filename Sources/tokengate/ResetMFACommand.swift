import ArgumentParser
import Foundation
import TokenGate

/// `tokengate users reset-mfa EMAIL`: removes an account's second factor and recovery codes, for a user who lost
/// both. Audited as `mfa_disabled` by this command.
struct ResetMFA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-mfa",
        abstract: "Remove an account's second factor (TOTP and recovery codes), after checking who asks another way."
    )

    @OptionGroup var shared: SharedOptions

    @Argument(help: "The email address of the account.")
    var email: String

    func run() async throws {
        print(try await apply() ? "\(email) has no second factor any more" : "\(email) had no second factor")
    }

    /// Removes the factor; `false` when the account had none.
    func apply() async throws -> Bool {
        try await OperatorSession.run(shared) { services in
            let user = try await services.account(withEmail: email)
            guard try await services.mfa.reset(userID: user.id) else { return false }
            services.audit.record(.mfaDisabled, userID: user.id, detail: ["by": "tokengate users reset-mfa"])
            return true
        }
    }
}

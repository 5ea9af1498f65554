import ArgumentParser
import Foundation
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

@testable import tokengate

struct UsersCommandTests {
    private let folder = CommandFolder()
    private var common: [String] { folder.common }

    private func withEnvironment<T>(_ body: () async throws -> T) async rethrows -> T { try await folder.withEnvironment(body) }

    @Test func theFirstAdminIsMadeListedAndGivenRoles() async throws {
        try await withEnvironment {
            let admin = try await CreateUser.parse(common + ["--email", "root@example.com", "--name", "Root", "--role", "admin"])
                .create(password: "admin password 1")
            #expect(admin.roles == [.user, .admin])
            _ = try await CreateUser.parse(common + ["--email", "ada@example.com"]).create(password: "correct horse")

            let lines = try await ListUsers.parse(common).lines()
            #expect(lines.count == 2)
            #expect(lines.contains { $0.contains("root@example.com\tadmin,user\t") })
            #expect(lines.contains { $0.contains("ada@example.com\tuser\t") })

            let editor = try await SetRoles.parse(common + ["ada@example.com", "--set", "editor,admin"]).apply()
            #expect(editor.roles == [.user, .editor, .admin])
            let plain = try await SetRoles.parse(common + ["ADA@example.com", "--set", ""]).apply()
            #expect(plain.roles == [.user])
        }
    }

    @Test func badInputIsAUsageErrorAndChangesNothing() async throws {
        try await withEnvironment {
            await #expect(throws: (any Error).self) {
                try await CreateUser.parse(common + ["--email", "root@example.com", "--role", "root"]).create(password: "admin password 1")
            }
            await #expect(throws: (any Error).self) {
                try await CreateUser.parse(common + ["--email", "root@example.com"]).create(password: "short")
            }
            await #expect(throws: (any Error).self) {
                try await SetRoles.parse(common + ["nobody@example.com", "--set", "editor"]).apply()
            }
            let lines = try await ListUsers.parse(common).lines()
            #expect(lines.isEmpty)
        }
    }

    /// `tokengate users verify` marks the address verified once and audits it once; an unknown address is a usage error.
    @Test func verifyMarksTheAddressVerifiedAndIsAudited() async throws {
        try await withEnvironment {
            let ada = try await CreateUser.parse(common + ["--email", "ada@example.com"]).create(password: "correct horse")
            #expect(!ada.emailVerified)
            #expect(try await VerifyUser.parse(common + ["ADA@example.com"]).apply().emailVerified)
            #expect(try await VerifyUser.parse(common + ["ada@example.com"]).apply().emailVerified)
            let audit = try await AuditCommand.parse(common + ["--type", "email_verified"]).lines()
            #expect(audit.count == 1 && audit[0].contains("by=tokengate users verify"))
            await #expect(throws: (any Error).self) { try await VerifyUser.parse(common + ["nobody@example.com"]).apply() }
        }
    }

    /// `tokengate users reset-mfa` removes a confirmed factor (logins then ask no code) and audits it; without a
    /// factor it says so and writes nothing.
    @Test func resetMFARemovesTheSecondFactorAndIsAudited() async throws {
        try await withEnvironment {
            let ada = try await CreateUser.parse(common + ["--email", "ada@example.com"]).create(password: "correct horse")
            let enrolled = try await withStore(at: .sqliteFile(path: "\(folder.path)/db.sqlite")) { store in
                let pending = try await store.savePendingTOTP(userID: ada.id, sealedSecret: "sealed", now: Date())
                let confirmed = try await store.confirmTOTP(userID: ada.id, recoveryCodeHashes: ["h"], now: Date())
                return pending && confirmed
            }
            #expect(enrolled)
            #expect(try await ResetMFA.parse(common + ["ada@example.com"]).apply())
            #expect(try await !ResetMFA.parse(common + ["ada@example.com"]).apply())
            let factor = try await withStore(at: .sqliteFile(path: "\(folder.path)/db.sqlite")) { try await $0.totpFactor(userID: ada.id) }
            #expect(factor == nil)
            let audit = try await AuditCommand.parse(common + ["--type", "mfa_disabled"]).lines()
            #expect(audit.count == 1 && audit[0].contains("by=tokengate users reset-mfa"))
            await #expect(throws: (any Error).self) { try await ResetMFA.parse(common + ["nobody@example.com"]).apply() }
        }
    }

    @Test func thePasswordIsNeverAnArgument() {
        #expect(throws: (any Error).self) { try CreateUser.parse(["--email", "a@example.com", "--password", "secret123"]) }
    }
}

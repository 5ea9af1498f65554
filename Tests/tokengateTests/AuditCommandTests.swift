import ArgumentParser
import Foundation
import Testing
import TokenGate
import TokenGateTestSupport

@testable import tokengate

/// `tokengate audit`: the events an operator asks for, newest first.
struct AuditCommandTests {
    private let folder = CommandFolder()
    private var common: [String] { folder.common }

    private func withEnvironment<T>(_ body: () async throws -> T) async rethrows -> T { try await folder.withEnvironment(body) }

    @Test func eventsAreFilteredByUserTypeAndAgeNewestFirst() async throws {
        try await withEnvironment {
            let ada = try await CreateUser.parse(common + ["--email", "ada@example.com"]).create(password: "correct horse")
            _ = try await CreateUser.parse(common + ["--email", "bob@example.com"]).create(password: "correct horse")
            _ = try await SetRoles.parse(common + ["ada@example.com", "--set", "editor"]).apply()
            _ = try await SetRoles.parse(common + ["bob@example.com", "--set", "admin"]).apply()
            _ = try await SetRoles.parse(common + ["ada@example.com", "--set", ""]).apply()

            let adas = try await AuditCommand.parse(common + ["--user", "ADA@example.com"]).lines()
            #expect(adas.count == 2)
            #expect(adas.allSatisfy { $0.contains("\troles_changed\t\(ada.id.uuidString)\t") })
            #expect(adas.first?.hasSuffix("\tby=tokengate users roles roles=user") == true)
            #expect(adas.last?.hasSuffix("\tby=tokengate users roles roles=editor,user") == true)
            #expect(try await AuditCommand.parse(common + ["--type", "roles_changed", "--since", "1h"]).lines().count == 3)
            #expect(try await AuditCommand.parse(common + ["--type", "login_failed"]).lines().isEmpty)
            #expect(try await AuditCommand.parse(common + ["--limit", "1"]).lines().count == 1)
        }
    }

    @Test(arguments: [["--type", "everything"], ["--since", "yesterday"], ["--user", "nobody@example.com"], ["--limit", "0"]])
    func badFiltersAreUsageErrors(arguments: [String]) async throws {
        _ = await withEnvironment {
            await #expect(throws: ValidationError.self) { try await AuditCommand.parse(common + arguments).lines() }
        }
    }
}

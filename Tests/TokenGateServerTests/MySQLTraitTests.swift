import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

/// What a build without the `MySQL` trait does with a MySQL URL (CI checks the built `tokengate` the same way).
struct MySQLTraitTests {
    #if !MySQL
    @Test func aBuildWithoutTheTraitAnswersAMySQLURLWithHowToBuildIt() async throws {
        let location = try #require(DatabaseLocation(url: "mysql://app@127.0.0.1/tokengate"))
        await #expect(throws: ConfigurationError(DatabaseHandle.builtWithoutMySQL)) {
            try await DatabaseHandle.open(location, logger: quietLogger())
        }
        #expect(DatabaseHandle.builtWithoutMySQL.contains("swift build --traits MySQL"))
    }
    #else
    @Test func aBuildWithTheTraitOpensAMySQLURLWithoutConnecting() async throws {
        // The pool connects on first use: opening needs no server, and closing an unused pool works.
        let location = try #require(DatabaseLocation(url: "mysql://app@127.0.0.1:1/tokengate"))
        let handle = try await DatabaseHandle.open(location, logger: quietLogger())
        try await handle.close()
    }
    #endif
}

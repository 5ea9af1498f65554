import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

@testable import tokengate

/// `tokengate login`, `whoami` and `logout` against a live server, with the session in a scratch config folder.
struct SessionCommandsTests {
    @Test func loginKeepsASessionFileThatWhoamiUsesAndLogoutRemoves() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let environment = ["XDG_CONFIG_HOME": keys.folder + "/config", "HOME": keys.folder]
        let built = try await TokenGateApplication.build(settings: testSettings(), logger: quietLogger())
        try await built.application.test(.live) { server in
            let url = "http://127.0.0.1:\(try #require(server.port))"
            _ = try await built.services.accounts.register(email: "ada@example.com", password: "correct horse", name: "Ada")
            try await SharedOptions.$environment.withValue(environment) {
                let path = keys.folder + "/config/tokengate/session.json"
                #expect(SessionFile.path() == path)
                await #expect(throws: (any Error).self) {
                    try await LoginCommand.parse(["--server", url, "--email", "ada@example.com"]).login(password: "wrong horse")
                }
                #expect(!FileManager.default.fileExists(atPath: path))
                await #expect(throws: (any Error).self) { try await WhoAmICommand.parse([]).describe() }

                let user = try await LoginCommand.parse(["--server", url, "--email", "ada@example.com"]).login(password: "correct horse")
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                #expect(mode == 0o600)
                let line = try await WhoAmICommand.parse([]).describe()
                #expect(line == "ada@example.com (\(user.id.uuidString)), roles: user")

                let token = try #require(try FileTokenStore(path: path).load()).accessToken
                try await LogoutCommand.parse([]).logout()
                #expect(!FileManager.default.fileExists(atPath: path))
                let status = try await server.execute(uri: "/auth/status", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(status.status == .unauthorized)
            }
        }
    }
}

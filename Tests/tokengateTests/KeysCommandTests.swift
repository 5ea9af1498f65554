import ArgumentParser
import Foundation
import Testing
import TokenGate
import TokenGateTestSupport

@testable import tokengate

struct KeysCommandTests {
    /// Runs `body` with an environment that names a database in `keys`' folder and `variables`.
    private func withEnvironment<T>(_ keys: TestKeys, _ variables: [String: String], _ body: () async throws -> T) async throws -> T {
        let environment = ["TOKENGATE_DATABASE_URL": "sqlite://\(keys.folder)/db.sqlite", "LOG_LEVEL": "error"].merging(variables) { $1 }
        return try await SharedOptions.$environment.withValue(environment, operation: body)
    }

    @Test(arguments: ["RS256", "PS256", "ES256", "EdDSA"])
    func generateWritesAPrivateKeyOnlyItsOwnerReadsAndNeverOverwrites(alg: String) throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let path = keys.folder + "/\(alg).pem"
        let key = try GenerateKey.parse(["--alg", alg, "--out", path]).generate()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(key.algorithm.rawValue == alg && key.isPrivate)
        #expect(key.fingerprint == (try keys.publicKeyDigest(of: path)))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = #expect(throws: ConfigurationError.self) { try GenerateKey.parse(["--alg", alg, "--out", path]).generate() }
        #expect(error?.message.contains("exists already") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func generateRefusesHS256() throws {
        #expect(throws: ValidationError.self) { try GenerateKey.parse(["--alg", "HS256", "--out", "/tmp/never.pem"]).generate() }
    }

    @Test func listAndJWKSShowTheConfiguredKeys() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let active = try keys.make(.ed25519)
        let retired = try keys.make(.rsaPKCS1)
        let variables = ["TOKENGATE_JWT_PRIVATE_KEY_FILE": active, "TOKENGATE_JWT_VERIFY_KEY_FILES": retired]
        let lines = try await withEnvironment(keys, variables) { try await ListKeys.parse([]).lines() }
        let fields = lines.map { $0.split(separator: "\t").map(String.init) }
        #expect(fields.map { Array($0.prefix(1)) + Array($0[2...3]) } == [["active", "EdDSA", active], ["retired", "RS256", retired]])
        #expect(fields[1][4] == "sha256:" + (try keys.publicKeyDigest(of: retired)))
        #expect(fields[1].last?.hasPrefix("verifies until ") == true)

        let document = try await withEnvironment(keys, variables) { try await PrintKeySet.parse([]).document() }
        let set = try JSONDecoder().decode(PublicJWKSet.self, from: Data(document.utf8))
        #expect(set.keys.map(\.kid) == fields.map { $0[1] })
        #expect(set.keys.map(\.kty) == ["OKP", "RSA"])
    }

    @Test func serveStopsWithOneSentenceForAKeyItCannotUse() async throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let weak = try keys.make(.rsa1024)
        let error = await #expect(throws: ConfigurationError.self) {
            try await withEnvironment(keys, ["TOKENGATE_JWT_PRIVATE_KEY_FILE": weak, "TOKENGATE_ENV": "production"]) {
                try await ServeCommand.parse(["--port", "1"]).run()
            }
        }
        #expect(error?.message.contains("\(weak) is a 1024-bit RSA key") == true)
    }
}

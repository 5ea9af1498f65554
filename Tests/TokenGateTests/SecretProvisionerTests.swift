import Foundation
import Testing

@testable import TokenGate

struct SecretProvisionerTests {
    private func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "tokengate-secret-\(UUID().uuidString)"
    }

    @Test func productionRefusesToStartWithoutASecret() {
        var settings = Settings()
        settings.environment = .production
        #expect {
            try SecretProvisioner.secret(for: settings)
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("TOKENGATE_JWT_SECRET") == true
        }
    }

    @Test func productionRefusesAShortSecret() {
        var settings = Settings()
        settings.environment = .production
        settings.jwtSecret = SigningSecret(String(repeating: "x", count: 31))
        #expect(throws: ConfigurationError.self) { try SecretProvisioner.secret(for: settings) }
        settings.jwtSecret = SigningSecret(String(repeating: "x", count: 32))
        #expect(throws: Never.self) { try SecretProvisioner.secret(for: settings) }
    }

    @Test func developmentGeneratesAPrivateSecretOnceAndReusesIt() throws {
        var settings = Settings()
        settings.environment = .development
        settings.dataDirectory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: settings.dataDirectory) }

        let first = try SecretProvisioner.secret(for: settings)
        let second = try SecretProvisioner.secret(for: settings)
        #expect(first.bytes.count == 64)
        #expect(first.bytes == second.bytes)

        let path = settings.dataDirectory + "/" + SecretProvisioner.secretFileName
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func testingUsesAFreshRandomSecret() throws {
        var settings = Settings()
        settings.environment = .testing
        let first = try SecretProvisioner.secret(for: settings)
        let second = try SecretProvisioner.secret(for: settings)
        #expect(first.bytes.count == 32)
        #expect(first.bytes != second.bytes)
    }
}

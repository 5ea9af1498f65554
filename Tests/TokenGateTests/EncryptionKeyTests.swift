import Foundation
import Testing

@testable import TokenGate

/// `TOKENGATE_ENCRYPTION_KEY`: required in production, generated and kept in development, and what it seals opens
/// only with the same key and for the same owner.
struct EncryptionKeyTests {
    @Test func productionRefusesToStartWithoutAKey() {
        var settings = Settings()
        settings.environment = .production
        #expect {
            try EncryptionKey.provision(for: settings)
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("TOKENGATE_ENCRYPTION_KEY") == true
        }
    }

    @Test(arguments: ["", "abcd", String(repeating: "a", count: 63), String(repeating: "z", count: 64), "c2hvcnQ="])
    func aKeyThatIsNot32BytesIsRefused(text: String) {
        #expect(throws: ConfigurationError.self) { try Settings(environment: ["TOKENGATE_ENCRYPTION_KEY": text.isEmpty ? "x" : text]) }
    }

    @Test func hexAndBase64OfTheSameBytesAreTheSameKey() throws {
        let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
        let hex = try EncryptionKey.parse(bytes.map { String(format: "%02x", $0) }.joined(), source: "test")
        let base64 = try EncryptionKey.parse(Data(bytes).base64EncodedString(), source: "test")
        let sealed = try hex.seal("the secret", context: "owner")
        #expect(base64.open(sealed, context: "owner") == "the secret")
        #expect(base64.open(sealed, context: "someone else") == nil, "a sealed value is bound to its owner")
        let other = try EncryptionKey.parse(String(repeating: "ab", count: 32), source: "test")
        #expect(other.open(sealed, context: "owner") == nil)
        #expect(!sealed.contains("the secret") && "\(hex)" == "<redacted>")
    }

    @Test func developmentGeneratesAPrivateKeyOnceAndReusesIt() throws {
        var settings = Settings()
        settings.environment = .development
        settings.dataDirectory = NSTemporaryDirectory() + "tokengate-key-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: settings.dataDirectory) }
        let sealed = try EncryptionKey.provision(for: settings).seal("kept", context: "owner")
        #expect(try EncryptionKey.provision(for: settings).open(sealed, context: "owner") == "kept")
        let path = settings.dataDirectory + "/" + EncryptionKey.fileName
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }
}

import Foundation
import Testing
import TokenGateTestSupport

@testable import TokenGate

/// Key files as `openssl` and `ssh-keygen` write them: the ones TokenGate must read, and the ones it must refuse with
/// a sentence that names the file and the fix.
struct KeyFileTests {
    private func settings(signingKey: String, verifyKeys: [String] = [], algorithm: SigningAlgorithm? = nil) -> Settings {
        var settings = Settings()
        settings.jwtPrivateKeyFile = signingKey
        settings.jwtVerifyKeyFiles = verifyKeys
        settings.jwtAlgorithm = algorithm
        return settings
    }

    private func activeKey(_ settings: Settings) throws -> AsymmetricKey {
        guard case .asymmetric(let active, _) = try SigningKeys.load(for: settings) else { throw KeyTestFailure.notAsymmetric }
        return active
    }

    private enum KeyTestFailure: Error { case notAsymmetric }

    @Test(arguments: [
        (TestKeys.Kind.rsaPKCS8, SigningAlgorithm.rs256), (.rsaPKCS1, .rs256), (.rsaSSHKeygen, .rs256), (.p256PKCS8, .es256),
        (.p256SEC1, .es256), (.ed25519, .edDSA),
    ])
    func everyFormatOperatorsWriteLoadsWithTheAlgorithmOfItsKey(kind: TestKeys.Kind, algorithm: SigningAlgorithm) throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let path = try keys.make(kind)
        let key = try activeKey(settings(signingKey: path))
        #expect(key.algorithm == algorithm)
        #expect(key.isPrivate)
        #expect(key.file == path)
        #expect(key.fingerprint == (try keys.publicKeyDigest(of: path)))
        #expect(key.jwk.kid == key.keyID && key.jwk.use == "sig" && key.jwk.alg == algorithm.rawValue)
    }

    @Test func anRSAKeySignsPS256WhenAskedAndOtherAlgorithmsAreRefused() throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let rsa = try keys.make(.rsaPKCS8)
        #expect(try activeKey(settings(signingKey: rsa, algorithm: .ps256)).algorithm == .ps256)
        #expect(try activeKey(settings(signingKey: rsa, algorithm: .rs256)).algorithm == .rs256)
        let error = #expect(throws: ConfigurationError.self) { try SigningKeys.load(for: settings(signingKey: rsa, algorithm: .es256)) }
        #expect(error?.message.contains("TOKENGATE_JWT_ALGORITHM=ES256") == true)
        #expect(error?.message.contains(rsa) == true)
    }

    /// Each refusal names the setting and the file, and says what to do.
    @Test(arguments: [
        (TestKeys.Kind.rsa1024, "at least 2048 bits"), (.encryptedPKCS8, "encrypted"), (.encryptedPKCS1, "encrypted"),
        (.x25519, "not a key TokenGate reads"), (.p384, "P-256"), (.openSSH, "ssh-keygen -p -m PEM"), (.garbage, "not a key TokenGate reads"),
    ])
    func aKeyTokenGateMustNotUseStopsStartWithOneSentence(kind: TestKeys.Kind, fix: String) throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let path = try keys.make(kind)
        let error = #expect(throws: ConfigurationError.self) { try SigningKeys.load(for: settings(signingKey: path)) }
        let message = try #require(error?.message)
        #expect(message.hasPrefix("TOKENGATE_JWT_PRIVATE_KEY_FILE: \(path) "))
        #expect(message.contains(fix), "\(message)")
        #expect(!message.dropLast().contains("\n"))
    }

    @Test func aPublicKeyCannotSignButVerifiesAsARetiredKey() throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let old = try keys.make(.p256SEC1, name: "old")
        let publicOld = try keys.publicKey(of: old)
        let error = #expect(throws: ConfigurationError.self) { try SigningKeys.load(for: settings(signingKey: publicOld)) }
        #expect(error?.message.contains("holds a public key") == true)

        let rsaOld = try keys.make(.rsaPKCS1, name: "rsa-old")
        let retiredFiles = [publicOld, try keys.publicKey(of: rsaOld, pkcs1: true), try keys.make(.ed25519, name: "ed-old")]
        let loaded = try SigningKeys.load(for: settings(signingKey: try keys.make(.ed25519), verifyKeys: retiredFiles))
        guard case .asymmetric(_, let retired) = loaded else { throw KeyTestFailure.notAsymmetric }
        #expect(retired.map(\.algorithm) == [.es256, .rs256, .edDSA])
        #expect(retired.allSatisfy { !$0.isPrivate })
        #expect(retired[0].keyID == (try activeKey(settings(signingKey: old))).keyID)
    }

    @Test func aMissingFileAndAKeyListedTwiceAreRefused() throws {
        let keys = try TestKeys()
        defer { keys.remove() }
        let missing = keys.folder + "/nowhere.pem"
        let notThere = #expect(throws: ConfigurationError.self) { try SigningKeys.load(for: settings(signingKey: missing)) }
        #expect(notThere?.message.contains("\(missing) does not exist") == true)
        #expect(notThere?.message.contains("tokengate keys generate") == true)

        let active = try keys.make(.ed25519)
        let twice = #expect(throws: ConfigurationError.self) {
            try SigningKeys.load(for: settings(signingKey: active, verifyKeys: [try keys.publicKey(of: active)]))
        }
        #expect(twice?.message.contains("already configured") == true)
    }

    /// RFC 8037 §A.3: the thumbprint of its example Ed25519 key.
    @Test func theKeyIDIsTheRFC7638Thumbprint() {
        let jwk = PublicJWK.ed25519(x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        #expect(jwk.kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }
}

/// The keys a configuration names: the HS256 secret, or an asymmetric signing key and the retired keys that still
/// verify.
public enum SigningKeys: Sendable {
    /// HS256 with a shared secret.
    case hmac(SigningSecret)
    /// An asymmetric key that signs, and retired keys (public parts only) that verify.
    case asymmetric(active: AsymmetricKey, retired: [AsymmetricKey])

    /// Reads the keys `settings` name: the key files when ``Settings/jwtPrivateKeyFile`` is set, the secret otherwise.
    /// - Throws: ``ConfigurationError`` with one sentence naming the setting, the file and the fix.
    public static func load(for settings: Settings) throws -> SigningKeys {
        guard let file = settings.jwtPrivateKeyFile else { return .hmac(try SecretProvisioner.secret(for: settings)) }
        let activeSetting = "TOKENGATE_JWT_PRIVATE_KEY_FILE"
        let rsaAlgorithm: SigningAlgorithm = settings.jwtAlgorithm == .ps256 ? .ps256 : .rs256
        let active = try PEMKeyReader.signingKey(at: file, rsaAlgorithm: rsaAlgorithm, setting: activeSetting)
        if let wanted = settings.jwtAlgorithm, wanted != active.algorithm {
            throw ConfigurationError(
                "TOKENGATE_JWT_ALGORITHM=\(wanted.rawValue) does not fit \(file), which is a key for \(active.algorithm.rawValue); unset TOKENGATE_JWT_ALGORITHM to follow the key"
            )
        }
        // Retired RSA keys verify with the algorithm RSA keys sign with here: PS256 when asked for, RS256 otherwise.
        var seen: Set<String> = [active.keyID]
        var retired: [AsymmetricKey] = []
        for path in settings.jwtVerifyKeyFiles {
            let key = try PEMKeyReader.verificationKey(at: path, rsaAlgorithm: rsaAlgorithm, setting: "TOKENGATE_JWT_VERIFY_KEY_FILES")
            guard seen.insert(key.keyID).inserted else {
                throw ConfigurationError(
                    "TOKENGATE_JWT_VERIFY_KEY_FILES: \(path) holds a key that is already configured (the signing key, or another file of the list); list each retired key once"
                )
            }
            retired.append(key)
        }
        return .asymmetric(active: active, retired: retired)
    }
}

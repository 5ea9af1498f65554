/// The JWS algorithms TokenGate signs and verifies with; each key has exactly one.
public enum SigningAlgorithm: String, Sendable, CaseIterable, Codable {
    /// HMAC with SHA-256, keyed by the shared secret.
    case hs256 = "HS256"
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = "RS256"
    /// RSASSA-PSS with SHA-256.
    case ps256 = "PS256"
    /// ECDSA on P-256 with SHA-256.
    case es256 = "ES256"
    /// Ed25519.
    case edDSA = "EdDSA"

    /// Whether its keys are public/private pairs (every algorithm but HS256).
    public var isAsymmetric: Bool { self != .hs256 }
}

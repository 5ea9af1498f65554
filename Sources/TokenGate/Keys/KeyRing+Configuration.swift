public import Foundation

extension KeyRing {
    /// The ring of `keys`: each retired key's retirement is read from (or, the first time, recorded in) `store` (where
    /// a retirement of the signing key is forgotten), and
    /// it verifies until the longest token it could have signed has expired (the refresh token's lifetime and the
    /// clock-skew leeway of `settings`). The first start with a new signing key writes `key_rotated` to `audit`.
    public static func make(
        _ keys: SigningKeys,
        settings: Settings,
        store: any SigningKeyStore,
        now: Date,
        audit: AuditLog? = nil
    ) async throws -> KeyRing {
        switch keys {
        case .hmac(let secret):
            return try await .hmac(secret: secret)
        case .asymmetric(let active, let retired):
            let history = try await store.recordSigningKeys(active: active.keyID, retired: retired.map(\.keyID), now: now)
            if let replaced = history.replacedKeyID {
                audit?.record(.keyRotated, detail: ["kid": active.keyID, "algorithm": active.algorithm.rawValue, "replaced_kid": replaced])
            }
            return try await .asymmetric(
                active: active,
                retired: retired.map { ($0, history.retiredAt[$0.keyID] ?? now) },
                retention: settings.refreshTokenTTL + settings.leeway
            )
        }
    }
}

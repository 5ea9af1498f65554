public import Foundation

extension KeyRing {
    /// The ring of `keys`: each retired key's retirement is read from (or, the first time, recorded in) `store` (where
    /// a retirement of the signing key is forgotten), and
    /// it verifies until the longest token it could have signed has expired (the refresh token's lifetime and the
    /// clock-skew leeway of `settings`).
    public static func make(_ keys: SigningKeys, settings: Settings, store: any SigningKeyStore, now: Date) async throws -> KeyRing {
        switch keys {
        case .hmac(let secret):
            return try await .hmac(secret: secret)
        case .asymmetric(let active, let retired):
            let times = try await store.recordSigningKeys(active: active.keyID, retired: retired.map(\.keyID), now: now)
            return try await .asymmetric(
                active: active,
                retired: retired.map { ($0, times[$0.keyID] ?? now) },
                retention: settings.refreshTokenTTL + settings.leeway
            )
        }
    }
}

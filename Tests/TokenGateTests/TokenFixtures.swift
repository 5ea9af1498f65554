import Foundation
import TokenGateTestSupport

@testable import TokenGate

/// The issuer, the verifier and a fresh pair that the token tests share; issuer and audience are `tokengate`.
enum TokenFixtures {
    /// An issuer signing with `ring`: access tokens for 15 minutes, refresh tokens for a day.
    static func issuer(_ ring: KeyRing) -> TokenIssuer {
        TokenIssuer(keyRing: ring, issuer: "tokengate", audience: "tokengate", accessTokenTTL: .seconds(900), refreshTokenTTL: .seconds(86_400))
    }

    /// A verifier of `ring`'s tokens on `clock`'s time.
    static func verifier(_ ring: KeyRing, clock: ManualClock, leeway: Duration = .zero) -> TokenVerifier {
        TokenVerifier(keyRing: ring, issuer: "tokengate", audience: "tokengate", leeway: leeway, time: clock.source)
    }

    /// A pair issued now by `ring` for a new editor.
    static func pair(_ ring: KeyRing, clock: ManualClock) async throws -> (TokenPair, User) {
        let user = User(id: UUID(), email: "a@example.com", name: nil, roles: [.user, .editor], createdAt: clock.now)
        let pair = try await issuer(ring).issuePair(
            for: user,
            sessionID: UUID(),
            refreshTokenID: UUID(),
            refreshIssuedAt: clock.now,
            fresh: true,
            now: clock.now
        )
        return (pair, user)
    }
}

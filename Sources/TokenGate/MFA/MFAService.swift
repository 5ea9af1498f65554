public import Foundation

/// The TOTP second factor (API.md "Second factor: TOTP"): enrolment with a first code and ten recovery codes,
/// the second step of a login, and removal.
public struct MFAService: Sendable {
    /// How long the second step of a login may take.
    public static let challengeLifetime = 300
    /// Wrong codes that spend an `mfa_token`.
    public static let maximumFailures = 5

    private let store: any MFAStore
    private let key: EncryptionKey
    private let serviceName: String
    private let time: TimeSource

    /// The service over `store`, sealing secrets with `key`; authenticator apps show `serviceName`.
    public init(store: any MFAStore, key: EncryptionKey, serviceName: String, time: TimeSource) {
        self.store = store
        self.key = key
        self.serviceName = serviceName
        self.time = time
    }

    /// What a user needs to add the factor to an authenticator app.
    public struct Setup: Sendable, Equatable {
        /// The secret in base32.
        public let secret: String
        /// The `otpauth://totp/…` URI.
        public let uri: String
    }

    /// Starts (or restarts) enrolment: a new secret, pending until ``confirm(userID:code:)``.
    /// - Throws: ``MFAError/alreadyEnabled``.
    public func begin(for user: User) async throws -> Setup {
        let secret = TOTPSecret()
        let sealed = try key.seal(secret.key, context: user.id.uuidString)
        guard try await store.savePendingTOTP(userID: user.id, sealedSecret: sealed, now: time.now()) else { throw MFAError.alreadyEnabled }
        return Setup(secret: secret.base32, uri: secret.uri(account: user.email, issuer: serviceName))
    }

    /// Confirms the pending factor with a first code; returns the ten recovery codes, which are not kept in clear.
    /// - Throws: ``MFAError/invalidCode`` (also when nothing is pending), ``MFAError/alreadyEnabled``.
    public func confirm(userID: UUID, code: String) async throws -> [String] {
        guard let factor = try await store.totpFactor(userID: userID) else { throw MFAError.invalidCode }
        guard !factor.confirmed else { throw MFAError.alreadyEnabled }
        try await checkCode(code, of: factor, userID: userID)
        let codes = RecoveryCodes.make()
        guard try await store.confirmTOTP(userID: userID, recoveryCodeHashes: codes.map(RecoveryCodes.storedHash(of:)), now: time.now())
        else { throw MFAError.alreadyEnabled }
        return codes
    }

    /// Removes the factor after checking a current code.
    /// - Throws: ``MFAError/invalidCode``.
    public func disable(userID: UUID, code: String) async throws {
        guard let factor = try await store.totpFactor(userID: userID), factor.confirmed else { throw MFAError.invalidCode }
        try await checkCode(code, of: factor, userID: userID)
        _ = try await store.deleteTOTP(userID: userID)
    }

    /// Removes the factor without a code (an operator's recovery); `false` when there was none.
    public func reset(userID: UUID) async throws -> Bool {
        try await store.deleteTOTP(userID: userID)
    }

    /// Whether logins of the account need a second step.
    public func isEnabled(userID: UUID) async throws -> Bool {
        try await store.totpFactor(userID: userID)?.confirmed == true
    }

    /// Opens the second step of a login; returns the `mfa_token` that completes it.
    public func challenge(userID: UUID) async throws -> String {
        let token = LinkToken()
        let expiresAt = time.now().addingTimeInterval(TimeInterval(Self.challengeLifetime))
        try await store.createMFAChallenge(tokenHash: token.storedHash, userID: userID, expiresAt: expiresAt)
        return token.value
    }

    /// What completes a challenge.
    public enum Proof: Sendable {
        /// A code of the authenticator app.
        case code(String)
        /// One of the recovery codes.
        case recoveryCode(String)
    }

    /// Completes the second step with `proof`; returns the account, whose session may now start.
    ///
    /// A wrong proof counts against the token; the fifth spends it. A right one spends it too (a token logs in once).
    /// - Throws: ``MFAError/invalidChallenge``, ``MFAError/invalidCode``.
    public func complete(token: String, proof: Proof) async throws -> UUID {
        let hash = LinkToken.storedHash(of: token)
        guard let userID = try await store.mfaChallengeOwner(tokenHash: hash, now: time.now()) else { throw MFAError.invalidChallenge }
        do {
            switch proof {
            case .code(let code):
                guard let factor = try await store.totpFactor(userID: userID), factor.confirmed else { throw MFAError.invalidCode }
                try await checkCode(code, of: factor, userID: userID)
            case .recoveryCode(let code):
                guard try await store.useRecoveryCode(userID: userID, codeHash: RecoveryCodes.storedHash(of: code), now: time.now()) else {
                    throw MFAError.invalidCode
                }
            }
        } catch MFAError.invalidCode {
            if try await store.recordMFAFailure(tokenHash: hash) >= Self.maximumFailures {
                _ = try await store.deleteMFAChallenge(tokenHash: hash)
            }
            throw MFAError.invalidCode
        }
        guard try await store.deleteMFAChallenge(tokenHash: hash) == userID else { throw MFAError.invalidChallenge }
        return userID
    }

    /// Deletes expired challenges.
    public func purgeExpiredChallenges(now: Date) async throws {
        try await store.purgeMFAChallenges(before: now)
    }

    /// Accepts `code` when it is the code of the current step or a neighbour that has not been used (a replay, or an
    /// older code after a newer one, is refused).
    private func checkCode(_ code: String, of factor: StoredTOTP, userID: UUID) async throws {
        guard let key = key.open(factor.sealedSecret, context: userID.uuidString) else { throw MFAError.invalidCode }
        guard let step = TOTPSecret(key: key).matchingStep(of: code, at: time.now()),
            try await store.claimTOTPStep(userID: userID, step: step)
        else { throw MFAError.invalidCode }
    }
}

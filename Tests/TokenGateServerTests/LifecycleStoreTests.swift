import Foundation
import SQLKit
import Testing
import TokenGateTestSupport

@testable import TokenGate
@testable import TokenGateSQL

extension DatabaseSuites {
    /// The store's part of links and second factors, on each backend: each single-use thing is used once even when two
    /// callers race for it.
    @Suite struct LifecycleStoreTests {
        private let now = Date(timeIntervalSince1970: 1_800_000_000)

        private func user(_ store: SQLStore, _ email: String = "ada@example.com") async throws -> User {
            try await store.createUser(NewUser(id: UUID(), email: email, name: nil, passwordHash: "x", roles: [.user], createdAt: now))
        }

        @Test(arguments: StoreBackend.available)
        func aLinkIsReplacedByTheNextAndConsumedOnceBeforeItExpires(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let ada = try await user(store)
                let expiry = now.addingTimeInterval(60)
                try await store.replaceLinkToken(hash: "first", userID: ada.id, purpose: .passwordReset, expiresAt: expiry)
                try await store.replaceLinkToken(hash: "second", userID: ada.id, purpose: .passwordReset, expiresAt: expiry)
                try await store.replaceLinkToken(hash: "verify", userID: ada.id, purpose: .emailVerification, expiresAt: expiry)
                #expect(try await store.linkTokenOwner(hash: "first", purpose: .passwordReset, now: now) == nil)
                #expect(try await store.linkTokenOwner(hash: "verify", purpose: .passwordReset, now: now) == nil, "purposes do not mix")
                #expect(try await store.linkTokenOwner(hash: "second", purpose: .passwordReset, now: expiry) == nil, "expired")
                #expect(try await store.linkTokenOwner(hash: "second", purpose: .passwordReset, now: now) == ada.id)

                async let one = store.consumeLinkToken(hash: "second", purpose: .passwordReset, now: now)
                async let two = store.consumeLinkToken(hash: "second", purpose: .passwordReset, now: now)
                let winners = [try await one, try await two].compactMap { $0 }
                #expect(winners == [ada.id])
                #expect(try await store.consumeLinkToken(hash: "verify", purpose: .emailVerification, now: expiry) == nil)
                #expect(try await store.purgeLinkTokens(before: expiry) == 0, "the expired link was deleted when presented")

                let verified = try #require(try await store.markEmailVerified(userID: ada.id, at: now))
                #expect(verified.emailVerified)
                #expect(try await store.user(id: ada.id)?.emailVerified == true)
            }
        }

        @Test(arguments: StoreBackend.available)
        func aTOTPStepIsClaimedOnceAndAConfirmedFactorIsNotReplaced(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let ada = try await user(store)
                #expect(try await store.savePendingTOTP(userID: ada.id, sealedSecret: "one", now: now))
                #expect(try await store.savePendingTOTP(userID: ada.id, sealedSecret: "two", now: now), "a pending factor is replaced")
                #expect(try await store.totpFactor(userID: ada.id) == StoredTOTP(sealedSecret: "two", confirmed: false))
                #expect(try await store.confirmTOTP(userID: ada.id, recoveryCodeHashes: ["a", "b"], now: now))
                #expect(try await !store.savePendingTOTP(userID: ada.id, sealedSecret: "three", now: now))
                #expect(try await store.totpFactor(userID: ada.id) == StoredTOTP(sealedSecret: "two", confirmed: true))

                async let one = store.claimTOTPStep(userID: ada.id, step: 100)
                async let two = store.claimTOTPStep(userID: ada.id, step: 100)
                #expect([try await one, try await two].filter { $0 }.count == 1)
                #expect(try await !store.claimTOTPStep(userID: ada.id, step: 99), "an older code after a newer one")
                #expect(try await store.claimTOTPStep(userID: ada.id, step: 101))

                async let first = store.useRecoveryCode(userID: ada.id, codeHash: "a", now: now)
                async let second = store.useRecoveryCode(userID: ada.id, codeHash: "a", now: now)
                #expect([try await first, try await second].filter { $0 }.count == 1)
                #expect(try await store.deleteTOTP(userID: ada.id))
                #expect(try await !store.useRecoveryCode(userID: ada.id, codeHash: "b", now: now), "the codes went with the factor")
                #expect(try await store.totpFactor(userID: ada.id) == nil)
            }
        }

        @Test(arguments: StoreBackend.available)
        func aChallengeCountsFailuresAndEndsOnce(backend: StoreBackend) async throws {
            try await backend.withStore { store in
                let ada = try await user(store)
                try await store.createMFAChallenge(tokenHash: "c", userID: ada.id, expiresAt: now.addingTimeInterval(300))
                #expect(try await store.mfaChallengeOwner(tokenHash: "c", now: now) == ada.id)
                #expect(try await store.mfaChallengeOwner(tokenHash: "c", now: now.addingTimeInterval(300)) == nil)
                #expect(try await store.recordMFAFailure(tokenHash: "c") == 1)
                #expect(try await store.recordMFAFailure(tokenHash: "c") == 2)
                async let one = store.deleteMFAChallenge(tokenHash: "c")
                async let two = store.deleteMFAChallenge(tokenHash: "c")
                #expect([try await one, try await two].compactMap { $0 } == [ada.id])
            }
        }
    }
}

import Foundation
import Logging
import SQLKit
import Testing
import TokenGateTestSupport

@testable import TokenGate
@testable import TokenGateSQL

struct AccountServiceTests {
    @Test func emailsAreUniqueRegardlessOfCase() async throws {
        try await withServices { services, _ in
            _ = try await services.accounts.register(email: "Ada@Example.com", password: "correct horse", name: nil)
            await #expect(throws: AccountError.emailTaken) {
                try await services.accounts.register(email: "ada@example.COM", password: "other password", name: nil)
            }
            let user = try await services.accounts.authenticate(email: "ADA@EXAMPLE.COM", password: "correct horse")
            #expect(user.email == "Ada@Example.com")
            #expect(user.roles == [.user])
        }
    }

    @Test func validationReportsEveryBadField() async throws {
        try await withServices { services, _ in
            _ = await #expect {
                try await services.accounts.register(email: "nope", password: "short", name: "")
            } throws: { error in
                (error as? InvalidFields)?.fields.keys.sorted() == ["email", "name", "password"]
            }
        }
    }

    @Test func unknownEmailAndWrongPasswordFailAlike() async throws {
        try await withServices { services, _ in
            _ = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            await #expect(throws: AccountError.invalidCredentials) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "wrong horse")
            }
            await #expect(throws: AccountError.invalidCredentials) {
                try await services.accounts.authenticate(email: "nobody@example.com", password: "correct horse")
            }
        }
    }

    @Test func repeatedFailuresLockTheAddressUntilTheWindowPasses() async throws {
        let clock = ManualClock()
        var settings = testSettings()
        settings.loginMaximumFailures = 3
        settings.loginLockout = .seconds(60)
        try await withServices(settings: settings, clock: clock) { services, _ in
            _ = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            for _ in 0..<3 {
                await #expect(throws: AccountError.invalidCredentials) {
                    try await services.accounts.authenticate(email: "ada@example.com", password: "wrong horse")
                }
            }
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 60)) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse")
            }
            clock.advance(by: 60)
            _ = try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse")
        }
    }

    /// Failures from one address, against any accounts, lock that address; other addresses are not affected.
    @Test func anAddressThatFailsTooOftenIsRefusedForEveryAccount() async throws {
        let clock = ManualClock()
        var settings = testSettings()
        settings.loginMaximumFailures = 100
        settings.loginMaximumFailuresPerAddress = 3
        settings.loginLockout = .seconds(60)
        try await withServices(settings: settings, clock: clock) { services, _ in
            _ = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            for email in ["x@example.com", "y@example.com", "ada@example.com"] {
                await #expect(throws: AccountError.invalidCredentials) {
                    try await services.accounts.authenticate(email: email, password: "wrong horse", address: "203.0.113.9")
                }
            }
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 60)) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse", address: "203.0.113.9")
            }
            _ = try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse", address: "198.51.100.1")
            clock.advance(by: 60)
            _ = try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse", address: "203.0.113.9")
        }
    }

    /// An attacker who knows the email cannot lock its owner out: while the account is throttled, an address with no
    /// failure of its own may still log in (and one that then fails is refused like the rest).
    @Test func aThrottledAccountStillAdmitsAnAddressThatHasNotFailed() async throws {
        let clock = ManualClock()
        var settings = testSettings()
        settings.loginMaximumFailures = 3
        settings.loginLockout = .seconds(60)
        try await withServices(settings: settings, clock: clock) { services, _ in
            _ = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            for attacker in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
                await #expect(throws: AccountError.invalidCredentials) {
                    try await services.accounts.authenticate(email: "ada@example.com", password: "wrong horse", address: attacker)
                }
            }
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 60)) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse", address: "203.0.113.1")
            }
            await #expect(throws: AccountError.tooManyAttempts(retryAfter: 60)) {
                try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse")
            }
            // Ada, from home: in. A fresh attacker address gets one guess, then is refused too.
            _ = try await services.accounts.authenticate(email: "ada@example.com", password: "correct horse", address: "198.51.100.1")
            for attempt in 0..<3 {
                await #expect(throws: attempt == 0 ? AccountError.invalidCredentials : AccountError.tooManyAttempts(retryAfter: 60)) {
                    try await services.accounts.authenticate(email: "ada@example.com", password: "wrong horse", address: "203.0.113.4")
                }
            }
        }
    }

    @Test func migrationsRunOnceAndRecordTheirVersion() async throws {
        try await withStore { _ in }
        let logger = quietLogger()
        let database = try await DatabaseHandle.open(.sqliteMemory, logger: logger)
        let first = try await Migrations.run(on: database.sql, logger: logger)
        let second = try await Migrations.run(on: database.sql, logger: logger)
        let version = try await Migrations.currentVersion(on: database.sql)
        try await database.close()
        #expect(first == Migrations.all.map(\.version))
        #expect(second.isEmpty)
        #expect(version == Migrations.all.count)
    }

    @Test func aFileDatabaseUsesWriteAheadLoggingAndForeignKeys() async throws {
        let path = NSTemporaryDirectory() + "tokengate-\(UUID().uuidString)/db.sqlite"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let database = try await DatabaseHandle.open(.sqliteFile(path: path), logger: quietLogger())
        let journal = try await database.sql.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self)
        let foreignKeys = try await database.sql.raw("PRAGMA foreign_keys").first(decodingColumn: "foreign_keys", as: Int.self)
        let busyTimeout = try await database.sql.raw("PRAGMA busy_timeout").first(decodingColumn: "timeout", as: Int.self)
        try await database.close()
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(busyTimeout == 5_000)
    }
}

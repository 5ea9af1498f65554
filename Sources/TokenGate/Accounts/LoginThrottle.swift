public import Foundation

/// Limits failed logins per account and per client address, in counters every instance on the database shares.
///
/// Past either limit an attempt is refused before any password is checked. An account that has failed too often
/// still lets in an address that has not failed at all (its owner, elsewhere): an attacker who knows the email
/// cannot lock its owner out, and gets at most one guess per fresh address per window while the account is throttled.
public struct LoginThrottle: Sendable {
    /// Failures per account within ``window`` before the account is throttled.
    public let maximumPerAccount: Int
    /// Failures per address within ``window`` before the address is refused.
    public let maximumPerAddress: Int
    /// The window failures are counted in.
    public let window: TimeInterval
    private let store: any AttemptStore

    /// A throttle over `store`.
    public init(store: any AttemptStore, maximumPerAccount: Int, maximumPerAddress: Int, window: Duration) {
        self.store = store
        self.maximumPerAccount = maximumPerAccount
        self.maximumPerAddress = maximumPerAddress
        self.window = TimeInterval(window.wholeSeconds)
    }

    /// Whether a login may be tried now.
    public enum Verdict: Sendable, Equatable {
        /// Yes; a success forgets the account's failures.
        case allowed
        /// Yes, though the account is throttled: the address has not failed. A success leaves the account throttled.
        case allowedFromCleanAddress
        /// No, for this many seconds.
        case refused(retryAfter: Int)
    }

    /// Whether a login to `account` from `address` may be tried now.
    public func check(account: String, address: String?, now: Date) async throws -> Verdict {
        let addressFailures = try await address.asyncMap { try await live(Self.addressKey($0), now: now) }
        if let addressFailures, addressFailures.count >= maximumPerAddress { return .refused(retryAfter: retryAfter(addressFailures, now: now)) }
        guard let accountFailures = try await live(Self.accountKey(account), now: now), accountFailures.count >= maximumPerAccount else {
            return .allowed
        }
        if address != nil, addressFailures == nil { return .allowedFromCleanAddress }
        return .refused(retryAfter: retryAfter(accountFailures, now: now))
    }

    /// Counts a failed login to `account` from `address`.
    public func recordFailure(account: String, address: String?, now: Date) async throws {
        let expired = now.addingTimeInterval(-window)
        _ = try await store.countAttempt(key: Self.accountKey(account), now: now, expired: expired)
        if let address { _ = try await store.countAttempt(key: Self.addressKey(address), now: now, expired: expired) }
    }

    /// Forgets the failures of `account` after a successful login.
    public func reset(account: String) async throws {
        try await store.clearAttempts(key: Self.accountKey(account))
    }

    /// Deletes the counters whose window is over.
    public func purge(now: Date) async throws {
        try await store.purgeAttempts(expired: now.addingTimeInterval(-window))
    }

    /// The window of `key` when it is still running.
    private func live(_ key: String, now: Date) async throws -> AttemptWindow? {
        guard let counted = try await store.attempts(key: key), now.timeIntervalSince(counted.start) < window else { return nil }
        return counted
    }

    private func retryAfter(_ counted: AttemptWindow, now: Date) -> Int {
        max(1, Int(counted.start.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    static func accountKey(_ account: String) -> String { "login-failures:account:" + account }
    static func addressKey(_ address: String) -> String { "login-failures:address:" + address }
}

extension Optional {
    /// The value mapped by an asynchronous `transform`, or `nil`.
    func asyncMap<Result>(_ transform: (Wrapped) async throws -> Result?) async rethrows -> Result? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

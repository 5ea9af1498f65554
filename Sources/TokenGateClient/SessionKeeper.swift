import Foundation

/// Holds the session's tokens for a client and renews them with one refresh at a time: callers that need a new
/// access token while a refresh is in flight wait for that refresh instead of starting their own.
actor SessionKeeper {
    /// Spends a refresh token and returns the session's new tokens.
    typealias Refresh = @Sendable (StoredTokens) async throws(TokenGateClientError) -> StoredTokens

    private let store: any TokenStore
    private let refresh: Refresh
    private var tokens: StoredTokens?
    private var loaded = false
    private var refreshInFlight: Task<StoredTokens, any Error>?

    init(store: any TokenStore, refresh: @escaping Refresh) {
        self.store = store
        self.refresh = refresh
    }

    /// The stored tokens, read from the store on first use.
    func current() async throws(TokenGateClientError) -> StoredTokens? {
        if !loaded {
            do {
                let stored = try await store.load()
                if !loaded { tokens = stored }
                loaded = true
            } catch {
                throw .transport("The stored session could not be read: \(error).")
            }
        }
        return tokens
    }

    /// Stores `tokens` (`nil` forgets the session).
    func replace(with tokens: StoredTokens?) async throws(TokenGateClientError) {
        self.tokens = tokens
        loaded = true
        do {
            try await store.save(tokens)
        } catch {
            throw .transport("The session could not be stored: \(error).")
        }
    }

    /// Tokens whose access token is still valid for at least `margin`, refreshing first when it is not.
    func usable(margin: Duration) async throws(TokenGateClientError) -> StoredTokens {
        _ = try await current()
        if let refreshInFlight { return try await Self.value(of: refreshInFlight) }
        guard let tokens else { throw .noSession }
        if !tokens.needsRenewal(margin: margin) { return tokens }
        return try await startRefresh(of: tokens)
    }

    /// Tokens to retry with after the server refused `used` as expired: the ones a refresh made meanwhile, or the
    /// result of a new refresh.
    func renewed(after used: StoredTokens) async throws(TokenGateClientError) -> StoredTokens {
        _ = try await current()
        if let refreshInFlight { return try await Self.value(of: refreshInFlight) }
        guard let tokens else { throw .noSession }
        if tokens.accessToken != used.accessToken { return tokens }
        return try await startRefresh(of: tokens)
    }

    /// Forgets the session when it still holds `used` (the server said it is over).
    func end(_ used: StoredTokens) async throws(TokenGateClientError) {
        _ = try await current()
        if tokens?.refreshToken == used.refreshToken { try await replace(with: nil) }
    }

    private func startRefresh(of tokens: StoredTokens) async throws(TokenGateClientError) -> StoredTokens {
        let refresh = self.refresh
        let task = Task { () async throws -> StoredTokens in try await refresh(tokens) }
        refreshInFlight = task
        defer { refreshInFlight = nil }
        do throws(TokenGateClientError) {
            let renewed = try await Self.value(of: task)
            try await replace(with: renewed)
            return renewed
        } catch  where error.kind == .sessionExpired {
            try await replace(with: nil)
            throw error
        }
    }

    private static func value(of task: Task<StoredTokens, any Error>) async throws(TokenGateClientError) -> StoredTokens {
        do {
            return try await task.value
        } catch let error as TokenGateClientError {
            throw error
        } catch {
            throw .transport("The refresh failed: \(error).")
        }
    }
}

extension Duration {
    /// The duration in seconds, as Foundation counts time.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

/// `TokenGateClient` against a live server whose access tokens last 2 s, on a clock the test moves.
struct ClientSessionTests {
    private static func settings() -> Settings {
        var settings = testSettings()
        settings.accessTokenTTL = .seconds(2)
        return settings
    }

    /// Runs `body` with a live server on `clock`, a client of it, and the log of the server's store calls.
    private func withClientAndServer(
        clock: ManualClock = ManualClock(Date()),
        _ body: @escaping @Sendable (TokenGateClient, CallLog, any TestClientProtocol) async throws -> Void
    ) async throws {
        let log = CallLog()
        try await withApp(settings: Self.settings(), clock: clock, decorateStore: log.recording, testing: .live) { server, _ in
            let port = try #require(server.port)
            let client = TokenGateClient(baseURL: "http://127.0.0.1:\(port)", refreshMargin: .zero)
            try await body(client, log, server)
        }
    }

    private func refreshes(_ log: CallLog) -> Int { log.calls.filter { $0 == "rotateRefreshToken" }.count }

    @Test func anExpiredAccessTokenIsRenewedAndTheCallSentAgain() async throws {
        let clock = ManualClock(Date())
        try await withClientAndServer(clock: clock) { client, log, _ in
            let registered = try await client.register(email: "ada@example.com", password: "correct horse", name: "Ada")
            let before = try #require(try await client.storedTokens())
            #expect(try await client.me() == registered)
            #expect(refreshes(log) == 0)

            clock.advance(by: 3)
            #expect(try await client.me() == registered)
            #expect(refreshes(log) == 1)
            let after = try #require(try await client.storedTokens())
            #expect(after.accessToken != before.accessToken)
            #expect(after.refreshToken != before.refreshToken)
        }
    }

    @Test func fiftyCallsWithAnExpiredTokenShareOneRefresh() async throws {
        let clock = ManualClock(Date())
        try await withClientAndServer(clock: clock) { client, log, _ in
            try await client.register(email: "ada@example.com", password: "correct horse")
            clock.advance(by: 3)
            let users = try await withThrowingTaskGroup(of: User.self) { group in
                for _ in 0..<50 { group.addTask { try await client.me() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(users.count == 50)
            #expect(Set(users.map(\.email)) == ["ada@example.com"])
            #expect(refreshes(log) == 1)
        }
    }

    @Test func aTokenAboutToExpireIsRenewedBeforeTheCall() async throws {
        try await withApp(settings: Self.settings(), testing: .live) { server, _ in
            let port = try #require(server.port)
            // A margin longer than the token's life: renewal is due at half of it, so the second call renews.
            let store = MemoryTokenStore()
            let client = TokenGateClient(baseURL: "http://127.0.0.1:\(port)", tokenStore: store, refreshMargin: .seconds(30))
            try await client.register(email: "ada@example.com", password: "correct horse")
            var tokens = try #require(await store.load())
            tokens.receivedAt = tokens.receivedAt.addingTimeInterval(-1.5)
            tokens.accessTokenExpiresAt = tokens.accessTokenExpiresAt.addingTimeInterval(-1.5)
            await store.save(tokens)
            let fresh = TokenGateClient(baseURL: "http://127.0.0.1:\(port)", tokenStore: store, refreshMargin: .seconds(30))
            _ = try await fresh.me()
            #expect(await store.load()?.refreshToken != tokens.refreshToken)
        }
    }

    @Test func aReusedRefreshTokenEndsTheSessionAsSessionExpired() async throws {
        let clock = ManualClock(Date())
        try await withClientAndServer(clock: clock) { client, _, server in
            try await client.register(email: "ada@example.com", password: "correct horse")
            let stolen = try #require(try await client.storedTokens()).refreshToken
            // Someone else spends the client's refresh token first; past the reuse interval the client's own
            // refresh is reuse.
            let theft = try await server.post("/auth/refresh", json: #"{"refresh_token": "\#(stolen)"}"#)
            #expect(theft.status == .ok)
            clock.advance(by: 11)
            #expect(await failure { () async throws(TokenGateClientError) in try await client.me() }?.kind == .sessionExpired)
            #expect(try await client.storedTokens() == nil)
        }
    }

    @Test func aRefreshTheServerCannotServeKeepsTheSession() async throws {
        let clock = ManualClock(Date())
        let databaseDown = Mutex(false)
        let store: @Sendable (any TokenGateStore) -> any TokenGateStore = { base in
            ForwardingStore(base: base) { call in
                if call == "rotateRefreshToken", databaseDown.withLock({ $0 }) { throw StoreError.unavailable }
            }
        }
        try await withApp(settings: Self.settings(), clock: clock, decorateStore: store, testing: .live) { server, _ in
            let client = TokenGateClient(baseURL: "http://127.0.0.1:\(try #require(server.port))", refreshMargin: .zero)
            try await client.register(email: "ada@example.com", password: "correct horse")
            let kept = try await client.storedTokens()
            clock.advance(by: 3)
            databaseDown.withLock { $0 = true }
            let failure = await failure { () async throws(TokenGateClientError) in try await client.me() }
            #expect(failure?.kind == .server(status: 503))
            #expect(failure?.code == "database_unavailable")
            #expect(try await client.storedTokens() == kept)
            databaseDown.withLock { $0 = false }
            #expect(try await client.me().email == "ada@example.com")
        }
    }

    @Test func anUnreachableServerIsTransportAndKeepsTheSession() async throws {
        let kept = MemoryTokenStore()
        let livePort = Mutex(0)
        try await withApp(settings: Self.settings(), testing: .live) { server, _ in
            let port = try #require(server.port)
            livePort.withLock { $0 = port }
            let client = TokenGateClient(baseURL: "http://127.0.0.1:\(port)", tokenStore: kept)
            try await client.register(email: "ada@example.com", password: "correct horse")
        }
        let stored = try #require(await kept.load())
        let port = livePort.withLock { $0 }
        let client = TokenGateClient(baseURL: "http://127.0.0.1:\(port)", tokenStore: kept, timeout: .seconds(1))
        #expect(await failure { () async throws(TokenGateClientError) in try await client.me() }?.kind == .transport)
        #expect(await kept.load() == stored)
    }
}

/// The error `call` fails with, or `nil` when it succeeds.
func failure<T>(of call: () async throws(TokenGateClientError) -> T) async -> TokenGateClientError? {
    do {
        _ = try await call()
        return nil
    } catch {
        return error
    }
}

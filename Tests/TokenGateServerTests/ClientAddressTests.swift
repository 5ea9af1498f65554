import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// The client address sessions and the audit log record: `X-Forwarded-For` counts only from a trusted proxy.
struct ClientAddressTests {
    struct Sessions: Decodable {
        struct Entry: Decodable {
            let ip: String?
            let current: Bool
        }
        let sessions: [Entry]
    }

    /// Logs in over a real socket from 127.0.0.1 with `forwardedFor`, and answers the address the session recorded.
    private func recordedAddress(trusting trusted: String, forwardedFor: String) async throws -> String? {
        var settings = testSettings()
        settings.trustedProxies = try TrustedProxies.parse(trusted)
        let address = Mutex<String?>(nil)
        try await withApp(settings: settings, testing: .live) { client, _ in
            _ = try await client.register(email: "ada@example.com", password: "correct horse")
            let login = try await client.execute(
                uri: "/auth/login",
                method: .post,
                headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: forwardedFor],
                body: ByteBuffer(string: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            )
            let token = try login.decode(SessionBody.self).accessToken
            let sessions = try await client.send(.get, "/auth/sessions", bearer: token).decode(Sessions.self)
            address.withLock { $0 = sessions.sessions.first { $0.current }?.ip }
        }
        return address.withLock { $0 }
    }

    @Test func aForwardedForHeaderFromAnUntrustedPeerIsIgnored() async throws {
        #expect(try await recordedAddress(trusting: "", forwardedFor: "203.0.113.9") == "127.0.0.1")
        #expect(try await recordedAddress(trusting: "10.0.0.0/8", forwardedFor: "203.0.113.9") == "127.0.0.1")
    }

    @Test func aTrustedProxyNamesTheClient() async throws {
        #expect(try await recordedAddress(trusting: "127.0.0.1", forwardedFor: "1.2.3.4, 203.0.113.9") == "203.0.113.9")
        #expect(try await recordedAddress(trusting: "127.0.0.1, 203.0.113.0/24", forwardedFor: "198.51.100.7, 203.0.113.9") == "198.51.100.7")
    }
}

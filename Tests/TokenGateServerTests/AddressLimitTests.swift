import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// Registrations and refreshes are limited per client address (issue #12 point 3), over a real socket so that the
/// server knows the address.
struct AddressLimitTests {
    private func register(_ client: some TestClientProtocol, _ email: String, from forwarded: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let forwarded { headers[HTTPField.Name("X-Forwarded-For")!] = forwarded }
        return try await client.execute(
            uri: "/auth/register",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: #"{"email": "\#(email)", "password": "correct horse"}"#)
        )
    }

    @Test func registrationsPastTheLimitOfAnAddressAre429AndOtherAddressesGoOn() async throws {
        var settings = testSettings()
        settings.registrationsPerAddress = 2
        settings.trustedProxies = try TrustedProxies.parse("127.0.0.1")
        try await withApp(settings: settings, testing: .live) { client, _ in
            #expect(try await register(client, "a@example.com").status == .created)
            #expect(try await register(client, "b@example.com").status == .created)
            let refused = try await register(client, "c@example.com")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.error?.error == "too_many_attempts")
            #expect(refused.headers[.retryAfter].flatMap(Int.init).map { (1...900).contains($0) } == true)
            // The refused registration made no account; another client (named by the trusted proxy) still registers.
            #expect(try await register(client, "c@example.com", from: "203.0.113.9").status == .created)
        }
    }

    @Test func refreshesPastTheLimitOfAnAddressAre429() async throws {
        var settings = testSettings()
        settings.refreshesPerAddress = 2
        try await withApp(settings: settings, testing: .live) { client, _ in
            var token = try await client.register().refreshToken
            for _ in 0..<2 {
                let renewed = try await client.send(.post, "/auth/refresh", bearer: token)
                #expect(renewed.status == .ok)
                token = try renewed.decode(TokenPairBody.self).refreshToken
            }
            let refused = try await client.send(.post, "/auth/refresh", bearer: token)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
        }
    }
}

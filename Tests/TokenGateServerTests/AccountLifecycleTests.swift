import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateServer

/// Email verification and password reset over HTTP (issue #13 point 1), with the mails caught by a recorder.
struct AccountLifecycleTests {
    private struct UserEnvelope: Decodable {
        struct User: Decodable {
            let email_verified: Bool
        }
        let user: User
    }

    /// The byte count of base64url `text`.
    private func decodedLength(_ text: String) -> Int? {
        guard !text.contains("="), !text.contains("+"), !text.contains("/") else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)?.count
    }

    private func verified(_ response: TestResponse) throws -> Bool {
        try JSONDecoder().decode(UserEnvelope.self, from: Data(response.body.readableBytesView)).user.email_verified
    }

    @Test func aVerificationLinkWorksOnceAndMarksTheAddressVerified() async throws {
        let mail = MailRecorder()
        var settings = testSettings()
        settings.mail.publicURL = URL(string: "https://auth.example.com")
        settings.mail.serviceName = "Example Books"
        try await withApp(settings: settings, mailTransport: mail) { client, services in
            let ada = try await client.register()
            #expect(try verified(try await client.send(.get, "/auth/status", bearer: ada.accessToken)) == false)

            let asked = try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken)
            #expect(asked.status == .accepted)
            await services.mail?.flush()
            let message = try #require(mail.delivered.last)
            #expect(message.to == "ada@example.com" && message.purpose == .emailVerification)
            #expect(message.link.hasPrefix("https://auth.example.com/verify-email?token="))
            #expect(message.subject.contains("Example Books") && message.text.contains(message.link))
            let token = try #require(mail.lastToken)
            #expect(decodedLength(token) == 32, "256 random bits, base64url")

            let followed = try await client.post("/auth/email/verify", json: #"{"token": "\#(token)"}"#)
            #expect(followed.status == .ok)
            #expect(try verified(followed))
            #expect(try verified(try await client.send(.get, "/auth/status", bearer: ada.accessToken)))
            let again = try await client.post("/auth/email/verify", json: #"{"token": "\#(token)"}"#)
            #expect(again.status == .badRequest && again.error?.error == "invalid_link")
            let more = try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken)
            #expect(more.status == .conflict && more.error?.error == "already_verified")

            await services.audit.flush()
            let events = try await services.audit.events(matching: AuditFilter(kind: .emailVerified), page: PageRequest(limit: 5)).items
            #expect(events.map(\.userID) == [ada.user.id])
        }
    }

    @Test func aNewRequestReplacesTheEarlierLinkAndALinkExpiresAfter24Hours() async throws {
        let mail = MailRecorder()
        let clock = ManualClock(Date())
        try await withApp(clock: clock, mailTransport: mail) { client, services in
            let ada = try await client.register()
            for _ in 0..<2 {
                #expect(try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken).status == .accepted)
                await services.mail?.flush()
            }
            let tokens = mail.delivered.compactMap { MailRecorder.token(in: $0.link) }
            #expect(tokens.count == 2 && tokens[0] != tokens[1])
            let first = try await client.post("/auth/email/verify", json: #"{"token": "\#(tokens[0])"}"#)
            #expect(first.error?.error == "invalid_link", "the earlier link was replaced")

            clock.advance(by: 24 * 3_600 + 1)
            let late = try await client.post("/auth/email/verify", json: #"{"token": "\#(tokens[1])"}"#)
            #expect(late.status == .badRequest && late.error?.error == "invalid_link")
            for bad in [#"{"token": "nope"}"#, #"{"token": ""}"#, "{}"] {
                let response = try await client.post("/auth/email/verify", json: bad)
                #expect([400, 422].contains(response.status.code), "\(bad)")
            }
        }
    }

    @Test func aResetLinkChangesThePasswordRevokesEverySessionAndWorksOnce() async throws {
        let mail = MailRecorder()
        try await withApp(mailTransport: mail) { client, services in
            let first = try await client.register()
            let second = try await client.login()
            #expect(try await client.post("/auth/password/reset/request", json: #"{"email": " ADA@example.com"}"#).status == .accepted)
            await services.mail?.flush()
            let message = try #require(mail.delivered.last)
            #expect(message.purpose == .passwordReset && message.link.contains("/reset-password?token="))
            #expect(message.expiresAt.timeIntervalSinceNow > 29 * 60 && message.expiresAt.timeIntervalSinceNow <= 30 * 60)
            let token = try #require(mail.lastToken)

            let weak = try await client.post("/auth/password/reset", json: #"{"token": "\#(token)", "new_password": "password"}"#)
            #expect(weak.status == .unprocessableContent && weak.error?.fields?["new_password"] != nil)
            let reset = try await client.post("/auth/password/reset", json: #"{"token": "\#(token)", "new_password": "battery staple"}"#)
            #expect(reset.status == .ok, "a refused password keeps the link")

            for session in [first, second] {
                #expect(try await client.send(.get, "/auth/status", bearer: session.accessToken).error?.error == "token_revoked")
                #expect(try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).status == .unauthorized)
            }
            let old = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(old.status == .unauthorized)
            let renewed = try await client.login(password: "battery staple")
            #expect(renewed.user.id == first.user.id)
            #expect(try verified(try await client.send(.get, "/auth/status", bearer: renewed.accessToken)), "the link reached the address")
            let replay = try await client.post("/auth/password/reset", json: #"{"token": "\#(token)", "new_password": "another password"}"#)
            #expect(replay.status == .badRequest && replay.error?.error == "invalid_link")

            await services.audit.flush()
            let events = try await services.audit.events(matching: AuditFilter(kind: .passwordReset), page: PageRequest(limit: 5)).items
            #expect(events.map(\.userID) == [first.user.id])
            #expect(events.first?.detail == ["sessions_revoked": "2"])
        }
    }

    /// The answer does not tell whether the account exists: same status, same bytes, and no mail for an unknown one.
    @Test func aResetRequestAnswersTheSameForAnUnknownAddress() async throws {
        let mail = MailRecorder()
        try await withApp(mailTransport: mail) { client, services in
            _ = try await client.register()
            let known = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
            let unknown = try await client.post("/auth/password/reset/request", json: #"{"email": "nobody@example.com"}"#)
            let notAnAddress = try await client.post("/auth/password/reset/request", json: #"{"email": "not an address"}"#)
            await services.mail?.flush()
            #expect(known.status == .accepted && unknown.status == .accepted && notAnAddress.status == .accepted)
            #expect(known.body == unknown.body && unknown.body == notAnAddress.body)
            #expect(mail.delivered.map(\.to) == ["ada@example.com"])
            #expect(try await client.post("/auth/password/reset/request", json: "{}").status == .unprocessableContent)
        }
    }

    @Test func aResetLinkExpiresAfter30Minutes() async throws {
        let mail = MailRecorder()
        let clock = ManualClock(Date())
        try await withApp(clock: clock, mailTransport: mail) { client, services in
            _ = try await client.register()
            #expect(try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#).status == .accepted)
            await services.mail?.flush()
            let token = try #require(mail.lastToken)
            clock.advance(by: 30 * 60 + 1)
            let late = try await client.post("/auth/password/reset", json: #"{"token": "\#(token)", "new_password": "battery staple"}"#)
            #expect(late.error?.error == "invalid_link")
            _ = try await client.login()
        }
    }

    @Test func requiringAVerifiedAddressRefusesTheLoginOfAnUnverifiedAccount() async throws {
        let mail = MailRecorder()
        var settings = testSettings()
        settings.mail.requireVerifiedEmail = true
        try await withApp(settings: settings, mailTransport: mail) { client, services in
            let ada = try await client.register()
            let refused = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(refused.status == .forbidden && refused.error?.error == "email_not_verified")
            let wrong = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "wrong password"}"#)
            #expect(wrong.status == .unauthorized, "a wrong password does not learn the account's state")
            #expect(try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken).status == .accepted)
            await services.mail?.flush()
            let token = try #require(mail.lastToken)
            #expect(try await client.post("/auth/email/verify", json: #"{"token": "\#(token)"}"#).status == .ok)
            _ = try await client.login()
        }
    }

    @Test func withoutAWayToSendMailInProductionTheFourEndpointsAnswer501() async throws {
        var settings = testSettings()
        settings.environment = .production
        settings.encryptionKey = try EncryptionKey.parse(String(repeating: "ab", count: 32), source: "test")
        try await withApp(settings: settings) { client, services in
            #expect(services.mail == nil)
            let ada = try await client.register()
            let answers = [
                try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken),
                try await client.post("/auth/email/verify", json: #"{"token": "abc"}"#),
                try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#),
                try await client.post("/auth/password/reset", json: #"{"token": "abc", "new_password": "battery staple"}"#),
            ]
            for answer in answers {
                #expect(answer.status == .notImplemented && answer.error?.error == "mail_not_configured")
            }
        }
    }

    @Test func resetRequestsAreLimitedPerAddress() async throws {
        var settings = testSettings()
        settings.mail.requestsPerAddress = 2
        try await withApp(settings: settings, mailTransport: MailRecorder(), testing: .live) { client, _ in
            for _ in 0..<2 {
                #expect(try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#).status == .accepted)
            }
            let refused = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
        }
    }
}

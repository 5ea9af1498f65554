import ExtrasBase64
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Synchronization
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

@testable import TokenGateServer

/// Issue #13's "done means": after every flow of the account lifecycle, no log line and no audit row holds a password,
/// code, recovery code, TOTP secret, `mfa_token`, link token or session token, and a mail holds no secret but the one
/// link token it exists to deliver.
struct LifecycleSecretsTests {
    @Test func noLogLineAuditRowOrMailHoldsASecretItShouldNot() async throws {
        let capture = LogCapture()
        let mail = MailRecorder()
        let clock = ManualClock(Date())
        let store = KeptStore()
        try await withApp(clock: clock, logger: capture.logger(), decorateStore: store.decorate, mailTransport: mail) { client, services in
            var secrets = ["correct horse", "battery staple", "third password"]
            let ada = try await client.register()
            secrets += [ada.accessToken, ada.refreshToken]
            // Verification.
            _ = try await client.send(.post, "/auth/email/verify/request", bearer: ada.accessToken)
            await services.mail?.flush()
            let verifyToken = try #require(mail.lastToken)
            #expect(try await client.post("/auth/email/verify", json: #"{"token": "\#(verifyToken)"}"#).status == .ok)
            // Reset.
            _ = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
            await services.mail?.flush()
            let resetToken = try #require(mail.lastToken)
            let reset = #"{"token": "\#(resetToken)", "new_password": "battery staple"}"#
            #expect(try await client.post("/auth/password/reset", json: reset).status == .ok)
            secrets += [verifyToken, resetToken]
            // Second factor: enrol, log in with a code and with a recovery code, remove.
            let session = try await client.login(password: "battery staple")
            secrets += [session.accessToken, session.refreshToken]
            let setup = try await client.send(.post, "/auth/mfa/totp", bearer: session.accessToken)
            let setupBody = try #require(try JSONSerialization.jsonObject(with: Data(setup.body.readableBytesView)) as? [String: String])
            let secret = try #require(setupBody["secret"])
            let key = String(decoding: try secret.base32decoded(), as: UTF8.self)
            secrets += [secret, key]
            var codes: [String] = []
            let confirmCode = try MFATests.code(secret, at: clock.now)
            let confirmed = try await client.send(.post, "/auth/mfa/totp/confirm", bearer: session.accessToken, json: #"{"code": "\#(confirmCode)"}"#)
            let recovery = try #require(try JSONSerialization.jsonObject(with: Data(confirmed.body.readableBytesView)) as? [String: [String]])
            codes.append(confirmCode)
            let challenge = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(
                        try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "battery staple"}"#).body
                            .readableBytesView
                    )
                ) as? [String: Any]
            )
            let mfaToken = try #require(challenge["mfa_token"] as? String)
            clock.advance(by: 30)
            let loginCode = try MFATests.code(secret, at: clock.now)
            codes.append(loginCode)
            let second = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(mfaToken)", "code": "\#(loginCode)"}"#)
            let mfaSession = try second.decode(SessionBody.self)
            let recoveryCode = try #require(recovery["recovery_codes"]?.first)
            let third = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "battery staple"}"#)
            let thirdToken =
                try #require(try JSONSerialization.jsonObject(with: Data(third.body.readableBytesView)) as? [String: Any])["mfa_token"] as? String
            #expect(
                try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(thirdToken ?? "")", "recovery_code": "\#(recoveryCode)"}"#).status
                    == .ok
            )
            clock.advance(by: 30)
            let removeCode = try MFATests.code(secret, at: clock.now)
            codes.append(removeCode)
            #expect(
                try await client.send(.delete, "/auth/mfa/totp", bearer: mfaSession.accessToken, json: #"{"code": "\#(removeCode)"}"#).status
                    == .noContent
            )
            secrets += [mfaToken, thirdToken ?? "", mfaSession.accessToken, mfaSession.refreshToken] + codes + (recovery["recovery_codes"] ?? [])
            await services.audit.flush()

            let database = try store.database()
            let rows = try await database.raw("SELECT type, user_id, session_id, actor_id, ip, user_agent, detail FROM audit_events").all()
            let columns = ["type", "user_id", "session_id", "actor_id", "ip", "user_agent", "detail"]
            let texts = try rows.flatMap { row in
                try columns.compactMap { try row.decodeNil(column: $0) ? nil : row.decode(column: $0, as: String.self) }
            }
            let kinds = Set(try rows.map { try $0.decode(column: "type", as: String.self) })
            #expect(kinds.isSuperset(of: ["email_verified", "password_reset", "mfa_enabled", "mfa_disabled", "login_succeeded"]))
            #expect(capture.all.contains { $0.contains("/auth/login/mfa") }, "the request log ran")
            for text in texts + capture.all {
                for secret in secrets where !secret.isEmpty { #expect(!text.contains(secret), "a secret in \(text.prefix(120))") }
            }
            // Each mail holds its own link's token, and none of the other secrets.
            for message in mail.delivered {
                let own = try #require(MailRecorder.token(in: message.link))
                let mailText = [message.to, message.link, message.subject, message.text].joined(separator: "\n")
                for secret in secrets where !secret.isEmpty && secret != own { #expect(!mailText.contains(secret), "a secret in a mail") }
            }
        }
    }
}

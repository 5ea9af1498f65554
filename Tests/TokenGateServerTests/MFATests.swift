import ExtrasBase64
import Foundation
import HTTPTypes
import HummingbirdOTP
import HummingbirdTesting
import SQLKit
import Synchronization
import Testing
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

@testable import TokenGateServer

/// The TOTP second factor over HTTP (issue #13 point 3). Codes are made the way an authenticator app makes them: from
/// the base32 secret the server returned, at the services' (manual) clock.
struct MFATests {
    private struct SetupBody: Decodable {
        let secret: String
        let otpauth_uri: String
    }

    private struct CodesBody: Decodable {
        let recovery_codes: [String]
    }

    private struct ChallengeBody: Decodable {
        let mfa_required: Bool
        let mfa_token: String
        let expires_in: Int
    }

    private struct Claims: Decodable {
        let amr: [String]?
        let fresh: Bool
    }

    /// The code of `secret` (base32) at `date`.
    static func code(_ secret: String, at date: Date) throws -> String {
        let key = try secret.base32decoded()
        let code = TOTP(secret: String(decoding: key, as: UTF8.self)).compute(date: date)
        return String(repeating: "0", count: 6 - String(code).count) + String(code)
    }

    private func claims(_ token: String) throws -> Claims {
        try JSONDecoder().decode(Claims.self, from: tokenSegment(token, 1))
    }

    /// Registers Ada and enrols her; returns her session, the secret and the recovery codes.
    private func enrol(_ client: some TestClientProtocol, clock: ManualClock) async throws -> (SessionBody, String, [String]) {
        let ada = try await client.register()
        let setup = try await client.send(.post, "/auth/mfa/totp", bearer: ada.accessToken)
        #expect(setup.status == .ok)
        let body = try setup.decode(SetupBody.self)
        let wrong = try await client.send(.post, "/auth/mfa/totp/confirm", bearer: ada.accessToken, json: #"{"code": "000000"}"#)
        #expect(wrong.status == .unprocessableContent && wrong.error?.error == "invalid_code")
        let code = try Self.code(body.secret, at: clock.now)
        let confirmed = try await client.send(.post, "/auth/mfa/totp/confirm", bearer: ada.accessToken, json: #"{"code": "\#(code)"}"#)
        #expect(confirmed.status == .ok)
        return (ada, body.secret, try confirmed.decode(CodesBody.self).recovery_codes)
    }

    /// Logs in with a password and returns the `mfa_token` of the second step.
    private func firstStep(_ client: some TestClientProtocol) async throws -> String {
        let response = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
        #expect(response.status == .ok)
        let body = try response.decode(ChallengeBody.self)
        #expect(body.mfa_required && body.expires_in == 300)
        #expect(!response.text.contains("access_token"))
        return body.mfa_token
    }

    @Test func enrolmentReturnsASecretAnOtpauthURIAndTenRecoveryCodesOnce() async throws {
        let clock = ManualClock(Date())
        var settings = testSettings()
        settings.mail.serviceName = "Example Books"
        try await withApp(settings: settings, clock: clock) { client, _ in
            let ada = try await client.register()
            let setup = try await client.send(.post, "/auth/mfa/totp", bearer: ada.accessToken).decode(SetupBody.self)
            let uri = try #require(URLComponents(string: setup.otpauth_uri))
            #expect(uri.scheme == "otpauth" && uri.host == "totp")
            #expect(uri.queryItems?.first { $0.name == "secret" }?.value == setup.secret)
            #expect(uri.queryItems?.first { $0.name == "issuer" }?.value == "Example Books")
            #expect(uri.path.contains("ada@example.com"))
            #expect(try setup.secret.base32decoded().count >= 20, "at least 160 bits of key")

            let code = try Self.code(setup.secret, at: clock.now)
            let confirmed = try await client.send(.post, "/auth/mfa/totp/confirm", bearer: ada.accessToken, json: #"{"code": "\#(code)"}"#)
            let codes = try confirmed.decode(CodesBody.self).recovery_codes
            #expect(codes.count == 10 && Set(codes).count == 10)
            let again = try await client.send(.post, "/auth/mfa/totp", bearer: ada.accessToken)
            #expect(again.status == .conflict && again.error?.error == "mfa_already_enabled")
        }
    }

    @Test func settingUpNeedsAFreshToken() async throws {
        try await withApp { client, _ in
            let ada = try await client.register()
            let renewed = try await client.send(.post, "/auth/refresh", bearer: ada.refreshToken).decode(TokenPairBody.self)
            let stale = try await client.send(.post, "/auth/mfa/totp", bearer: renewed.accessToken)
            #expect(stale.status == .unauthorized && stale.error?.error == "fresh_token_required")
        }
    }

    @Test func anEnrolledLoginNeedsACodeAndItsTokensSayPwdAndOtp() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let (_, secret, _) = try await enrol(client, clock: clock)
            let token = try await firstStep(client)
            clock.advance(by: 30)
            let code = try Self.code(secret, at: clock.now)
            let completed = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(token)", "code": "\#(code)"}"#)
            #expect(completed.status == .ok)
            let session = try completed.decode(SessionBody.self)
            #expect(try claims(session.accessToken).amr == ["pwd", "otp"])
            #expect(try claims(session.accessToken).fresh)
            let renewed = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).decode(TokenPairBody.self)
            #expect(try claims(renewed.accessToken).amr == ["pwd", "otp"], "a refresh keeps how the session was authenticated")

            let spent = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(token)", "code": "\#(code)"}"#)
            #expect(spent.status == .unauthorized && spent.error?.error == "invalid_token", "an mfa_token logs in once")
            let replay = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(try await firstStep(client))", "code": "\#(code)"}"#)
            #expect(replay.status == .unauthorized && replay.error?.error == "invalid_code", "a code is accepted once")
        }
    }

    @Test func fiveWrongCodesSpendTheMFAToken() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let (_, secret, _) = try await enrol(client, clock: clock)
            let token = try await firstStep(client)
            for _ in 0..<5 {
                let wrong = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "\#(token)", "code": "123456"}"#)
                #expect(wrong.status == .unauthorized && wrong.error?.error == "invalid_code")
            }
            clock.advance(by: 30)
            let right = try await client.post(
                "/auth/login/mfa",
                json: #"{"mfa_token": "\#(token)", "code": "\#(try Self.code(secret, at: clock.now))"}"#
            )
            #expect(right.status == .unauthorized && right.error?.error == "invalid_token")
        }
    }

    @Test func anMFATokenExpiresAfterFiveMinutes() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let (_, secret, _) = try await enrol(client, clock: clock)
            let token = try await firstStep(client)
            clock.advance(by: 301)
            let late = try await client.post(
                "/auth/login/mfa",
                json: #"{"mfa_token": "\#(token)", "code": "\#(try Self.code(secret, at: clock.now))"}"#
            )
            #expect(late.error?.error == "invalid_token")
        }
    }

    @Test func aRecoveryCodeLogsInOnce() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, _ in
            let (_, _, codes) = try await enrol(client, clock: clock)
            let first = try await client.post(
                "/auth/login/mfa",
                json: #"{"mfa_token": "\#(try await firstStep(client))", "recovery_code": "\#(codes[3].uppercased())"}"#
            )
            #expect(first.status == .ok)
            #expect(try claims(try first.decode(SessionBody.self).accessToken).amr == ["pwd", "otp"])
            let again = try await client.post(
                "/auth/login/mfa",
                json: #"{"mfa_token": "\#(try await firstStep(client))", "recovery_code": "\#(codes[3])"}"#
            )
            #expect(again.status == .unauthorized && again.error?.error == "invalid_code")
            let neither = try await client.post("/auth/login/mfa", json: #"{"mfa_token": "x"}"#)
            #expect(neither.status == .unprocessableContent)
        }
    }

    @Test func removingTheFactorNeedsAFreshTokenAndACode() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, services in
            let (ada, secret, _) = try await enrol(client, clock: clock)
            clock.advance(by: 30)
            let wrong = try await client.send(.delete, "/auth/mfa/totp", bearer: ada.accessToken, json: #"{"code": "000000"}"#)
            #expect(wrong.status == .unprocessableContent && wrong.error?.error == "invalid_code")
            let code = try Self.code(secret, at: clock.now)
            #expect(try await client.send(.delete, "/auth/mfa/totp", bearer: ada.accessToken, json: #"{"code": "\#(code)"}"#).status == .noContent)
            _ = try await client.login()
            await services.audit.flush()
            let kinds = try await services.audit.events(matching: AuditFilter(userID: ada.user.id), page: PageRequest(limit: 20)).items.map(\.kind)
            #expect(kinds.contains(.mfaEnabled) && kinds.contains(.mfaDisabled))
        }
    }

    /// The secret is stored sealed with the encryption key: neither its base32 nor its key bytes are in the row.
    @Test func theSecretIsStoredEncrypted() async throws {
        let clock = ManualClock(Date())
        let store = KeptStore()
        try await withApp(clock: clock, decorateStore: store.decorate) { client, _ in
            let (_, secret, codes) = try await enrol(client, clock: clock)
            let database = try store.database()
            let sealed = try #require(
                try await database.raw("SELECT sealed_secret FROM totp_factors").first(decodingColumn: "sealed_secret", as: String.self)
            )
            let key = String(decoding: try secret.base32decoded(), as: UTF8.self)
            #expect(!sealed.contains(secret) && !sealed.contains(key))
            let hashes = try await database.raw("SELECT code_hash FROM recovery_codes").all(decodingColumn: "code_hash", as: String.self)
            #expect(hashes.count == 10 && !codes.contains { code in hashes.contains { $0.contains(code) } })
        }
    }
}

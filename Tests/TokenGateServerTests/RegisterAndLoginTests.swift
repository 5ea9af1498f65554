import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct RegisterAndLoginTests {
    @Test func registerAnswersTheUserAndAPair() async throws {
        try await withApp { client, services in
            let response = try await client.post("/auth/register", json: #"{"email": "Ada@Example.com", "password": "correct horse", "name": "Ada"}"#)
            #expect(response.status == .created)
            let body = try response.decode(SessionBody.self)
            #expect(body.user.email == "Ada@Example.com")
            #expect(body.user.name == "Ada")
            #expect(body.user.roles == ["user"])
            #expect(body.tokenType == "Bearer")
            #expect(body.expiresIn == 900)
            #expect(!response.text.contains("password"))
            #expect(!response.text.contains("hash"))
            let claims = try await services.sessions.authenticate(accessToken: body.accessToken)
            #expect(claims.subject == body.user.id.uuidString)
            #expect(claims.fresh)
        }
    }

    @Test func registerAcceptsAForm() async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/register", form: "email=form%40example.com&password=correct+horse&name=Form+User")
            #expect(response.status == .created)
            let body = try response.decode(SessionBody.self)
            #expect(body.user.email == "form@example.com")
            #expect(body.user.name == "Form User")
        }
    }

    @Test func aTakenEmailIsAConflictWhateverItsCase() async throws {
        try await withApp { client, _ in
            _ = try await client.register(email: "ada@example.com")
            let response = try await client.post("/auth/register", json: #"{"email": "ADA@example.com", "password": "another one"}"#)
            #expect(response.status == .conflict)
            #expect(response.error?.error == "email_taken")
        }
    }

    @Test(arguments: [
        (#"{}"#, ["email", "password"]),
        (#"{"email": "not-an-email", "password": "correct horse"}"#, ["email"]),
        (#"{"email": "a@example.com", "password": "short"}"#, ["password"]),
        (#"{"email": "a@example.com", "password": "          "}"#, ["password"]),
        (#"{"email": "a@example.com", "password": "correct horse", "name": ""}"#, ["name"]),
        (#"{"email": 42, "password": "correct horse"}"#, ["email"]),
        (#"{"email": "a@example.com", "password": null}"#, ["password"]),
        (#"{"email": "a@example.com", "password": "Trustno1"}"#, ["password"]),
        (#"{"email": "a@example.com", "password": "baseball"}"#, ["password"]),
    ])
    func invalidRegistrationsAre422WithFields(json: String, fields: [String]) async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/register", json: json)
            #expect(response.status == .unprocessableContent)
            #expect(response.error?.error == "validation_failed")
            #expect(response.error?.fields.map { Array($0.keys).sorted() } == fields)
        }
    }

    @Test func aLongPasswordAndNameLimitsAreEnforced() async throws {
        try await withApp { client, _ in
            let long = String(repeating: "p", count: 1_025)
            let response = try await client.post("/auth/register", json: #"{"email": "a@example.com", "password": "\#(long)"}"#)
            #expect(response.error?.fields?["password"] != nil)
            let name = String(repeating: "n", count: 201)
            let named = try await client.post("/auth/register", json: #"{"email": "a@example.com", "password": "correct horse", "name": "\#(name)"}"#)
            #expect(named.error?.fields?["name"] != nil)
        }
    }

    @Test func loginWithJSONAndWithAForm() async throws {
        try await withApp { client, _ in
            let registered = try await client.register()
            let json = try await client.login(email: "ADA@example.com")
            #expect(json.user == registered.user)
            let form = try await client.post("/auth/login", form: "email=ada%40example.com&password=correct+horse")
            #expect(form.status == .ok)
            #expect(try form.decode(SessionBody.self).user.id == registered.user.id)
        }
    }

    @Test func unknownEmailAndWrongPasswordGetTheIdenticalAnswer() async throws {
        try await withApp { client, _ in
            _ = try await client.register()
            let wrong = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "wrong horse"}"#)
            let unknown = try await client.post("/auth/login", json: #"{"email": "nobody@example.com", "password": "wrong horse"}"#)
            expectUnauthorized(wrong, code: "invalid_credentials", challenge: "invalid_request")
            #expect(wrong.status == unknown.status)
            #expect(wrong.text == unknown.text)
            #expect(wrong.headers[.wwwAuthenticate] == unknown.headers[.wwwAuthenticate])
        }
    }

    /// Settings that lock an address for two minutes after two failed logins.
    private static var lockingAfterTwoFailures: Settings {
        var settings = testSettings()
        settings.loginMaximumFailures = 2
        settings.loginLockout = .seconds(120)
        return settings
    }

    /// A successful login forgets the failures before it; failures for one address never lock another.
    @Test func theLoginThrottleResetsOnSuccessAndKeepsAddressesApart() async throws {
        try await withApp(settings: Self.lockingAfterTwoFailures) { client, _ in
            _ = try await client.register()
            _ = try await client.register(email: "bob@example.com")
            let wrong = #"{"email": "ada@example.com", "password": "wrong horse"}"#
            expectUnauthorized(try await client.post("/auth/login", json: wrong), code: "invalid_credentials", challenge: "invalid_request")
            _ = try await client.login()
            // One failure was forgotten: two more are needed to lock, so the next is still a 401.
            expectUnauthorized(try await client.post("/auth/login", json: wrong), code: "invalid_credentials", challenge: "invalid_request")
            expectUnauthorized(try await client.post("/auth/login", json: wrong), code: "invalid_credentials", challenge: "invalid_request")
            let locked = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(locked.status == .tooManyRequests)
            // Ada is locked; Bob is not.
            _ = try await client.login(email: "bob@example.com")
        }
    }

    @Test func tooManyFailuresAre429WithRetryAfter() async throws {
        try await withApp(settings: Self.lockingAfterTwoFailures) { client, _ in
            _ = try await client.register()
            for _ in 0..<2 {
                let response = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "wrong horse"}"#)
                expectUnauthorized(response, code: "invalid_credentials", challenge: "invalid_request")
            }
            let locked = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.error?.error == "too_many_attempts")
            let retryAfter = try #require(locked.headers[.retryAfter].flatMap(Int.init))
            #expect((1...120).contains(retryAfter))
        }
    }

    @Test func loginWithMissingFieldsIs422() async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/login", json: #"{"email": "ada@example.com"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.error?.fields == ["password": "is required"])
        }
    }
}

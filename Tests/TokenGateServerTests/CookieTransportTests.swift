import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// Browser sessions: `?transport=cookie`, the three cookies, and the CSRF check (API.md "Browser sessions").
/// The test client talks to `localhost` in the testing environment, so the plain-HTTP cookie names apply.
struct CookieTransportTests {
    /// A browser: the cookies it holds, sent with every request, and the CSRF value its scripts can read.
    struct Browser {
        var cookies: [String: String] = [:]
        var csrf: String? { cookies["tg_csrf"] }

        /// Takes the `Set-Cookie` headers of `response` (a `Max-Age=0` cookie is dropped).
        mutating func take(_ response: TestResponse) {
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if header.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair.count > 1 ? pair[1] : "" }
            }
        }

        /// The `Cookie` header, plus `X-CSRF-Token: csrf` when given.
        func headers(csrf: String? = nil, json: Bool = false) -> HTTPFields {
            var fields: HTTPFields = [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
            if let csrf { fields[HTTPField.Name("X-CSRF-Token")!] = csrf }
            if json { fields[.contentType] = "application/json" }
            return fields
        }
    }

    /// The attributes of cookie `name` among `setCookies` (in any order, as the server may write them).
    private func attributes(of name: String, in setCookies: [String]) throws -> Set<String> {
        let header = try #require(setCookies.first { $0.hasPrefix(name + "=") }, "no \(name) cookie")
        return Set(header.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
    }

    private func logIn(_ client: some TestClientProtocol, email: String = "ada@example.com") async throws -> Browser {
        var browser = Browser()
        let response = try await client.post("/auth/login?transport=cookie", json: #"{"email": "\#(email)", "password": "correct horse"}"#)
        #expect(response.status == .ok)
        browser.take(response)
        return browser
    }

    @Test func aCookieLoginSetsTheThreeCookiesAndNoTokenInTheBody() async throws {
        try await withApp { client, _ in
            let registered = try await client.post(
                "/auth/register?transport=cookie",
                json: #"{"email": "ada@example.com", "password": "correct horse"}"#
            )
            #expect(registered.status == .created)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: registered.body)) as? [String: Any]
            #expect(body.map { Set($0.keys) } == ["user"])
            let setCookies = registered.headers[values: .setCookie]
            let access = try attributes(of: "tg_access", in: setCookies)
            let refresh = try attributes(of: "tg_refresh", in: setCookies)
            let csrf = try attributes(of: "tg_csrf", in: setCookies)
            #expect(access.isSuperset(of: ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=900"]))
            #expect(refresh.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/auth", "Max-Age=2592000"]))
            #expect(csrf.isSuperset(of: ["SameSite=Lax", "Path=/"]) && !csrf.contains("HttpOnly"))
            #expect(!access.contains("Secure") && !refresh.contains("Secure") && !csrf.contains("Secure"))  // plain HTTP on localhost

            var browser = Browser()
            browser.take(registered)
            #expect(try await client.execute(uri: "/auth/status", method: .get, headers: browser.headers()).status == .ok)
        }
    }

    @Test func inProductionTheCookiesArePrefixedAndSecure() async throws {
        var settings = testSettings()
        settings.environment = .production
        settings.encryptionKey = try EncryptionKey.parse(String(repeating: "ab", count: 32), source: "test")
        try await withApp(settings: settings) { client, _ in
            let registered = try await client.post(
                "/auth/register?transport=cookie",
                json: #"{"email": "ada@example.com", "password": "correct horse"}"#
            )
            let setCookies = registered.headers[values: .setCookie]
            #expect(Set(setCookies.map { String($0.prefix { $0 != "=" }) }) == ["__Host-tg_access", "__Secure-tg_refresh", "__Host-tg_csrf"])
            for name in ["__Host-tg_access", "__Secure-tg_refresh", "__Host-tg_csrf"] {
                #expect(try attributes(of: name, in: setCookies).contains("Secure"), "\(name)")
            }
            var pairs: [String] = []
            for header in setCookies { pairs.append(String(header.split(separator: ";")[0])) }
            let cookie = pairs.joined(separator: "; ")
            let answer = try await client.execute(uri: "/auth/status", method: .get, headers: [.cookie: cookie])
            #expect(answer.status == .ok)
            let plain = cookie.replacingOccurrences(of: "__Host-", with: "").replacingOccurrences(of: "__Secure-", with: "")
            expectCredentialsRequired(try await client.execute(uri: "/auth/status", method: .get, headers: [.cookie: plain]))
        }
    }

    @Test func aCookieRequestThatChangesStateNeedsTheSessionsCSRFValue() async throws {
        try await withApp { client, _ in
            _ = try await client.register()
            let browser = try await logIn(client)
            let csrf = try #require(browser.csrf)
            let template = ByteBuffer(string: #"{"template": "Hello"}"#)
            for (what, value) in [("no header", nil), ("a wrong value", "x" + csrf)] as [(String, String?)] {
                let refused = try await client.execute(
                    uri: "/templates",
                    method: .post,
                    headers: browser.headers(csrf: value, json: true),
                    body: template
                )
                #expect(refused.status == .forbidden, "\(what)")
                #expect(refused.error?.error == "csrf_failed", "\(what)")
            }
            let listed = try await client.execute(uri: "/templates", method: .get, headers: browser.headers())
            #expect(listed.text.contains(#""templates":[]"#), "a refused request changed nothing")

            // Another session's value (and cookie) does not work with this session's access cookie.
            let other = try await logIn(client)
            var mixed = browser
            mixed.cookies["tg_csrf"] = other.csrf
            let crossed = try await client.execute(
                uri: "/templates",
                method: .post,
                headers: mixed.headers(csrf: other.csrf, json: true),
                body: template
            )
            #expect(crossed.error?.error == "csrf_failed")

            let created = try await client.execute(uri: "/templates", method: .post, headers: browser.headers(csrf: csrf, json: true), body: template)
            #expect(created.status == .created)
        }
    }

    @Test func aHeaderTokenIsNeverAskedForCSRFAndBeatsTheCookie() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let browser = try await logIn(client)
            var headers = browser.headers(json: true)
            headers[.authorization] = "Bearer \(session.accessToken)"
            let created = try await client.execute(
                uri: "/templates",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: #"{"template": "Hi"}"#)
            )
            #expect(created.status == .created)

            headers[.authorization] = "Bearer not-a-token"
            expectUnauthorized(try await client.execute(uri: "/auth/status", method: .get, headers: headers), code: "invalid_token")
        }
    }

    @Test func refreshAndLogoutByCookie() async throws {
        try await withApp { client, _ in
            _ = try await client.register()
            var browser = try await logIn(client)
            let csrf = try #require(browser.csrf)
            let refused = try await client.execute(uri: "/auth/refresh", method: .post, headers: browser.headers())
            #expect(refused.error?.error == "csrf_failed")

            let refreshed = try await client.execute(uri: "/auth/refresh", method: .post, headers: browser.headers(csrf: csrf))
            #expect(refreshed.status == .ok)
            #expect(refreshed.text == "{}")
            let before = browser.cookies
            browser.take(refreshed)
            #expect(browser.cookies["tg_refresh"] != before["tg_refresh"])
            #expect(browser.csrf == csrf)
            #expect(try await client.execute(uri: "/auth/status", method: .get, headers: browser.headers()).status == .ok)

            #expect(try await client.execute(uri: "/auth/logout", method: .post, headers: browser.headers()).error?.error == "csrf_failed")
            let loggedOut = try await client.execute(uri: "/auth/logout", method: .post, headers: browser.headers(csrf: csrf))
            #expect(loggedOut.status == .ok)
            let stale = browser
            browser.take(loggedOut)
            #expect(browser.cookies.isEmpty)
            let after = try await client.execute(uri: "/auth/status", method: .get, headers: stale.headers())
            #expect(after.status == .unauthorized)
            expectCredentialsRequired(try await client.execute(uri: "/auth/status", method: .get, headers: browser.headers()))
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct ErrorHandlingTests {
    @Test(arguments: ["{", "not json", "[1, 2]", "\"text\"", "{\"email\": }", "\u{0}"])
    func invalidJSONIs400(body: String) async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/register", json: body)
            #expect(response.status == .badRequest)
            #expect(response.error?.error == "invalid_json")
        }
    }

    @Test func anEmptyBodyIsInvalidJSON() async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/login", json: "")
            #expect(response.status == .badRequest)
            #expect(response.error?.error == "invalid_json")
        }
    }

    /// Parsers disagree on a repeated key (Foundation keeps the first, Python the last): refused, at any depth and
    /// however the key is escaped.
    @Test(arguments: [
        #"{"email": "a@example.com", "email": "b@example.com", "password": "correct horse"}"#,
        #"{"email": "a@example.com", "\u0065mail": "b@example.com", "password": "correct horse"}"#,
        #"{"email": "a@example.com", "password": "correct horse", "name": "x", "extra": {"k": 1, "k": 2}}"#,
        #"{"email": "a@example.com", "password": "correct horse", "extra": [{"k": 1}, {"k": 2, "k": 3}]}"#,
    ])
    func aRepeatedKeyIsInvalidJSON(body: String) async throws {
        try await withApp { client, _ in
            let response = try await client.post("/auth/register", json: body)
            #expect(response.status == .badRequest)
            #expect(response.error?.error == "invalid_json")
        }
    }

    /// The same key in sibling objects, and key-like text inside values, are not repeats.
    @Test func keysRepeatedOnlyAcrossObjectsOrInsideValuesAreAccepted() async throws {
        try await withApp { client, _ in
            let body = #"{"email": "ada@example.com", "password": "correct \"email\": horse", "x": [{"k": 1}, {"k": 2}], "y": {"k": "email"}}"#
            let response = try await client.post("/auth/register", json: body)
            #expect(response.status == .created)
        }
    }

    @Test(arguments: ["text/plain", "application/xml", "multipart/form-data; boundary=x"])
    func anotherContentTypeIs415(contentType: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(
                uri: "/auth/login",
                method: .post,
                headers: [.contentType: contentType],
                body: ByteBuffer(string: "email=a")
            )
            #expect(response.status == .unsupportedMediaType)
            #expect(response.error?.error == "unsupported_media_type")
        }
    }

    @Test func aFormWhereOnlyJSONIsAcceptedIs415() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let response = try await client.execute(
                uri: "/auth/password",
                method: .post,
                headers: [.authorization: "Bearer \(session.accessToken)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "current_password=a")
            )
            #expect(response.status == .unsupportedMediaType)
        }
    }

    @Test func aBodyOver64KiBIs413() async throws {
        try await withApp { client, _ in
            let big = #"{"email": "a@example.com", "password": "correct horse", "name": ""# + String(repeating: "x", count: 65 * 1_024) + #""}"#
            let response = try await client.post("/auth/register", json: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.error?.error == "payload_too_large")
        }
    }

    /// A registration body padded with spaces to exactly `size` bytes.
    private func registration(email: String, paddedTo size: Int) -> [UInt8] {
        padded(#"{"email": "\#(email)", "password": "correct horse"}"#, to: size)
    }

    /// The JSON object `json` with spaces before its closing brace, `size` bytes in all.
    private func padded(_ json: String, to size: Int) -> [UInt8] {
        Array(json.dropLast().utf8) + Array(repeating: UInt8(ascii: " "), count: size - json.utf8.count) + [UInt8(ascii: "}")]
    }

    @Test func aBodyOfExactly64KiBIsRead() async throws {
        try await withApp { client, _ in
            let body = registration(email: "ada@example.com", paddedTo: 64 * 1_024)
            #expect(body.count == 65_536)
            let response = try await client.post("/auth/register", json: String(decoding: body, as: UTF8.self))
            #expect(response.status == .created, "\(response.text)")
        }
    }

    /// A chunked body carries no `Content-Length`: the limit holds while reading it, and exactly 64 KiB still passes.
    /// (Refresh bodies, so that no password hash is in the way: an answer about the token shows the body was read.)
    @Test func aChunkedBodyOver64KiBIs413AndOneOfExactly64KiBIsRead() async throws {
        try await withApp(testing: .live) { client, _ in
            let port = try #require(client.port)
            let big = refresh(paddedTo: 64 * 1_024 + 1)
            let refused = try await rawHTTP(port: port, chunkedRequest("POST", "/auth/refresh", json: big))
            #expect(refused.hasPrefix("HTTP/1.1 413"), "\(refused.prefix(200))")
            #expect(refused.contains(#""error":"payload_too_large""#))

            let exact = refresh(paddedTo: 64 * 1_024)
            let read = try await rawHTTP(port: port, chunkedRequest("POST", "/auth/refresh", json: exact))
            #expect(read.hasPrefix("HTTP/1.1 401"), "\(read.prefix(200))")
            #expect(read.contains(#""error":"invalid_token""#))
        }
    }

    /// A refresh body with a token that is not one, padded with spaces to exactly `size` bytes.
    private func refresh(paddedTo size: Int) -> [UInt8] { padded(#"{"refresh_token": "not-a-token"}"#, to: size) }

    @Test func anUnknownPathIs404() async throws {
        try await withApp { client, _ in
            for uri in ["/nope", "/auth", "/auth/status/extra", "/bookz", "/books/a/b"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound)
                #expect(response.error?.error == "not_found")
            }
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/auth/login", "POST"), (.delete, "/auth/status", "GET"), (.put, "/health", "GET"),
        (.get, "/auth/logout", "POST"), (.patch, "/auth/register", "POST"),
        // Paths with several methods list them all; so do paths with an id.
        (.delete, "/books", "GET, POST"), (.post, "/books/\(UUID())", "DELETE, GET, PUT"),
        (.patch, "/templates/\(UUID())", "DELETE, GET, PUT"), (.put, "/templates", "GET, POST"),
    ])
    func aWrongMethodIs405WithAllow(method: HTTPRequest.Method, uri: String, allow: String) async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: uri, method: method)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            #expect(response.error?.error == "method_not_allowed")
        }
    }

    @Test func everyResponseHasARequestID() async throws {
        try await withApp { client, _ in
            let ok = try await client.execute(uri: "/health", method: .get)
            let missing = try await client.execute(uri: "/missing", method: .get)
            let first = try #require(ok.headers[HTTPField.Name("x-request-id")!])
            let second = try #require(missing.headers[HTTPField.Name("x-request-id")!])
            #expect(!first.isEmpty && first != second)
        }
    }

    /// Throws random and hostile input at every route and checks that nothing answers 5xx.
    @Test func noInputProducesA5xx() async throws {
        try await withApp { client, _ in
            let session = try await client.register()
            let bodies = [
                "", "{}", "null", "[]", "{\"email\": null}", "{\"email\": {\"a\": 1}, \"password\": [1]}", "\u{FEFF}{}",
                "{\"refresh_token\": 5}", "{\"current_password\": true}", "email=&password=", "%%%", String(repeating: "{", count: 10_000),
            ]
            let types = ["application/json", "application/x-www-form-urlencoded", "text/plain", "", "application/json; charset=latin1"]
            let routes: [(HTTPRequest.Method, String)] = [
                (.post, "/auth/register"), (.post, "/auth/login"), (.post, "/auth/refresh"), (.post, "/auth/password"),
                (.post, "/auth/logout"), (.get, "/auth/status"), (.post, "/auth/logout-all"), (.get, "/ready"),
                (.post, "/auth/email/verify"), (.post, "/auth/password/reset/request"), (.post, "/auth/password/reset"),
                (.post, "/auth/login/mfa"), (.post, "/auth/mfa/totp/confirm"), (.delete, "/auth/mfa/totp"),
            ]
            for (method, uri) in routes {
                for body in bodies {
                    for type in types {
                        var headers: HTTPFields = [.authorization: "Bearer \(session.accessToken)"]
                        if !type.isEmpty { headers[.contentType] = type }
                        let response = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
                        #expect(response.status.code < 500, "\(method) \(uri) \(type) \(body.prefix(40)) → \(response.status)")
                    }
                }
            }
        }
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// Keeps every log line, with its metadata, in memory.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "capture") { _ in CapturingHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct CapturingHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(event.message) \(merged) \(event.source)")
    }
}

struct LoggingTests {
    @Test func noTokenPasswordOrSecretReachesALog() async throws {
        let capture = LogCapture()
        let settings = testSettings()
        let password = "correct horse battery"
        let newPassword = "staple staple staple"
        let seen = Mutex<[String]>([])
        try await withApp(settings: settings, logger: capture.logger()) { client, _ in
            let session = try await client.register(password: password)
            let login = try await client.login(password: password)
            _ = try await client.post("/auth/login", json: #"{"email": "ada@example.com", "password": "wrong-\#(password)"}"#)
            _ = try await client.send(.get, "/auth/status", bearer: session.accessToken)
            _ = try await client.send(.get, "/auth/status?token=\(login.accessToken)", bearer: "broken.\(login.accessToken)")
            let pair = try await client.send(.post, "/auth/refresh", bearer: session.refreshToken).decode(TokenPairBody.self)
            _ = try await client.changePassword(bearer: login.accessToken, from: password, to: newPassword)
            seen.withLock {
                $0 = [session.accessToken, session.refreshToken, login.accessToken, login.refreshToken, pair.accessToken, pair.refreshToken]
            }
        }
        let lines = capture.all
        #expect(lines.contains { $0.contains("/auth/status") }, "the request log must have run for this test to mean anything")
        let tokens = seen.withLock { $0 }
        // Whole tokens, and each of their segments on its own (a log that cut a token at a dot would still leak).
        let segments = tokens.flatMap { $0.split(separator: ".").map(String.init) }
        #expect(segments.count == tokens.count * 3)
        let secrets = tokens + segments + [password, newPassword, String(decoding: settings.jwtSecret!.bytes, as: UTF8.self)]
        for line in lines {
            for secret in secrets {
                #expect(!line.contains(secret), "a log line holds a secret: \(line.prefix(120))")
            }
            #expect(!line.contains("bcrypt_sha256$"), "a log line holds a password hash")
        }
    }
}

/// `LOG_FORMAT=json` and request ids (issue #12 point 6).
struct JSONLogTests {
    /// Collects the lines a `JSONLogHandler` writes.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }

        func logger() -> Logger {
            Logger(label: "json") { label in JSONLogHandler(label: label, sink: { line in self.lines.withLock { $0.append(line) } }) }
        }

        /// Every line, decoded; a line that is not one JSON object fails the test.
        func objects() throws -> [[String: String]] {
            try all.map { line in try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "\(line)") }
        }
    }

    @Test func eachRequestIsOneJSONLineWithItsIDRouteStatusAndDuration() async throws {
        let lines = Lines()
        try await withApp(logger: lines.logger()) { client, _ in
            let session = try await client.register()
            let response = try await client.execute(
                uri: "/books/\(UUID())",
                method: .get,
                headers: [.authorization: "Bearer \(session.accessToken)", HTTPField.Name("X-Request-Id")!: "gateway-1234:abc"]
            )
            #expect(response.status == .notFound)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "gateway-1234:abc")
        }
        #expect(!lines.all.contains { $0.contains("\n") })
        let requests = try lines.objects().filter { $0["message"] == "request" }
        let book = try #require(requests.first { $0["hb.request.id"] == "gateway-1234:abc" })
        #expect(book["method"] == "GET")
        #expect(book["route"] == "/books/{id}")
        #expect(book["status"] == "404")
        #expect(book["level"] == "info")
        #expect(Double(book["duration_ms"] ?? "") != nil)
        #expect(book["time"].map { ISO8601DateFormatter().date(from: $0.replacing(/\.\d+/, with: "")) != nil } == true)
        let register = try #require(requests.first { $0["path"] == "/auth/register" })
        #expect(register["route"] == "/auth/register" && register["status"] == "201")
        #expect(register["hb.request.id"] != "gateway-1234:abc")
    }

    @Test(arguments: ["two words", "line\u{0}break", String(repeating: "a", count: 129), "", "<script>"])
    func anUnsafeRequestIDIsReplaced(id: String) async throws {
        let lines = Lines()
        try await withApp(logger: lines.logger()) { client, _ in
            var headers = HTTPFields()
            headers.append(HTTPField(name: HTTPField.Name("X-Request-Id")!, value: id))
            let response = try await client.execute(uri: "/health", method: .get, headers: headers)
            let returned = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            #expect(returned != id && !returned.isEmpty)
        }
        #expect(try lines.objects().allSatisfy { $0["hb.request.id"] != id })
    }
}

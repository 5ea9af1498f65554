import Foundation
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Hostile input against a live server (issue #12 point 5): each request gets a 4xx or a closed connection, never a
/// 5xx or a hang, and the server keeps answering others throughout.
struct HostileInputTests {
    /// A live server whose connections must deliver a request within 2 s.
    private func withLiveServer(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var settings = testSettings()
        settings.requestReadTimeout = .seconds(2)
        try await withApp(settings: settings, testing: .live) { server, _ in
            let port = try #require(server.port)
            try await body(port)
            // Whatever came before, the server still answers.
            #expect(statusCode(of: try await rawHTTP(port: port, request("GET", "/health"))) == 200)
        }
    }

    private func request(_ method: String, _ path: String, headers: [String] = [], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { head += header + "\r\n" }
        if !body.isEmpty { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// The status of a raw answer, or `nil` when the server closed the connection without one.
    private func statusCode(of answer: String) -> Int? {
        let parts = answer.prefix(16).split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    /// A 4xx, or the connection closed without an answer.
    private func expectRefused(_ answer: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let status = statusCode(of: answer) else { return }
        #expect((400..<500).contains(status), "\(what): \(answer.prefix(200))", sourceLocation: sourceLocation)
    }

    @Test func malformedBodiesAreRefused() async throws {
        try await withLiveServer { port in
            let bodies: [(String, [UInt8])] = [
                ("invalid UTF-8", [0x7B, 0x22, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]),
                ("NUL bytes", Array(#"{"email": "a\#u{0}b@example.com", "password": "correct\#u{0}horse"}"#.utf8)),
                ("10,000 levels of nesting", Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)),
                ("a repeated key", Array(#"{"email": "a@example.com", "email": "b@example.com", "password": "correct horse"}"#.utf8)),
                ("numbers for strings", Array(#"{"email": 1, "password": 2.5e308}"#.utf8)),
            ]
            for (what, body) in bodies {
                expectRefused(try await rawHTTP(port: port, request("POST", "/auth/register", body: body)), what)
            }
        }
    }

    @Test func oversizedRequestsAreRefused() async throws {
        try await withLiveServer { port in
            let tenMegabytes = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1_024 * 1_024)
            expectRefused(try await rawHTTP(port: port, request("POST", "/auth/register", body: tenMegabytes)), "a 10 MB body")
            expectRefused(try await rawHTTP(port: port, chunkedRequest("POST", "/auth/register", json: tenMegabytes)), "a 10 MB chunked body")
            let manyHeaders = (0..<1_000).map { "X-Filler-\($0): \($0)" }
            expectRefused(try await rawHTTP(port: port, request("GET", "/auth/status", headers: manyHeaders)), "1,000 headers")
            let bigHeader = "Authorization: Bearer " + String(repeating: "A", count: 64 * 1_024)
            expectRefused(try await rawHTTP(port: port, request("GET", "/auth/status", headers: [bigHeader])), "a 64 KB header")
        }
    }

    /// A request sent a byte every half second never completes: the server closes the connection after its 2 s.
    @Test func aTricklingRequestIsCutOff() async throws {
        try await withLiveServer { port in
            let started = ContinuousClock.now
            let outcome = try await onOwnThread {
                let socket = try connectTo(port: port)
                defer { close(socket) }
                for byte in Array("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n".utf8) {
                    var value = byte
                    if send(socket, &value, 1, Int32(MSG_NOSIGNAL)) <= 0 { return "closed while sending" }
                    usleep(500_000)
                }
                return "sent everything"
            }
            #expect(outcome == "closed while sending")
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    /// 500 connections that send nothing neither stop the server from answering others nor stay open for good.
    @Test func fiveHundredIdleConnectionsAreOutlastedAndClosed() async throws {
        try await withLiveServer { port in
            let sockets = try await onOwnThread { try (0..<500).map { _ in try connectTo(port: port) } }
            defer { for socket in sockets { close(socket) } }
            #expect(statusCode(of: try await rawHTTP(port: port, request("GET", "/health"))) == 200)
            let closedByServer = try await onOwnThread {
                sockets.filter { socket in
                    var timeout = timeval(tv_sec: 10, tv_usec: 0)
                    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    var byte: UInt8 = 0
                    return recv(socket, &byte, 1, 0) == 0
                }.count
            }
            #expect(closedByServer == 500)
        }
    }
}

/// Runs blocking socket work on a thread of its own (never on the threads the in-process server needs).
private func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

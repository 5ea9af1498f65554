import Foundation
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

/// Prometheus metrics on the management listener (issue #12 point 1): the counts after a known sequence of
/// requests, series labelled by route template, and no `/metrics` on the public port.
struct MetricsTests {
    /// `GET path` on the loopback `port`: the status line and the body.
    private func get(_ path: String, port: Int) async throws -> (status: String, body: String) {
        let answer = try await rawHTTP(port: port, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        let parts = answer.components(separatedBy: "\r\n\r\n")
        return (String(parts[0].prefix { $0 != "\r" }), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The value of the series `series` (name and labels exactly as written) in a scrape.
    private func value(of series: String, in scrape: String) -> Double? {
        scrape.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.dropFirst(series.count + 1)) }
    }

    @Test func aKnownSequenceOfRequestsShowsInTheScrape() async throws {
        var settings = testSettings()
        let managementPort = try freeLoopbackPort()
        settings.managementAddress = ManagementAddress(host: "127.0.0.1", port: managementPort)
        try await withServerAtItsIssuerURL(settings: settings) { baseURL, _ in
            let client = TokenGateClient(baseURL: baseURL)
            _ = try await client.register(email: "ada@example.com", password: "correct horse")
            _ = try await client.login(email: "ada@example.com", password: "correct horse")
            let stranger = TokenGateClient(baseURL: baseURL)
            _ = try? await stranger.login(email: "ada@example.com", password: "not her password")
            _ = try await client.me()
            for _ in 0..<2 { _ = try? await client.book(id: UUID()) }
            try await client.logout()

            let port = try #require(URL(string: baseURL)?.port)
            #expect(try await get("/metrics", port: port).status.contains(" 404 "))
            let scrape = try await get("/metrics", port: managementPort)
            #expect(scrape.status.contains(" 200 "))
            let text = scrape.body
            let expected: [(String, Double)] = [
                (#"http_requests_total{method="POST",route="/auth/register",status="201"}"#, 1),
                (#"http_requests_total{method="POST",route="/auth/login",status="200"}"#, 1),
                (#"http_requests_total{method="POST",route="/auth/login",status="401"}"#, 1),
                (#"http_requests_total{method="GET",route="/auth/me",status="200"}"#, 1),
                (#"http_requests_total{method="GET",route="/books/{id}",status="404"}"#, 2),
                (#"http_requests_total{method="POST",route="/auth/logout",status="200"}"#, 1),
                (#"http_request_duration_seconds_count{route="/books/{id}"}"#, 2),
                (#"tokengate_logins_total{result="succeeded"}"#, 1),
                (#"tokengate_logins_total{result="failed"}"#, 1),
                (#"tokengate_logins_total{result="throttled"}"#, 0),
                (#"tokengate_tokens_issued_total{type="access"}"#, 2),
                (#"tokengate_tokens_issued_total{type="refresh"}"#, 2),
                (#"tokengate_sessions_revoked_total{reason="logout"}"#, 1),
                (#"tokengate_sessions_revoked_total{reason="reuse"}"#, 0),
                ("tokengate_refresh_reuse_total", 0),
                ("tokengate_password_hash_seconds_count", 3),
                ("tokengate_revocation_set_size", 1),
            ]
            for (series, count) in expected {
                #expect(value(of: series, in: text) == count, "\(series)")
            }
            // Route templates only: no id from a path ever becomes a label.
            #expect(text.firstMatch(of: /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-/) == nil)
            #expect(try await get("/ready", port: managementPort).status.contains(" 200 "))
            #expect(try await get("/health", port: managementPort).status.contains(" 200 "))
        }
    }

    @Test(arguments: [
        ("127.0.0.1:9090", ManagementAddress(host: "127.0.0.1", port: 9090)), ("[::1]:9191", ManagementAddress(host: "::1", port: 9191)),
        ("0.0.0.0:1", ManagementAddress(host: "0.0.0.0", port: 1)), ("off", nil), ("OFF", nil),
    ])
    func theManagementAddressIsParsed(text: String, address: ManagementAddress?) throws {
        #expect(try ManagementAddress.parse(text) == address)
    }

    /// The startup line names the address as an operator writes it.
    @Test func theManagementAddressReadsAsHostAndPort() {
        #expect("\(ManagementAddress(host: "127.0.0.1", port: 9090))" == "127.0.0.1:9090")
        #expect("\(ManagementAddress(host: "::1", port: 9191))" == "[::1]:9191")
    }

    @Test(arguments: ["9090", "localhost", ":9090", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:http"])
    func aMalformedManagementAddressStopsTheStart(text: String) {
        #expect(throws: ConfigurationError.self) { try Settings(environment: ["TOKENGATE_MANAGEMENT_ADDRESS": text]) }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

/// A real nginx (`auth_request`) in front of a small upstream, asking TokenGate's `GET /auth/forward` about every
/// request. The nginx binary comes from `TOKENGATE_TEST_NGINX`; without it the suite is skipped, except in CI.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["TOKENGATE_TEST_NGINX"] != nil || PostgresTestCluster.isCI,
        "nginx tests skipped: TOKENGATE_TEST_NGINX is not set"
    )
)
struct GatewayTests {
    /// The upstream: answers with the `X-TokenGate-*` headers it received, and counts the requests that reached it.
    final class Upstream: Sendable {
        let reached = Mutex(0)

        var application: some ApplicationProtocol {
            let router = Router()
            router.get("{path}") { request, _ -> String in
                self.reached.withLock { $0 += 1 }
                let names = ["X-TokenGate-User", "X-TokenGate-Session", "X-TokenGate-Roles", "X-TokenGate-Email"]
                return names.map { "\($0)=\(request.headers[HTTPField.Name($0)!] ?? "")" }.joined(separator: "\n")
            }
            return Application(router: router)
        }
    }

    /// nginx's configuration: `/` goes to the upstream after TokenGate said yes, with TokenGate's answer headers.
    private func configuration(folder: String, port: Int, upstream: Int, tokenGate: Int) -> String {
        let identity = ["user", "session", "roles", "email"]
        let captures = identity.map { "auth_request_set $tg_\($0) $upstream_http_x_tokengate_\($0);" }.joined(separator: "\n            ")
        let forwards = identity.map { "proxy_set_header X-TokenGate-\($0.capitalized) $tg_\($0);" }.joined(separator: "\n            ")
        return """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(folder)/nginx.pid;
            error_log \(folder)/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(folder)/body;
                proxy_temp_path \(folder)/proxy;
                fastcgi_temp_path \(folder)/fastcgi;
                uwsgi_temp_path \(folder)/uwsgi;
                scgi_temp_path \(folder)/scgi;
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        auth_request /_tokengate;
                        \(captures)
                        \(forwards)
                        proxy_pass http://127.0.0.1:\(upstream);
                    }
                    location = /_tokengate {
                        internal;
                        proxy_pass http://127.0.0.1:\(tokenGate)/auth/forward;
                        proxy_pass_request_body off;
                        proxy_set_header Content-Length "";
                        proxy_set_header X-Original-URI $request_uri;
                    }
                }
            }
            """
    }

    /// Runs `body` with nginx listening on a free port in front of `upstream`, asking TokenGate at `tokenGate`.
    private func withNginx(upstream: Int, tokenGate: Int, _ body: (Int) async throws -> Void) async throws {
        let binary = try #require(ProcessInfo.processInfo.environment["TOKENGATE_TEST_NGINX"], "CI must export TOKENGATE_TEST_NGINX")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nginx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let port = try freeLoopbackPort()
        try configuration(folder: folder, port: port, upstream: upstream, tokenGate: tokenGate)
            .write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: binary)
        nginx.arguments = ["-p", folder, "-c", folder + "/nginx.conf", "-e", folder + "/error.log"]
        nginx.standardOutput = FileHandle.nullDevice
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        defer {
            // SIGKILL: a child spawned from a thread that blocks SIGTERM inherits the block and would never stop.
            kill(nginx.processIdentifier, SIGKILL)
            nginx.waitUntilExit()
        }
        let started = await timeUntil(within: .seconds(10)) {
            (try? await rawHTTP(port: port, Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))) != nil
        }
        try #require(started != nil, "nginx did not start: \((try? String(contentsOfFile: folder + "/error.log", encoding: .utf8)) ?? "")")
        try await body(port)
    }

    private func get(_ port: Int, _ path: String, token: String? = nil, extra: String = "") async throws -> String {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return try await rawHTTP(port: port, Array("GET \(path) HTTP/1.1\r\nHost: x\r\n\(authorization)\(extra)Connection: close\r\n\r\n".utf8))
    }

    @Test func onlyRequestsWithAValidTokenReachTheUpstreamWithTheIdentityHeaders() async throws {
        let upstream = Upstream()
        try await upstream.application.test(.live) { upstreamClient in
            let upstreamPort = try #require(upstreamClient.port)
            try await withApp(testing: .live) { tokenGate, _ in
                let tokenGatePort = try #require(tokenGate.port)
                let session = try await tokenGate.register()
                let other = try await tokenGate.register(email: "bob@example.com")
                try await withNginx(upstream: upstreamPort, tokenGate: tokenGatePort) { port in
                    let passed = try await get(port, "/notes", token: session.accessToken)
                    #expect(passed.hasPrefix("HTTP/1.1 200"), "\(passed)")
                    #expect(passed.contains("X-TokenGate-User=\(session.user.id.uuidString)"))
                    #expect(passed.contains("X-TokenGate-Session=\(try sessionID(of: session.accessToken).uuidString)"))
                    #expect(passed.contains("X-TokenGate-Roles=user"))
                    #expect(passed.contains("X-TokenGate-Email=ada@example.com"))
                    #expect(upstream.reached.withLock { $0 } == 1)

                    // A client's own identity headers never get through: nginx sets them from TokenGate's answer.
                    let spoofed = try await get(
                        port,
                        "/notes",
                        token: other.accessToken,
                        extra: "X-TokenGate-User: \(session.user.id.uuidString)\r\n"
                    )
                    #expect(spoofed.contains("X-TokenGate-User=\(other.user.id.uuidString)"))
                    #expect(!spoofed.contains("X-TokenGate-User=\(session.user.id.uuidString)"))
                    #expect(upstream.reached.withLock { $0 } == 2)

                    let missing = try await get(port, "/notes", extra: "X-TokenGate-User: \(session.user.id.uuidString)\r\n")
                    #expect(missing.hasPrefix("HTTP/1.1 401"), "\(missing)")
                    #expect(missing.contains(#"WWW-Authenticate: Bearer realm="tokengate""#))
                    let forged = try await get(port, "/notes", token: String(session.accessToken.dropLast(2)) + "AA")
                    #expect(forged.hasPrefix("HTTP/1.1 401"), "\(forged)")
                    #expect(try await tokenGate.send(.post, "/auth/logout", bearer: session.accessToken).status == .ok)
                    let revoked = try await get(port, "/notes", token: session.accessToken)
                    #expect(revoked.hasPrefix("HTTP/1.1 401"), "\(revoked)")
                    #expect(upstream.reached.withLock { $0 } == 2)
                }
            }
        }
    }
}

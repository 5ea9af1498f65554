import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TokenGate
import TokenGateTestSupport

@testable import TokenGateServer

/// How mails leave (issue #13 point 2): the development outbox and the signed, retried webhook.
struct MailDeliveryTests {
    /// The example of the Standard Webhooks specification (its README and libraries' tests).
    @Test func theSignatureMatchesTheStandardWebhooksExample() throws {
        let key = try MailSettings.webhookKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = MailWebhook.signature(
            body: Data(#"{"test": 2432232314}"#.utf8),
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp: 1_614_265_330,
            key: key
        )
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test(arguments: ["", "whsec_", "whsec_c2hvcnQ=", "not base64 at all!"])
    func aWebhookSecretThatIsNoKeyIsRefused(secret: String) {
        #expect(throws: ConfigurationError.self) { try MailSettings.webhookKey(secret) }
    }

    @Test func theWebhookNeedsItsSecretAndProductionNeedsAPublicURL() throws {
        #expect(throws: ConfigurationError.self) {
            try Settings(environment: ["TOKENGATE_MAIL_WEBHOOK_URL": "https://mail.example.com/hook"])
        }
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        #expect(throws: ConfigurationError.self) {
            try Settings(environment: [
                "TOKENGATE_ENV": "production", "TOKENGATE_MAIL_WEBHOOK_URL": "https://mail.example.com/hook",
                "TOKENGATE_MAIL_WEBHOOK_SECRET": secret,
            ])
        }
        let settings = try Settings(environment: [
            "TOKENGATE_ENV": "production", "TOKENGATE_MAIL_WEBHOOK_URL": "https://mail.example.com/hook",
            "TOKENGATE_MAIL_WEBHOOK_SECRET": secret, "TOKENGATE_PUBLIC_URL": "https://auth.example.com/",
        ])
        #expect(settings.publicURL == "https://auth.example.com")
        guard case .webhook(let url, _) = settings.mailDelivery else {
            Issue.record("expected the webhook, got \(settings.mailDelivery)")
            return
        }
        #expect(url.absoluteString == "https://mail.example.com/hook")
    }

    @Test func theDevelopmentOutboxHoldsAnEmlWhoseLinkCompletesTheReset() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "tokengate-outbox-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = testSettings()
        settings.dataDirectory = folder
        settings.mail.serviceName = "Example Books"
        try await withApp(settings: settings) { client, services in
            _ = try await client.register()
            #expect(try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#).status == .accepted)
            await services.mail?.flush()
            let outbox = "\(folder)/outbox"
            let files = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".eml") }
            #expect(files.count == 1)
            let path = "\(outbox)/\(try #require(files.first))"
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the file holds a live link")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("To: <ada@example.com>\r\n") && text.contains("Subject: Reset your Example Books password\r\n"))
            let match = try #require(text.firstMatch(of: /http:\/\/127\.0\.0\.1:8080\/reset-password\?token=([A-Za-z0-9_-]{43})\n/))
            let reset = try await client.post("/auth/password/reset", json: #"{"token": "\#(match.1)", "new_password": "battery staple"}"#)
            #expect(reset.status == .ok)
            _ = try await client.login(password: "battery staple")
        }
    }

    /// One recorded call of the test receiver.
    private struct Delivery: Sendable {
        let headers: HTTPFields
        let body: Data
    }

    /// A transport whose deliveries wait until the test opens the gate.
    private final class GatedTransport: MailTransport {
        let recorder = MailRecorder()
        private let gate: AsyncStream<Void>
        let open: AsyncStream<Void>.Continuation

        init() { (gate, open) = AsyncStream.makeStream(of: Void.self) }

        func deliver(_ message: MailMessage) async throws {
            for await _ in gate { break }
            try await recorder.deliver(message)
        }
    }

    /// The answer comes while the mail is still undelivered: the request never waits for the mail, whose account
    /// lookup and delivery run in the queue (`AccountLifecycle.requestPasswordReset` is synchronous: it can only queue).
    @Test func aResetRequestIsAnsweredBeforeItsMailIsSent() async throws {
        let transport = GatedTransport()
        try await withApp(mailTransport: transport) { client, services in
            _ = try await client.register()
            let answer = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
            #expect(answer.status == .accepted)
            #expect(transport.recorder.delivered.isEmpty)
            transport.open.finish()
            await services.mail?.flush()
            #expect(transport.recorder.delivered.map(\.to) == ["ada@example.com"])
        }
    }

    /// A webhook that does not answer in time is tried again.
    @Test func aWebhookThatTimesOutIsRetried() async throws {
        try await withReceiver(answers: [.noContent], hangingFirst: true) { webhook, calls in
            var webhook = webhook
            webhook.timeout = .milliseconds(300)
            try await withApp(mailTransport: webhook) { client, services in
                _ = try await client.register()
                _ = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
                await services.mail?.flush()
            }
            #expect(calls().count == 2)
        }
    }

    /// Runs `body` with a webhook receiver on loopback that answers each call with the next of `answers` (the last
    /// one repeating), and a webhook transport pointed at it; with `hangingFirst` the first call gets no answer.
    private func withReceiver(
        answers: [HTTPResponse.Status],
        hangingFirst: Bool = false,
        _ body: @escaping @Sendable (MailWebhook, @escaping @Sendable () -> [Delivery]) async throws -> Void
    ) async throws {
        let calls = Mutex<[Delivery]>([])
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let count = calls.withLock { calls in
                calls.append(Delivery(headers: request.headers, body: Data(bytes.readableBytesView)))
                return calls.count
            }
            if hangingFirst, count == 1 { try await Task.sleep(for: .seconds(2)) }  // far past the webhook timeout the test sets
            return Response(status: answers[min(count, answers.count) - 1])
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { hook in
            let port = try #require(hook.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/hook"))
            var webhook = MailWebhook(url: url, secret: Self.secret, logger: quietLogger())
            webhook.firstRetryDelay = .milliseconds(10)
            try await body(webhook) { calls.withLock { $0 } }
        }
    }

    private static let secret: [UInt8] = Array("a webhook secret of 32 bytes!!!!".utf8)

    @Test func theWebhookIsSignedAndRetriedAfterA5xxWithTheSameID() async throws {
        try await withReceiver(answers: [.serviceUnavailable, .noContent]) { webhook, calls in
            try await withApp(mailTransport: webhook) { client, services in
                _ = try await client.register()
                #expect(try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#).status == .accepted)
                await services.mail?.flush()
            }
            let deliveries = calls()
            #expect(deliveries.count == 2)
            #expect(Set(deliveries.map { $0.headers[HTTPField.Name("webhook-id")!] }).count == 1)
            for delivery in deliveries {
                let id = try #require(delivery.headers[HTTPField.Name("webhook-id")!])
                let timestamp = try #require(delivery.headers[HTTPField.Name("webhook-timestamp")!].flatMap { Int64($0) })
                #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 60)
                let expected = MailWebhook.signature(body: delivery.body, id: id, timestamp: timestamp, key: Self.secret)
                #expect(delivery.headers[HTTPField.Name("webhook-signature")!] == expected)
                let json = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: String])
                #expect(json["type"] == "reset_password" && json["to"] == "ada@example.com")
                #expect(json["link"]?.contains("/reset-password?token=") == true && json["expires_at"] != nil)
            }
        }
    }

    @Test func aClientErrorOfTheWebhookIsNotRetried() async throws {
        try await withReceiver(answers: [.badRequest]) { webhook, calls in
            try await withApp(mailTransport: webhook) { client, services in
                _ = try await client.register()
                _ = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
                await services.mail?.flush()
            }
            #expect(calls().count == 1)
        }
    }

    @Test func aWebhookThatKeepsFailingIsTriedSixTimesWithoutHoldingUpTheRequest() async throws {
        try await withReceiver(answers: [.badGateway]) { webhook, calls in
            try await withApp(mailTransport: webhook) { client, services in
                _ = try await client.register()
                let answer = try await client.post("/auth/password/reset/request", json: #"{"email": "ada@example.com"}"#)
                #expect(answer.status == .accepted)
                await services.mail?.flush()
            }
            #expect(calls().count == 6)
        }
    }
}

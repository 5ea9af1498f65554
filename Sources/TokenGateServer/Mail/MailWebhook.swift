import AsyncHTTPClient
import Crypto
import ExtrasBase64
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import TokenGate

/// Delivers each message as a JSON `POST` (`{type, to, link, expires_at, subject, text}`) to a webhook, signed per
/// the Standard Webhooks specification: `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 of
/// HMAC-SHA256 over "id.timestamp.body">`. A 5xx, 408, 429, a timeout or a refused connection is retried with
/// exponential backoff (the same `webhook-id`, signed anew); any other answer ends the delivery.
struct MailWebhook: MailTransport {
    let url: URL
    let key: [UInt8]
    /// Attempts in all, the first included.
    var attempts = 6
    /// The wait before the second attempt; each later wait doubles.
    var firstRetryDelay: Duration = .seconds(1)
    /// How long one attempt may take.
    var timeout: Duration = .seconds(10)
    let logger: Logger

    init(url: URL, secret: [UInt8], logger: Logger) {
        self.url = url
        self.key = secret
        self.logger = logger
    }

    /// Why a delivery ended without a 2xx.
    struct Refused: Error, CustomStringConvertible {
        let status: UInt
        var description: String { "the mail webhook answered \(status)" }
    }

    func deliver(_ message: MailMessage) async throws {
        let body = try JSONEncoder.webhook.encode(WebhookBody(message))
        let id = "msg_\(UUID().uuidString.lowercased())"
        var delay = firstRetryDelay
        for attempt in 1...attempts {
            do {
                let status = try await post(body, id: id)
                if (200..<300).contains(status) { return }
                guard Self.isWorthRetrying(status), attempt < attempts else { throw Refused(status: status) }
                logger.warning("mail webhook failed; retrying", metadata: ["status": "\(status)", "attempt": "\(attempt)"])
            } catch let refused as Refused {
                throw refused
            } catch {
                guard attempt < attempts else { throw error }
                logger.warning("mail webhook unreachable; retrying", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
            }
            try await Task.sleep(for: delay)
            delay *= 2
        }
    }

    /// Server errors, timeouts and rate limits pass; a client error will not change by itself.
    static func isWorthRetrying(_ status: UInt) -> Bool { status >= 500 || status == 408 || status == 429 }

    /// The `webhook-signature` value for `body` sent as `id` at `timestamp`.
    static func signature(body: Data, id: String, timestamp: Int64, key: [UInt8]) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Base64.encodeToString(bytes: Array(mac))
    }

    private func post(_ body: Data, id: String) async throws -> UInt {
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "webhook-id", value: id)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(name: "webhook-signature", value: Self.signature(body: body, id: id, timestamp: timestamp, key: key))
        request.body = .bytes(ByteBuffer(data: body))
        let parts = timeout.components
        let response = try await HTTPClient.shared.execute(
            request,
            timeout: .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
        )
        _ = try? await response.body.collect(upTo: 64 * 1_024)
        return response.status.code
    }
}

/// The JSON a mail webhook receives.
private struct WebhookBody: Encodable {
    let type: String
    let to: String
    let link: String
    let expiresAt: Date
    let subject: String
    let text: String

    init(_ message: MailMessage) {
        type = message.purpose.rawValue
        to = message.to
        link = message.link
        expiresAt = message.expiresAt
        subject = message.subject
        text = message.text
    }

    enum CodingKeys: String, CodingKey {
        case type, to, link, subject, text
        case expiresAt = "expires_at"
    }
}

extension JSONEncoder {
    fileprivate static var webhook: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

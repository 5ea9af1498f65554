import Foundation
import Synchronization
import TokenGate

/// A mail transport that keeps what it is given, for tests to read the links.
final class MailRecorder: MailTransport {
    private let messages = Mutex<[MailMessage]>([])

    func deliver(_ message: MailMessage) async throws {
        messages.withLock { $0.append(message) }
    }

    /// Every message delivered so far.
    var delivered: [MailMessage] { messages.withLock { $0 } }

    /// The token of the link in the last message, or `nil` when none came.
    var lastToken: String? { delivered.last.flatMap { Self.token(in: $0.link) } }

    /// The `token` query value of `link`.
    static func token(in link: String) -> String? {
        URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value
    }
}

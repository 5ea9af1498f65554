public import Foundation

/// One mail of the account lifecycle: a single-use link for its recipient, with the text that explains it.
public struct MailMessage: Sendable, Equatable {
    /// What the link does.
    public let purpose: LinkPurpose
    /// The recipient's address.
    public let to: String
    /// The link, which holds the token.
    public let link: String
    /// When the link stops working.
    public let expiresAt: Date
    /// The subject line.
    public let subject: String
    /// The plain-text body.
    public let text: String

    /// The message for `purpose` to `to` with `link`, worded by the template of `purpose` and naming `serviceName`.
    public init(purpose: LinkPurpose, to: String, link: String, expiresAt: Date, serviceName: String) {
        self.purpose = purpose
        self.to = to
        self.link = link
        self.expiresAt = expiresAt
        let filled = MailTemplate.text(for: purpose)
            .replacingOccurrences(of: "{{service}}", with: serviceName)
            .replacingOccurrences(of: "{{email}}", with: to)
            .replacingOccurrences(of: "{{lifetime}}", with: MailTemplate.describe(purpose.lifetime))
            .replacingOccurrences(of: "{{link}}", with: link)
        let (subject, body) = MailTemplate.split(filled)
        self.subject = subject
        self.text = body
    }
}

/// Delivers messages: a webhook, or an outbox folder in development.
public protocol MailTransport: Sendable {
    /// Delivers `message`, retrying as the transport sees fit; throws once it gives up.
    func deliver(_ message: MailMessage) async throws
}

/// The mail texts compiled into the binary (`Mail/Templates/*.txt`: a `Subject:` line, a blank line, the body).
enum MailTemplate {
    static func text(for purpose: LinkPurpose) -> String {
        switch purpose {
        case .emailVerification: String(decoding: PackageResources.verify_email_txt, as: UTF8.self)
        case .passwordReset: String(decoding: PackageResources.reset_password_txt, as: UTF8.self)
        }
    }

    /// The subject line and the body of a filled template.
    static func split(_ text: String) -> (subject: String, body: String) {
        let parts = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false)
        let header = parts.first.map(String.init) ?? ""
        let subject = header.hasPrefix("Subject: ") ? String(header.dropFirst("Subject: ".count)) : header
        return (subject, parts.count > 1 ? String(parts[1]) : "")
    }

    /// "24 hours", "30 minutes".
    static func describe(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        if seconds % 3_600 == 0 { return seconds == 3_600 ? "1 hour" : "\(seconds / 3_600) hours" }
        return seconds == 60 ? "1 minute" : "\(seconds / 60) minutes"
    }
}

import Foundation

/// Development delivery: each message becomes an `.eml` file (RFC 5322, plain text) in a folder, readable by any
/// mail client and by tests. The files hold live links, so they are made readable by their owner only.
public struct OutboxFolder: MailTransport {
    /// The folder the files go to.
    public let folder: String
    private let sender: String

    /// An outbox writing to `folder` (created when needed), with `From:` naming `serviceName`.
    public init(folder: String, serviceName: String) {
        self.folder = folder
        self.sender = "\(serviceName.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }) <no-reply@localhost>"
    }

    /// Writes the message to a new file, named by time and a random id so that files sort by arrival.
    public func deliver(_ message: MailMessage) async throws {
        let now = Date()
        let id = UUID().uuidString.lowercased()
        let name = "\(Int64(now.timeIntervalSince1970 * 1_000))-\(message.purpose.rawValue)-\(id).eml"
        let mail = [
            "From: \(sender)",
            "To: <\(message.to)>",
            "Subject: \(message.subject)",
            "Date: \(Self.rfc5322Date(now))",
            "Message-ID: <\(id)@tokengate>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-TokenGate-Purpose: \(message.purpose.rawValue)",
            "",
            message.text,
        ].joined(separator: "\r\n")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFile.create((folder as NSString).appendingPathComponent(name), bytes: Array(mail.utf8))
    }

    /// `Wed, 02 Dec 2026 04:31:21 +0000`.
    private static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

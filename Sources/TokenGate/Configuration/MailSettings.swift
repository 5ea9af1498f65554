import ExtrasBase64
public import Foundation

/// How the mails of the account lifecycle (verification and reset links) leave the server, and what they say.
public struct MailSettings: Sendable {
    /// Where a message goes.
    public enum Delivery: Sendable, Equatable {
        /// `POST`ed to a webhook, signed per Standard Webhooks with `secret` (the key bytes).
        case webhook(url: URL, secret: [UInt8])
        /// Written as `.eml` files into a folder (development and testing).
        case outbox(folder: String)
        /// Not sent: production without a webhook; the mail endpoints answer 501.
        case notConfigured
    }

    /// The webhook (`TOKENGATE_MAIL_WEBHOOK_URL`), if any.
    public var webhookURL: URL?
    /// The webhook's signing key (`TOKENGATE_MAIL_WEBHOOK_SECRET`, `whsec_` and base64 as Standard Webhooks writes it).
    public var webhookSecret: [UInt8]?
    /// Where the links point (`TOKENGATE_PUBLIC_URL`): the console's `/verify-email` and `/reset-password` pages under
    /// it; `nil` uses the server's own address.
    public var publicURL: URL?
    /// The service's name in mail texts (`TOKENGATE_SERVICE_NAME`).
    public var serviceName: String = "TokenGate"
    /// Whether an unverified account may log in (`TOKENGATE_REQUIRE_VERIFIED_EMAIL`).
    public var requireVerifiedEmail = false
    /// Mail requests (verification and reset) per client address and window (`TOKENGATE_MAIL_REQUESTS_PER_ADDRESS`).
    public var requestsPerAddress = 10

    /// Every default: no webhook, links to the server itself.
    public init() {}

    /// Reads the `TOKENGATE_*` variables of mail delivery.
    /// - Throws: ``ConfigurationError`` naming the variable whose value is not valid.
    public init(environment variables: [String: String]) throws {
        self.init()
        if let value = variables["TOKENGATE_MAIL_WEBHOOK_URL"], !value.isEmpty {
            guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil else {
                throw ConfigurationError("TOKENGATE_MAIL_WEBHOOK_URL must be an http:// or https:// URL")
            }
            webhookURL = url
        }
        if let value = variables["TOKENGATE_MAIL_WEBHOOK_SECRET"], !value.isEmpty {
            webhookSecret = try Self.webhookKey(value)
        }
        if let value = variables["TOKENGATE_PUBLIC_URL"], !value.isEmpty {
            guard let url = URL(string: value.hasSuffix("/") ? String(value.dropLast()) : value),
                ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil, url.query == nil
            else { throw ConfigurationError("TOKENGATE_PUBLIC_URL must be the http:// or https:// address users reach the console at") }
            publicURL = url
        }
        if let value = variables["TOKENGATE_SERVICE_NAME"], !value.isEmpty { serviceName = value }
        if let value = variables["TOKENGATE_REQUIRE_VERIFIED_EMAIL"] {
            switch value.lowercased() {
            case "true", "1", "yes": requireVerifiedEmail = true
            case "false", "0", "no", "": requireVerifiedEmail = false
            default: throw ConfigurationError("TOKENGATE_REQUIRE_VERIFIED_EMAIL must be true or false")
            }
        }
        if let value = variables["TOKENGATE_MAIL_REQUESTS_PER_ADDRESS"] {
            requestsPerAddress = try Settings.positive(value, name: "TOKENGATE_MAIL_REQUESTS_PER_ADDRESS")
        }
        guard (webhookURL == nil) == (webhookSecret == nil) else {
            throw ConfigurationError("TOKENGATE_MAIL_WEBHOOK_URL and TOKENGATE_MAIL_WEBHOOK_SECRET go together: set both or neither")
        }
    }

    /// How messages are delivered in `environment`, with the outbox under `dataDirectory`.
    public func delivery(environment: AppEnvironment, dataDirectory: String) -> Delivery {
        if let webhookURL, let webhookSecret { return .webhook(url: webhookURL, secret: webhookSecret) }
        if environment == .production { return .notConfigured }
        return .outbox(folder: (dataDirectory as NSString).appendingPathComponent("outbox"))
    }

    /// The key bytes of a Standard Webhooks secret: base64 after an optional `whsec_`, at least 16 bytes.
    /// - Throws: ``ConfigurationError`` saying how to make one.
    public static func webhookKey(_ text: String) throws -> [UInt8] {
        let encoded = text.hasPrefix("whsec_") ? String(text.dropFirst(6)) : text
        guard let key = try? Base64.decode(string: encoded), key.count >= 16 else {
            throw ConfigurationError(
                "TOKENGATE_MAIL_WEBHOOK_SECRET must be whsec_ followed by base64 of at least 16 random bytes (e.g. whsec_$(openssl rand -base64 32))"
            )
        }
        return key
    }
}

import Foundation
public import Logging

/// Carries out a ``MailJob``: finds the account, stores a new link token for it (replacing the previous one) and
/// hands the message to the transport. An unknown address sends nothing, and nobody is told.
public struct LinkMailer: Sendable {
    private let users: any UserStore
    private let links: any LinkTokenStore
    private let transport: any MailTransport
    private let publicURL: String
    private let serviceName: String
    private let time: TimeSource
    private let logger: Logger

    /// A mailer whose links start with `publicURL` and whose texts name `serviceName`.
    public init(
        users: any UserStore,
        links: any LinkTokenStore,
        transport: any MailTransport,
        publicURL: String,
        serviceName: String,
        time: TimeSource,
        logger: Logger
    ) {
        self.users = users
        self.links = links
        self.transport = transport
        self.publicURL = publicURL
        self.serviceName = serviceName
        self.time = time
        self.logger = logger
    }

    /// Sends the mail `job` asks for; failures are logged (without the link), never thrown.
    public func send(_ job: MailJob) async {
        let purpose: LinkPurpose
        switch job {
        case .verifyEmail: purpose = .emailVerification
        case .resetPassword: purpose = .passwordReset
        }
        do {
            guard let user = try await recipient(of: job), !(purpose == .emailVerification && user.emailVerified) else { return }
            let token = LinkToken()
            let expiresAt = time.now().addingTimeInterval(TimeInterval(purpose.lifetime.components.seconds))
            try await links.replaceLinkToken(hash: token.storedHash, userID: user.id, purpose: purpose, expiresAt: expiresAt)
            let message = MailMessage(
                purpose: purpose,
                to: user.email,
                link: "\(publicURL)/\(Self.page(for: purpose))?token=\(token.value)",
                expiresAt: expiresAt,
                serviceName: serviceName
            )
            try await transport.deliver(message)
            logger.info("mail delivered", metadata: ["purpose": "\(purpose.rawValue)", "user_id": "\(user.id)"])
        } catch {
            // The error's type only: whatever the failure carries, the link stays out of the log.
            logger.error("mail not delivered", metadata: ["purpose": "\(purpose.rawValue)", "error.type": "\(type(of: error))"])
        }
    }

    /// The console page a link of `purpose` opens.
    public static func page(for purpose: LinkPurpose) -> String {
        switch purpose {
        case .emailVerification: "verify-email"
        case .passwordReset: "reset-password"
        }
    }

    private func recipient(of job: MailJob) async throws -> User? {
        switch job {
        case .verifyEmail(let userID): try await users.user(id: userID)
        case .resetPassword(let email): try await users.credentials(forEmail: email)?.user
        }
    }
}

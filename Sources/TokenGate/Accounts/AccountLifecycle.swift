public import Foundation

/// Email verification and password reset (API.md "Account lifecycle"): asking for a link queues a mail and returns;
/// following a link uses it up.
public struct AccountLifecycle: Sendable {
    private let accounts: AccountService
    private let users: any UserStore
    private let links: any LinkTokenStore
    private let sessions: SessionService
    private let mail: MailQueue?
    private let time: TimeSource

    /// The lifecycle over these stores; `mail` is `nil` where no mail can be sent (every step then answers
    /// ``LifecycleError/mailNotConfigured``).
    public init(
        accounts: AccountService,
        users: any UserStore,
        links: any LinkTokenStore,
        sessions: SessionService,
        mail: MailQueue?,
        time: TimeSource
    ) {
        self.accounts = accounts
        self.users = users
        self.links = links
        self.sessions = sessions
        self.mail = mail
        self.time = time
    }

    /// Queues a verification link to the address of `userID`.
    /// - Throws: ``LifecycleError/alreadyVerified``, ``LifecycleError/mailNotConfigured``.
    public func requestEmailVerification(userID: UUID) async throws {
        let mail = try configuredMail()
        guard let user = try await users.user(id: userID) else { throw AccountError.userNotFound }
        guard !user.emailVerified else { throw LifecycleError.alreadyVerified }
        mail.enqueue(.verifyEmail(userID: userID))
    }

    /// Uses up a verification link and marks the address verified.
    /// - Throws: ``LifecycleError/invalidLink``.
    public func verifyEmail(token: String) async throws -> User {
        _ = try configuredMail()
        guard let userID = try await links.consumeLinkToken(hash: LinkToken.storedHash(of: token), purpose: .emailVerification, now: time.now())
        else { throw LifecycleError.invalidLink }
        return try await markVerified(userID)
    }

    /// Queues a reset link to the account with `email`, if there is one. Returns at once either way, having done
    /// the same work, so that neither the answer nor its time tells whether the account exists.
    public func requestPasswordReset(email: String) throws {
        try configuredMail().enqueue(.resetPassword(email: email.trimmingCharacters(in: .whitespaces)))
    }

    /// Uses up a reset link: revokes every session of the account, then stores `newPassword`; the address counts as
    /// verified (the link reached it).
    ///
    /// The link is checked before the new password is hashed and used up after, so a wrong link costs no hashing and
    /// a refused password keeps the link. Were the last write to fail after the sessions were revoked, the old
    /// password would stay and the user asks for a new link: nothing is left half open.
    /// - Returns: the account and how many sessions were revoked.
    /// - Throws: ``InvalidFields`` for a password that breaks the rules, ``LifecycleError/invalidLink``.
    public func resetPassword(token: String, newPassword: String) async throws -> (user: User, revokedSessions: Int) {
        _ = try configuredMail()
        if let problem = PasswordPolicy.problem(with: newPassword) { throw InvalidFields(fields: ["new_password": problem]) }
        let hash = LinkToken.storedHash(of: token)
        guard let owner = try await links.linkTokenOwner(hash: hash, purpose: .passwordReset, now: time.now()) else {
            throw LifecycleError.invalidLink
        }
        let (links, sessions, time) = (self.links, self.sessions, self.time)
        let revoked: Int
        do {
            revoked = try await accounts.storePassword(newPassword, userID: owner) {
                guard try await links.consumeLinkToken(hash: hash, purpose: .passwordReset, now: time.now()) == owner else {
                    throw LifecycleError.invalidLink
                }
                return try await sessions.revokeAll(userID: owner, because: .passwordReset)
            }
        } catch AccountError.userNotFound {
            throw LifecycleError.invalidLink
        }
        return (try await markVerified(owner), revoked)
    }

    /// Marks the address of `userID` verified without a link (an operator's decision).
    /// - Throws: ``AccountError/userNotFound``.
    public func markVerified(_ userID: UUID) async throws -> User {
        guard let user = try await users.markEmailVerified(userID: userID, at: time.now()) else { throw AccountError.userNotFound }
        accounts.accountChanged(userID)
        return user
    }

    /// Deletes the links that have expired.
    public func purgeExpiredLinks(now: Date) async throws {
        try await links.purgeLinkTokens(before: now)
    }

    private func configuredMail() throws -> MailQueue {
        guard let mail else { throw LifecycleError.mailNotConfigured }
        return mail
    }
}

public import Foundation

/// One security event of the audit log (API.md "Operations"): who did what, to whom, from where.
///
/// `detail` holds facts about the event (an email that failed to log in, the roles given); never a password,
/// token, hash, code or secret.
public struct AuditEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, CaseIterable {
        case userRegistered = "user_registered"
        case loginSucceeded = "login_succeeded"
        case loginFailed = "login_failed"
        case loginThrottled = "login_throttled"
        case tokenRefreshed = "token_refreshed"
        case refreshReused = "refresh_reused"
        case sessionRevoked = "session_revoked"
        case loggedOutEverywhere = "logged_out_everywhere"
        case passwordChanged = "password_changed"
        case passwordReset = "password_reset"
        case emailVerified = "email_verified"
        case rolesChanged = "roles_changed"
        case mfaEnabled = "mfa_enabled"
        case mfaDisabled = "mfa_disabled"
        case keyRotated = "key_rotated"
    }

    /// The event's id.
    public let id: UUID
    /// When it happened (millisecond precision in the store).
    public let at: Date
    /// What happened.
    public let kind: Kind
    /// The account it happened to.
    public let userID: UUID?
    /// The session it concerns.
    public let sessionID: UUID?
    /// Who did it, when not the user themself (an admin changing roles).
    public let actorID: UUID?
    /// The client's address.
    public let ip: String?
    /// The client's `User-Agent`, cut like a session's.
    public let userAgent: String?
    /// Facts about the event.
    public let detail: [String: String]

    /// An event.
    public init(
        id: UUID = UUID(),
        at: Date,
        kind: Kind,
        userID: UUID? = nil,
        sessionID: UUID? = nil,
        actorID: UUID? = nil,
        client: SessionClient = .unknown,
        detail: [String: String] = [:]
    ) {
        self.id = id
        self.at = at
        self.kind = kind
        self.userID = userID
        self.sessionID = sessionID
        self.actorID = actorID
        self.ip = client.address
        self.userAgent = client.userAgent
        self.detail = detail
    }
}

/// Which events a list holds.
public struct AuditFilter: Sendable, Equatable {
    /// Only events of this kind.
    public var kind: AuditEvent.Kind?
    /// Only events of this account.
    public var userID: UUID?
    /// Only events at or after this time.
    public var since: Date?

    /// A filter; `nil` parts match everything.
    public init(kind: AuditEvent.Kind? = nil, userID: UUID? = nil, since: Date? = nil) {
        self.kind = kind
        self.userID = userID
        self.since = since
    }
}

public import Foundation

/// A login: the family of refresh tokens that descend from one password check.
public struct Session: Sendable, Equatable {
    /// The session id, written into tokens as `sid`.
    public let id: UUID
    /// The user the session belongs to.
    public let userID: UUID
    /// The `jti` of the one refresh token of this session that may be spent now.
    public var currentRefreshJTI: UUID
    /// The `jti` of the refresh token spent last, if any.
    public var previousRefreshJTI: UUID?
    /// When the current refresh token was issued (the start, or the last rotation).
    public var rotatedAt: Date
    /// When the session began.
    public let createdAt: Date
    /// When the session ends unless refreshed again.
    public var expiresAt: Date
    /// When the session was revoked, if it was.
    public var revokedAt: Date?
    /// The device that logged in, as far as the request said.
    public let client: SessionClient

    /// A session of `userID` that starts at `now` with a new, never rotated refresh token.
    public static func started(userID: UUID, at now: Date, expiresAt: Date, client: SessionClient = .unknown) -> Session {
        Session(
            id: UUID(),
            userID: userID,
            currentRefreshJTI: UUID(),
            previousRefreshJTI: nil,
            rotatedAt: now,
            createdAt: now,
            expiresAt: expiresAt,
            revokedAt: nil,
            client: client
        )
    }

    /// When the session was last used to log in or refresh.
    public var lastUsedAt: Date { rotatedAt }

    /// Creates a session value.
    public init(
        id: UUID,
        userID: UUID,
        currentRefreshJTI: UUID,
        previousRefreshJTI: UUID?,
        rotatedAt: Date,
        createdAt: Date,
        expiresAt: Date,
        revokedAt: Date?,
        client: SessionClient = .unknown
    ) {
        self.id = id
        self.userID = userID
        self.currentRefreshJTI = currentRefreshJTI
        self.previousRefreshJTI = previousRefreshJTI
        self.rotatedAt = rotatedAt
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.client = client
    }
}

/// A revoked session and when it was revoked.
public struct RevokedSession: Sendable, Equatable {
    /// The session id.
    public let id: UUID
    /// When it was revoked.
    public let revokedAt: Date

    /// Creates a value.
    public init(id: UUID, revokedAt: Date) {
        self.id = id
        self.revokedAt = revokedAt
    }
}

/// Why a session operation was refused.
public enum SessionError: Error, Sendable, Equatable {
    /// The token itself was refused.
    case invalidToken(TokenError)
    /// The session was revoked (logout, logout-all, password change or reuse).
    case revoked
    /// A spent refresh token was presented again outside the reuse interval; the session is now revoked.
    case reused
    /// The session or its refresh token has expired.
    case expired
}

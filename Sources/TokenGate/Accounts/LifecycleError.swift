/// Why a step of the account lifecycle (email verification, password reset) was refused.
public enum LifecycleError: Error, Sendable, Equatable {
    /// The link is unknown, used or expired (one answer for all three).
    case invalidLink
    /// The address is verified already.
    case alreadyVerified
    /// The account has not verified its address, and the server requires it to log in.
    case emailNotVerified
    /// The server has no way to send mail (production without a webhook).
    case mailNotConfigured
}

/// Why an account operation was refused.
public enum AccountError: Error, Sendable, Equatable {
    /// The email is unknown or the password is wrong; the two are never told apart.
    case invalidCredentials
    /// Too many failed logins for this address; try again after the given number of seconds.
    case tooManyAttempts(retryAfter: Int)
    /// Another account uses this email address.
    case emailTaken
    /// The account no longer exists.
    case userNotFound
}

/// Why a step of the second factor was refused.
public enum MFAError: Error, Sendable, Equatable {
    /// The account has a confirmed TOTP factor already.
    case alreadyEnabled
    /// The code (or recovery code) is wrong, used already, or there is nothing for it to confirm.
    case invalidCode
    /// The `mfa_token` is unknown, expired or spent (by five wrong codes, or by its login).
    case invalidChallenge
}

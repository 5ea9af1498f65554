/// The password rules of the contract: 8 to 1,024 bytes of UTF-8, not all whitespace, not one of the 10,000 most
/// common passwords.
public enum PasswordPolicy {
    /// The shortest password accepted, in bytes.
    public static let minimumLength = 8
    /// The longest password accepted, in bytes.
    public static let maximumLength = 1_024

    /// Why `password` is not acceptable, or `nil` when it is.
    public static func problem(with password: String) -> String? {
        let length = password.utf8.count
        if length < minimumLength { return "must be at least \(minimumLength) bytes" }
        if length > maximumLength { return "must be at most \(maximumLength) bytes" }
        if password.allSatisfy(\.isWhitespace) { return "must not be only whitespace" }
        if CommonPasswords.contains(password) { return "is one of the most common passwords; choose another" }
        return nil
    }
}

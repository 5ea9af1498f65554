/// A role that decides what a user may do.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Every user.
    case user
    /// May change the books catalogue.
    case editor
    /// May manage users and roles.
    case admin

    /// Orders roles by name, so that role lists print the same way every time.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why an operation on a book or template was refused.
public enum ResourceError: Error, Sendable, Equatable {
    /// There is no such item, or it belongs to someone else.
    case notFound
    /// The user already has a template with this text.
    case duplicateTemplate
}

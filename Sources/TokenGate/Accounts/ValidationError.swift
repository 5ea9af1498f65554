/// Input that breaks the rules of the API contract, field by field.
public struct ValidationError: Error, Sendable, Equatable {
    /// For each failing field, one sentence saying what is wrong.
    public let fields: [String: String]

    /// Creates an error for the given fields.
    public init(fields: [String: String]) { self.fields = fields }
}

/// Collects field failures and throws them together.
struct FieldValidator {
    private(set) var failures: [String: String] = [:]

    /// Records `message` for `field` unless the field already failed.
    mutating func fail(_ field: String, _ message: String) {
        if failures[field] == nil { failures[field] = message }
    }

    /// Throws a ``ValidationError`` when any field failed.
    func check() throws {
        if !failures.isEmpty { throw ValidationError(fields: failures) }
    }
}

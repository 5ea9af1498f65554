/// Input that breaks the rules of the API contract, field by field.
public struct InvalidFields: Error, Sendable, Equatable {
    /// For each failing field, one sentence saying what is wrong.
    public let fields: [String: String]

    /// Creates an error for the given fields.
    public init(fields: [String: String]) { self.fields = fields }
}

/// Collects what is wrong with each field of some input and throws it all at once: the one validator of the
/// domain rules and of the HTTP layer's required fields.
public struct FieldCheck: Sendable {
    /// For each failing field, the first problem recorded.
    public private(set) var failures: [String: String] = [:]

    /// An empty check.
    public init() {}

    /// Records `message` for `field` unless the field already failed.
    public mutating func fail(_ field: String, _ message: String) {
        if failures[field] == nil { failures[field] = message }
    }

    /// Records `message` for the field of `key` unless it already failed.
    public mutating func fail(_ key: some CodingKey, _ message: String) { fail(key.stringValue, message) }

    /// `value`, recording the field of `key` as required when it is `nil`.
    public mutating func require<Value>(_ value: Value?, _ key: some CodingKey, default fallback: Value) -> Value {
        guard let value else {
            fail(key, "is required")
            return fallback
        }
        return value
    }

    /// `value`, recording the field of `key` as required when it is `nil`.
    public mutating func require(_ value: String?, _ key: some CodingKey) -> String { require(value, key, default: "") }

    /// Throws ``InvalidFields`` when any field failed.
    public func check() throws(InvalidFields) {
        if !failures.isEmpty { throw InvalidFields(fields: failures) }
    }
}

#if MySQL
/// A value bound to a statement's placeholder or read from a row.
enum MySQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])

    /// The value of an SQLKit bind: integers, floating point, text, booleans, bytes, or `nil`.
    /// - Throws: ``MySQLError`` for any other type.
    init(binding value: any Encodable & Sendable) throws {
        let encoder = MySQLValueEncoder()
        try value.encode(to: encoder)
        guard let encoded = encoder.value else {
            throw MySQLError(code: 2036, sqlState: "HY000", message: "cannot bind a value of type \(type(of: value))")
        }
        self = encoded
    }
}
#endif

#if MySQL
/// Decodes one column's value (text, or NULL) as a single value of the type asked for; `Optional` works through
/// `decodeNil`.
struct MySQLValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: MySQLValue
    let column: String
    var codingPath: [any CodingKey] { [MySQLColumnKey(stringValue: column)] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw mismatch("a keyed value")
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw mismatch("a list") }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch try text() {
        case "1", "true", "TRUE": true
        case "0", "false", "FALSE": false
        default: throw mismatch("a boolean")
        }
    }

    func decode(_ type: String.Type) throws -> String { try text() }
    func decode(_ type: Double.Type) throws -> Double { try parse(Double.init, "a number") }
    func decode(_ type: Float.Type) throws -> Float { try parse(Float.init, "a number") }
    func decode(_ type: Int.Type) throws -> Int { try parse { Int($0) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try parse { Int8($0) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try parse { Int16($0) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try parse { Int32($0) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try parse { Int64($0) } }
    func decode(_ type: UInt.Type) throws -> UInt { try parse { UInt($0) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try parse { UInt8($0) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try parse { UInt16($0) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try parse { UInt32($0) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try parse { UInt64($0) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

    private func text() throws -> String {
        switch value {
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: throw DecodingError.valueNotFound(String.self, .init(codingPath: codingPath, debugDescription: "\(column) is NULL"))
        }
    }

    private func parse<T>(_ convert: (String) -> T?, _ expected: String = "an integer") throws -> T {
        guard let parsed = convert(try text()) else { throw mismatch(expected) }
        return parsed
    }

    private func mismatch(_ expected: String) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "\(column) is not \(expected)"))
    }
}
#endif

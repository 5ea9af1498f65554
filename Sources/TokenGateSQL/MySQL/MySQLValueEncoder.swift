#if MySQL
/// Turns one bound value into a ``MySQLValue`` through its `Encodable` conformance (an `Optional` encodes its
/// `nil` or its wrapped value here); keyed and unkeyed values are refused.
final class MySQLValueEncoder: Encoder, SingleValueEncodingContainer {
    private(set) var value: MySQLValue?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Refused<Key>())
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { Refused<PositionKey>() }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { value = .null }
    func encode(_ value: Bool) throws { self.value = .integer(value ? 1 : 0) }
    func encode(_ value: String) throws { self.value = .text(value) }
    func encode(_ value: Double) throws { self.value = .double(value) }
    func encode(_ value: Float) throws { self.value = .double(Double(value)) }
    func encode(_ value: Int) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int8) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int16) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int32) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int64) throws { self.value = .integer(value) }
    func encode(_ value: UInt8) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt16) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt32) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt) throws { self.value = .integer(try Self.signed(value)) }
    func encode(_ value: UInt64) throws { self.value = .integer(try Self.signed(value)) }

    func encode<T: Encodable>(_ value: T) throws {
        if let bytes = value as? [UInt8] {
            self.value = .bytes(bytes)
        } else {
            try value.encode(to: self)
        }
    }

    private static func signed<T: BinaryInteger>(_ value: T) throws -> Int64 {
        guard let signed = Int64(exactly: value) else {
            throw MySQLError(code: 2036, sqlState: "22003", message: "the value \(value) does not fit a BIGINT")
        }
        return signed
    }

    /// The key type of the refused unkeyed container.
    private struct PositionKey: CodingKey {
        let stringValue: String
        let intValue: Int?
        init?(stringValue: String) { (self.stringValue, intValue) = (stringValue, nil) }
        init?(intValue: Int) { (stringValue, self.intValue) = ("\(intValue)", intValue) }
    }

    /// A container for values that have no single value: using it leaves the encoder's value unset.
    private struct Refused<Key: CodingKey>: KeyedEncodingContainerProtocol, UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil(forKey key: Key) throws { throw Self.refusal }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw Self.refusal }
        mutating func encodeNil() throws { throw Self.refusal }
        mutating func encode<T: Encodable>(_ value: T) throws { throw Self.refusal }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refused<NestedKey>())
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { self }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refused<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder(forKey key: Key) -> any Encoder { MySQLValueEncoder() }
        mutating func superEncoder() -> any Encoder { MySQLValueEncoder() }

        private static var refusal: MySQLError {
            MySQLError(code: 2036, sqlState: "HY000", message: "only single values can be bound to a placeholder")
        }
    }
}
#endif

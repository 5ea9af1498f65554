import Foundation

extension JSONWriter {
    /// Writes `value` through its `Encodable` conformance, straight into this writer: no intermediate tree.
    ///
    /// The text matches `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` when the body's `CodingKeys` are
    /// declared in sorted order (members are written in encoding order), with three rules of the contract: a `Date` is
    /// an RFC 3339 string to the second, a `UUID` its upper-case string, and a `nil` optional is written as `null`,
    /// never left out. A `[String: String]` is written with sorted keys.
    public mutating func write(_ value: some Encodable) throws {
        let output = Output(self)
        self = JSONWriter(capacity: 0)  // one owner of the bytes while the encoders append
        defer { self = output.json }
        let encoder = StreamingEncoder(output: output, depth: 0)
        try encoder.encodeValue(value)
    }
}

/// The writer the encoders share, and the closing brackets of the containers still open.
private final class Output {
    var json: JSONWriter
    var closers: [UInt8] = []

    init(_ json: JSONWriter) { self.json = json }

    /// Opens `open` unless the value at `depth` has opened its container already (a second `container(keyedBy:)`
    /// call on one encoder continues the same object).
    func open(_ open: UInt8, closer: UInt8, depth: Int) {
        guard closers.count == depth else { return }
        json.appendByte(open)
        closers.append(closer)
    }

    /// Closes every container opened at or below `depth`.
    func close(to depth: Int) {
        while closers.count > depth { json.appendByte(closers.removeLast()) }
    }

    /// A comma unless this is the first element of the container just opened.
    func separate() {
        if let last = json.bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "[") { json.appendByte(UInt8(ascii: ",")) }
    }

    /// A member's key and colon.
    func key(_ key: some CodingKey) {
        separate()
        json.string(key.stringValue)
        json.appendByte(UInt8(ascii: ":"))
    }
}

/// An `Encoder` for one value at one nesting depth.
private struct StreamingEncoder: Encoder {
    let output: Output
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Writes `value`, closing whatever containers its encoding opened.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if T.self == Date.self {
            output.json.time(value as! Date)
        } else if T.self == UUID.self {
            output.json.uuid(value as! UUID)
        } else if T.self == [String: String].self {
            output.json.object { json in
                let dictionary = value as! [String: String]
                for key in dictionary.keys.sorted() { json.member(key, dictionary[key]!) }
            }
        } else {
            let nested = StreamingEncoder(output: output, depth: output.closers.count)
            try value.encode(to: nested)
            output.close(to: nested.depth)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        output.open(UInt8(ascii: "{"), closer: UInt8(ascii: "}"), depth: depth)
        return KeyedEncodingContainer(KeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        output.open(UInt8(ascii: "["), closer: UInt8(ascii: "]"), depth: depth)
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(encoder: self) }
}

/// The members of one object.
private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { [] }
    private var output: Output { encoder.output }

    mutating func encodeNil(forKey key: Key) throws {
        output.key(key)
        output.json.literal("null")
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        output.key(key)
        output.json.literal(value ? "true" : "false")
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        output.key(key)
        output.json.string(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeNumber(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeNumber(value, forKey: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        output.key(key)
        try encoder.encodeValue(value)
    }

    // The contract writes `null` for a missing value rather than leaving the member out.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        output.key(key)
        return StreamingEncoder(output: output, depth: output.closers.count).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        output.key(key)
        return StreamingEncoder(output: output, depth: output.closers.count).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }

    private func encodeNumber(_ value: some LosslessStringConvertible, forKey key: Key) throws {
        output.key(key)
        output.json.literal(value.description)
    }
}

/// The elements of one array.
private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0
    private var output: Output { encoder.output }

    mutating func encodeNil() throws {
        output.separate()
        output.json.literal("null")
        count += 1
    }
    mutating func encode(_ value: Bool) throws { try encodeLiteral(value ? "true" : "false") }
    mutating func encode(_ value: String) throws {
        output.separate()
        output.json.string(value)
        count += 1
    }
    mutating func encode(_ value: Double) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Float) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Int) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Int8) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Int16) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Int32) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: Int64) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: UInt) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: UInt8) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: UInt16) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: UInt32) throws { try encodeLiteral(value.description) }
    mutating func encode(_ value: UInt64) throws { try encodeLiteral(value.description) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        output.separate()
        try encoder.encodeValue(value)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        output.separate()
        count += 1
        return StreamingEncoder(output: output, depth: output.closers.count).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        output.separate()
        count += 1
        return StreamingEncoder(output: output, depth: output.closers.count).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }

    private mutating func encodeLiteral(_ text: String) throws {
        output.separate()
        output.json.literal(text)
        count += 1
    }
}

/// One value on its own.
private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { [] }
    private var output: Output { encoder.output }

    mutating func encodeNil() throws { output.json.literal("null") }
    mutating func encode(_ value: Bool) throws { output.json.literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { output.json.string(value) }
    mutating func encode(_ value: Double) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Float) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Int) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Int8) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Int16) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Int32) throws { output.json.literal(value.description) }
    mutating func encode(_ value: Int64) throws { output.json.literal(value.description) }
    mutating func encode(_ value: UInt) throws { output.json.literal(value.description) }
    mutating func encode(_ value: UInt8) throws { output.json.literal(value.description) }
    mutating func encode(_ value: UInt16) throws { output.json.literal(value.description) }
    mutating func encode(_ value: UInt32) throws { output.json.literal(value.description) }
    mutating func encode(_ value: UInt64) throws { output.json.literal(value.description) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}

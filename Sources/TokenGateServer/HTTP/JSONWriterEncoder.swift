import Foundation

extension JSONWriter {
    /// Writes `value` through its `Encodable` conformance, straight into this writer: no intermediate tree.
    ///
    /// The text matches `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` when the body's `CodingKeys` are
    /// declared in sorted order (members are written in encoding order), with three rules of the contract: a `Date` is
    /// an RFC 3339 string to the second, a `UUID` its upper-case string, and a `nil` optional is written as `null`,
    /// never left out. A `[String: String]` is written with sorted keys.
    public mutating func write(_ value: some Encodable) throws {
        try withUnsafeMutablePointer(to: &self) { json in
            var open = OpenContainers()
            try withUnsafeMutablePointer(to: &open) { open in
                try StreamingEncoder(output: Output(json: json, open: open), depth: 0).encodeValue(value)
            }
        }
    }
}

/// The containers still open, innermost last, as a stack of bits: no allocation per body.
private struct OpenContainers {
    /// How many are open.
    var depth = 0
    /// Bit `n` set: the container at depth `n` is an object; clear: an array.
    var objects: UInt64 = 0
}

/// The writer and the open containers that the encoders of one ``JSONWriter/write(_:)`` call share. It lives only
/// for that call: every encoder is used within it.
private struct Output {
    let json: UnsafeMutablePointer<JSONWriter>
    let open: UnsafeMutablePointer<OpenContainers>

    /// How many containers are open.
    var depth: Int { open.pointee.depth }

    /// Opens an object (or an array) unless the value at `depth` has opened its container already (a second
    /// `container(keyedBy:)` call on one encoder continues the same object).
    func open(object: Bool, depth: Int) {
        guard open.pointee.depth == depth else { return }
        precondition(depth < 64, "JSON nested more than 64 deep")
        json.pointee.appendByte(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        if object { open.pointee.objects |= 1 << UInt64(depth) } else { open.pointee.objects &= ~(1 << UInt64(depth)) }
        open.pointee.depth += 1
    }

    /// Closes every container opened at or below `depth`.
    func close(to depth: Int) {
        while open.pointee.depth > depth {
            open.pointee.depth -= 1
            let isObject = open.pointee.objects & (1 << UInt64(open.pointee.depth)) != 0
            json.pointee.appendByte(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// A comma unless this is the first element of the container just opened.
    func separate() {
        if let last = json.pointee.bytes.last, last != UInt8(ascii: "{"), last != UInt8(ascii: "[") {
            json.pointee.appendByte(UInt8(ascii: ","))
        }
    }

    /// A member's key and colon.
    func key(_ key: some CodingKey) {
        separate()
        json.pointee.string(key.stringValue)
        json.pointee.appendByte(UInt8(ascii: ":"))
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
        if T.self == String.self {
            output.json.pointee.string(value as! String)
        } else if T.self == [String].self {
            output.json.pointee.strings(value as! [String])
        } else if T.self == Date.self {
            output.json.pointee.time(value as! Date)
        } else if T.self == UUID.self {
            output.json.pointee.uuid(value as! UUID)
        } else if T.self == [String: String].self {
            output.json.pointee.object { json in
                let dictionary = value as! [String: String]
                for key in dictionary.keys.sorted() { json.member(key, dictionary[key]!) }
            }
        } else {
            let nested = StreamingEncoder(output: output, depth: output.depth)
            try value.encode(to: nested)
            output.close(to: nested.depth)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        output.open(object: true, depth: depth)
        return KeyedEncodingContainer(KeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        output.open(object: false, depth: depth)
        return UnkeyedContainer(output: output)
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
        output.json.pointee.literal("null")
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        output.key(key)
        output.json.pointee.literal(value ? "true" : "false")
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        output.key(key)
        output.json.pointee.string(value)
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
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOrNull(value, forKey: key) }

    private mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        output.key(key)
        return StreamingEncoder(output: output, depth: output.depth).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        output.key(key)
        return StreamingEncoder(output: output, depth: output.depth).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }

    private func encodeNumber(_ value: some LosslessStringConvertible, forKey key: Key) throws {
        output.key(key)
        output.json.pointee.literal(value.description)
    }
}

/// The elements of one array.
private struct UnkeyedContainer: UnkeyedEncodingContainer {
    // Three words at most, so that the existential holds it without a heap box.
    let output: Output
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }
    /// An encoder for the next element.
    private var encoder: StreamingEncoder { StreamingEncoder(output: output, depth: output.depth) }

    mutating func encodeNil() throws {
        output.separate()
        output.json.pointee.literal("null")
        count += 1
    }
    mutating func encode(_ value: Bool) throws { try encodeLiteral(value ? "true" : "false") }
    mutating func encode(_ value: String) throws {
        output.separate()
        output.json.pointee.string(value)
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
        return StreamingEncoder(output: output, depth: output.depth).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        output.separate()
        count += 1
        return StreamingEncoder(output: output, depth: output.depth).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }

    private mutating func encodeLiteral(_ text: String) throws {
        output.separate()
        output.json.pointee.literal(text)
        count += 1
    }
}

/// One value on its own.
private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { [] }
    private var output: Output { encoder.output }

    mutating func encodeNil() throws { output.json.pointee.literal("null") }
    mutating func encode(_ value: Bool) throws { output.json.pointee.literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { output.json.pointee.string(value) }
    mutating func encode(_ value: Double) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Float) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Int) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Int8) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Int16) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Int32) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: Int64) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: UInt) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: UInt8) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: UInt16) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: UInt32) throws { output.json.pointee.literal(value.description) }
    mutating func encode(_ value: UInt64) throws { output.json.pointee.literal(value.description) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encodeValue(value) }
}

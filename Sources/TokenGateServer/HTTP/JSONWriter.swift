public import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
import TokenGate

/// A value that writes itself as JSON text.
public protocol JSONWritable {
    /// Appends this value's JSON text to `json`.
    func write(to json: inout JSONWriter)
}

/// Appends JSON text to a byte array: response bodies are written member by member, with no intermediate tree.
///
/// Strings are escaped as `JSONEncoder` escapes them (slashes left as they are); members appear in the order written.
public struct JSONWriter {
    /// The JSON text written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next object member needs a comma before it.
    private var afterMember = false

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes an object whose members `members` writes with ``member(_:_:)``.
    public mutating func object(_ members: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        let outer = afterMember
        afterMember = false
        members(&self)
        afterMember = outer
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes one member of the object being written.
    public mutating func member(_ key: String, _ value: some JSONWritable) {
        if afterMember { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        afterMember = false
        value.write(to: &self)
        afterMember = true
    }

    /// Writes an array of `elements`.
    public mutating func array(_ elements: some Sequence<some JSONWritable>) {
        bytes.append(UInt8(ascii: "["))
        let outer = afterMember
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            afterMember = false
            element.write(to: &self)
        }
        afterMember = outer
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `value` as a JSON string, escaping quotes, backslashes and control characters.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            var start = 0
            for index in text.indices where text[index] < 0x20 || text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "\\") {
                bytes.append(contentsOf: text[start..<index])
                writeEscaped(text[index])
                start = index + 1
            }
            bytes.append(contentsOf: text[start...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes the literal `text` as it is (a number or `null`).
    mutating func literal(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes `id` as its upper-case canonical string.
    mutating func uuid(_ id: UUID) {
        bytes.append(UInt8(ascii: "\""))
        id.appendCanonical(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `date` as an RFC 3339 string to the second.
    mutating func time(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): literal("\\\"")
        case UInt8(ascii: "\\"): literal("\\\\")
        case 0x08: literal("\\b")
        case 0x0C: literal("\\f")
        case UInt8(ascii: "\n"): literal("\\n")
        case UInt8(ascii: "\r"): literal("\\r")
        case UInt8(ascii: "\t"): literal("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            literal("\\u00")
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0x0F)])
        }
    }
}

/// A response body written with ``JSONWriter``.
public protocol JSONResponseBody: ResponseGenerator, JSONWritable {}

extension JSONResponseBody {
    /// A 200 response with this body as `application/json`.
    public func response(from request: Request, context: some RequestContext) -> Response {
        JSONWriter.response(self)
    }
}

extension JSONWriter {
    /// A response carrying `body` as `application/json`, with `status` and `headers`.
    static func response(_ body: some JSONWritable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var json = JSONWriter()
        body.write(to: &json)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(json.bytes.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}

extension String: JSONWritable {
    /// Writes the string, escaped.
    public func write(to json: inout JSONWriter) { json.string(self) }
}

extension Int64: JSONWritable {
    /// Writes the number.
    public func write(to json: inout JSONWriter) { json.literal(String(self)) }
}

extension UUID: JSONWritable {
    /// Writes the canonical upper-case form.
    public func write(to json: inout JSONWriter) { json.uuid(self) }
}

extension Date: JSONWritable {
    /// Writes the time as an RFC 3339 string to the second.
    public func write(to json: inout JSONWriter) { json.time(self) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    /// Writes the value, or `null`.
    public func write(to json: inout JSONWriter) {
        switch self {
        case .some(let value): value.write(to: &json)
        case .none: json.literal("null")
        }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    /// Writes the elements as an array.
    public func write(to json: inout JSONWriter) { json.array(self) }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    /// Writes the entries as an object, keys in sorted order.
    public func write(to json: inout JSONWriter) {
        json.object { json in
            for key in keys.sorted() { json.member(key, self[key]!) }
        }
    }
}

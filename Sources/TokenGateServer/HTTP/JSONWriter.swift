import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
import TokenGate

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

    /// Writes an object whose members `members` writes with ``member(_:_:)`` or ``key(_:)`` and a value.
    public mutating func object(_ members: (inout JSONWriter) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "{"))
        let outer = afterMember
        afterMember = false
        try members(&self)
        afterMember = outer
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes one string member of the object being written.
    public mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    /// Starts a member of the object being written: `"key":`, after a comma when a member came before. The value
    /// must follow.
    public mutating func key(_ key: String) {
        if afterMember { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        afterMember = true
    }

    /// Writes `value` as a JSON string, escaping quotes, backslashes and control characters.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            guard JSONEscaping.needsEscaping(text) else { return bytes.append(contentsOf: text) }
            var start = 0
            for index in text.indices where JSONEscaping.needsEscaping(text[index]) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
                writeEscaped(text[index])
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes `values` as a JSON array of strings.
    mutating func strings(_ values: [String]) {
        array(values) { json, value in json.string(value) }
    }

    /// Writes `values` as a JSON array, each element written by `element`.
    mutating func array<Element>(_ values: [Element], _ element: (inout JSONWriter, Element) throws -> Void) rethrows {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `value` as a JSON string, or `null` when it is `nil`.
    mutating func string(orNull value: String?) {
        if let value { string(value) } else { literal("null") }
    }

    /// Writes `true` or `false`.
    mutating func bool(_ value: Bool) {
        literal(value ? "true" : "false")
    }

    /// Appends one byte of JSON syntax.
    mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

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

/// A response body: a struct with `CodingKeys` (declared in sorted order), written with ``JSONWriter``.
public protocol JSONResponseBody: ResponseGenerator, Encodable {}

extension JSONResponseBody {
    /// A 200 response with this body as `application/json`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONWriter.response(self)
    }
}

extension JSONWriter {
    /// A response carrying `body` as `application/json`, with `status` and `headers`.
    static func response(_ body: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try response(status: status, headers: headers) { json in try json.write(body) }
    }

    /// A response carrying the JSON that `write` writes as `application/json`, with `status` and `headers`.
    static func response(
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:],
        _ write: (inout JSONWriter) throws -> Void
    ) throws -> Response {
        var json = JSONWriter()
        try write(&json)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(json.bytes.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}

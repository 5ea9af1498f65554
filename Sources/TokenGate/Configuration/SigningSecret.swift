/// The HMAC secret that signs tokens. It never prints itself.
public struct SigningSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret's bytes.
    public let bytes: [UInt8]

    /// Wraps the UTF-8 bytes of `text`.
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// Wraps raw bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Always `<redacted>`, so that a secret cannot reach a log by accident.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}

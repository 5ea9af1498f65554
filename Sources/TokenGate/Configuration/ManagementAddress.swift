import Foundation

/// The host and port of the management listener (`TOKENGATE_MANAGEMENT_ADDRESS`).
public struct ManagementAddress: Sendable, Equatable, CustomStringConvertible {
    /// The host or IP address to bind.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// An address.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port` (`[::1]:9090` for IPv6), or `nil` for `off`.
    /// - Throws: ``ConfigurationError`` naming the variable and the expected shape.
    public static func parse(_ text: String) throws -> ManagementAddress? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == "off" { return nil }
        let shapeError = ConfigurationError("TOKENGATE_MANAGEMENT_ADDRESS must be host:port (such as 127.0.0.1:9090) or off")
        guard let colon = text.lastIndex(of: ":") else { throw shapeError }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port) else { throw shapeError }
        return ManagementAddress(host: host, port: port)
    }

    /// `host:port` as an operator writes it.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

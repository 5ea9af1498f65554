import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The proxies whose `X-Forwarded-For` is believed (`TOKENGATE_TRUSTED_PROXIES`): addresses and CIDR ranges,
/// IPv4 and IPv6.
public struct TrustedProxies: Sendable, Equatable {
    /// One range: the network's bytes and how many leading bits must match.
    struct Range: Sendable, Equatable {
        let network: [UInt8]
        let prefixLength: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == network.count else { return false }
            var remaining = prefixLength
            for (byte, networkByte) in zip(address, network) where remaining > 0 {
                let bits = min(remaining, 8)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if byte & mask != networkByte & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    private let ranges: [Range]

    /// No proxy is trusted: the client address is always the socket peer.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) { self.ranges = ranges }

    /// Whether no proxy is trusted.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Parses a comma-separated list such as `10.0.0.0/8, 192.168.1.7, ::1, fd00::/8`.
    /// - Throws: ``ConfigurationError`` naming the entry that is not an address or range.
    public static func parse(_ text: String) throws -> TrustedProxies {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let network = Self.bytes(of: parts[0]) else {
                throw ConfigurationError("TOKENGATE_TRUSTED_PROXIES: '\(entry)' is not an IP address or CIDR range (such as 10.0.0.0/8)")
            }
            let bits = network.count * 8
            let prefix = parts.count == 2 ? Int(parts[1]) : bits
            guard let prefix, (0...bits).contains(prefix) else {
                throw ConfigurationError("TOKENGATE_TRUSTED_PROXIES: '\(entry)' has a prefix length outside 0...\(bits)")
            }
            ranges.append(Range(network: network, prefixLength: prefix))
        }
        return TrustedProxies(ranges: ranges)
    }

    /// Whether `address` (an IP address in text) is one of the trusted proxies.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the socket `peer`, unless the peer is a trusted proxy; then the last address in
    /// `forwardedFor` (the `X-Forwarded-For` values, in order) that is not a trusted proxy — each trusted proxy
    /// appends the address it received the request from, so everything left of the first untrusted hop may be forged.
    /// An entry that is not an IP address ends the walk at the hop before it.
    public func clientAddress(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { return client }
            client = hop
            if !contains(hop) { return hop }
        }
        return client
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address in text, or `nil`.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

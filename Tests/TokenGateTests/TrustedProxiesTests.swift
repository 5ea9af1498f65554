import Testing

@testable import TokenGate

/// `TOKENGATE_TRUSTED_PROXIES`: which `X-Forwarded-For` is believed, and which address it yields.
struct TrustedProxiesTests {
    @Test func addressesAndRangesOfBothFamiliesMatch() throws {
        let trusted = try TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, ::1, fd00::/8")
        for address in ["10.1.2.3", "10.255.255.255", "192.168.1.7", "::1", "fd12:3456::1"] { #expect(trusted.contains(address), "\(address)") }
        for address in ["11.0.0.1", "192.168.1.8", "::2", "fe80::1", "not an address", ""] { #expect(!trusted.contains(address), "\(address)") }
        #expect(try TrustedProxies.parse("").isEmpty)
    }

    @Test(arguments: ["10.0.0.0/33", "300.1.1.1", "proxy.internal", "::1/129", "10.0.0.0/x"])
    func aBadEntryStopsTheStart(text: String) {
        #expect(throws: ConfigurationError.self) { try TrustedProxies.parse(text) }
    }

    @Test func theClientIsTheLastHopThatIsNotATrustedProxy() throws {
        let trusted = try TrustedProxies.parse("127.0.0.1, 10.0.0.0/8")
        // The peer is not trusted: its header is ignored, whatever it says.
        #expect(trusted.clientAddress(peer: "198.51.100.1", forwardedFor: ["203.0.113.9"]) == "198.51.100.1")
        // A trusted peer: the rightmost untrusted hop; a client's own forged entries further left do not count.
        #expect(trusted.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4, 203.0.113.9"]) == "203.0.113.9")
        #expect(trusted.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4", "203.0.113.9, 10.0.0.5"]) == "203.0.113.9")
        // Only trusted hops: the leftmost of them; no header: the peer; garbage: the hop before it.
        #expect(trusted.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.0.0.9, 10.0.0.5"]) == "10.0.0.9")
        #expect(trusted.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(trusted.clientAddress(peer: "127.0.0.1", forwardedFor: ["<script>, 10.0.0.5"]) == "10.0.0.5")
        let chain = try TrustedProxies.parse("127.0.0.1, 203.0.113.0/24")
        #expect(chain.clientAddress(peer: "127.0.0.1", forwardedFor: ["198.51.100.7, 203.0.113.9"]) == "198.51.100.7")
    }
}

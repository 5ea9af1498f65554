import Crypto
public import Foundation
import JWTKit

/// The keys that sign and verify tokens, each known by its `kid` and bound to exactly one algorithm.
///
/// Verification looks the header's `kid` up here first and requires the header's `alg` to be that
/// key's algorithm, so an unknown `kid` or an algorithm swap never reaches a key. A retired key verifies (and is
/// published) until the longest token it could have signed has expired.
public struct KeyRing: Sendable {
    /// The `kid` new tokens are signed with.
    public let signingKeyID: String
    /// Every key: the signing key first, then the retired ones.
    public let entries: [KeyRingEntry]
    /// The JWTKit collection holding every key of the ring; it signs.
    let keys: JWTKeyCollection
    /// Each key's JWTKit algorithm and the end of its use, by `kid`; verification uses these directly, without a hop
    /// onto the collection's actor.
    private let verifiers: [String: (algorithm: any JWTAlgorithm, until: Date?)]
    /// The encoded JWS header segment the signing key signs with, so that a token carrying it needs no header parsing;
    /// `nil` for a ring that only verifies.
    private let signedHeader: (segment: [UInt8], header: TokenHeader)?

    private init(entries: [KeyRingEntry], keys: JWTKeyCollection, signs: Bool = true) async throws {
        self.signingKeyID = entries.first?.keyID ?? ""
        self.entries = entries
        self.keys = keys
        var verifiers: [String: (algorithm: any JWTAlgorithm, until: Date?)] = [:]
        for entry in entries {
            verifiers[entry.keyID] = (try await keys.getKey(for: JWKIdentifier(string: entry.keyID)), entry.verifiesUntil)
        }
        self.verifiers = verifiers
        if signs {
            let probe = try await keys.sign(HeaderProbe(), kid: JWKIdentifier(string: signingKeyID))
            let header = TokenHeader(alg: entries[0].algorithm.rawValue, kid: signingKeyID)
            signedHeader = (Array(probe.utf8.prefix { $0 != UInt8(ascii: ".") }), header)
        } else {
            signedHeader = nil
        }
    }

    /// A ring with one HS256 key made from `secret`; its `kid` is derived from the secret without revealing it.
    public static func hmac(secret: SigningSecret) async throws -> KeyRing {
        let digest = SHA256.hash(data: Array("tokengate-kid:".utf8) + secret.bytes)
        let keyID = "hs256-" + Hex.encode(digest.prefix(8))
        let keys = JWTKeyCollection()
        await keys.add(
            hmac: HMACKey(key: SymmetricKey(data: secret.bytes)),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: keyID),
            serializer: serializer
        )
        return try await KeyRing(entries: [KeyRingEntry(keyID: keyID, algorithm: .hs256)], keys: keys)
    }

    /// A ring that only verifies, with the public `keys` (as another service reads them from a JWKS); it cannot sign.
    public static func verifying(_ keys: [AsymmetricKey]) async throws -> KeyRing {
        let collection = JWTKeyCollection()
        for key in keys { await add(key.publicOnly, to: collection) }
        return try await KeyRing(entries: keys.map { KeyRingEntry($0) }, keys: collection, signs: false)
    }

    /// A ring that signs with `active` and verifies with it and with each retired key until `retention` after the
    /// key's retirement (the longest a token it signed can live).
    public static func asymmetric(
        active: AsymmetricKey,
        retired: [(key: AsymmetricKey, retiredAt: Date)],
        retention: Duration
    ) async throws
        -> KeyRing
    {
        let keys = JWTKeyCollection()
        var entries = [KeyRingEntry(active)]
        await add(active, to: keys)
        for (key, retiredAt) in retired {
            await add(key.publicOnly, to: keys)
            entries.append(KeyRingEntry(key, retiredAt: retiredAt, verifiesUntil: retiredAt.addingTimeInterval(TimeInterval(retention.wholeSeconds))))
        }
        return try await KeyRing(entries: entries, keys: keys)
    }

    private static func add(_ key: AsymmetricKey, to keys: JWTKeyCollection) async {
        let kid = JWKIdentifier(string: key.keyID)
        switch (key.material, key.algorithm) {
        case (.rsa(_, let privateKey?), .ps256): await keys.add(pss: privateKey, digestAlgorithm: .sha256, kid: kid, serializer: serializer)
        case (.rsa(let publicKey, nil), .ps256): await keys.add(pss: publicKey, digestAlgorithm: .sha256, kid: kid, serializer: serializer)
        case (.rsa(_, let privateKey?), _): await keys.add(rsa: privateKey, digestAlgorithm: .sha256, kid: kid, serializer: serializer)
        case (.rsa(let publicKey, nil), _): await keys.add(rsa: publicKey, digestAlgorithm: .sha256, kid: kid, serializer: serializer)
        case (.ecdsa(_, let privateKey?), _): await keys.add(ecdsa: privateKey, kid: kid, serializer: serializer)
        case (.ecdsa(let publicKey, nil), _): await keys.add(ecdsa: publicKey, kid: kid, serializer: serializer)
        case (.edDSA(_, let privateKey?), _): await keys.add(eddsa: privateKey, kid: kid, serializer: serializer)
        case (.edDSA(let publicKey, nil), _): await keys.add(eddsa: publicKey, kid: kid, serializer: serializer)
        }
    }

    /// Encodes headers and claims with sorted keys, so the same claims always give the same token.
    private static var serializer: DefaultJWTSerializer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return DefaultJWTSerializer(jsonEncoder: encoder)
    }

    /// The algorithm new tokens are signed with. Only for a ring that signs (never one from ``verifying(_:)``).
    public var signingAlgorithm: SigningAlgorithm { entries[0].algorithm }

    /// The header of an encoded header segment the signing key signs with, or `nil` for any other segment.
    func knownHeader(_ segment: ArraySlice<UInt8>) -> TokenHeader? {
        guard let signedHeader, signedHeader.segment.elementsEqual(segment) else { return nil }
        return signedHeader.header
    }

    /// The JWTKit algorithm of key `keyID`, which checks signatures made with it, while the key is in use at `now`.
    func verifier(forKeyID keyID: String, at now: Date) -> (any JWTAlgorithm)? {
        guard let verifier = verifiers[keyID] else { return nil }
        if let until = verifier.until, now >= until { return nil }
        return verifier.algorithm
    }

    /// The keys that verify at `now`: the signing key first, then each retired key still in use.
    public func entries(inUseAt now: Date) -> [KeyRingEntry] {
        entries.filter { entry in entry.verifiesUntil.map { now < $0 } ?? true }
    }

    /// The public verification keys at `now` as a JWKS, in the order of ``entries(inUseAt:)``. HMAC keys are never
    /// published.
    public func publicKeySet(at now: Date) -> PublicJWKSet {
        PublicJWKSet(keys: entries(inUseAt: now).compactMap(\.jwk))
    }
}

/// One key of a ring, as an operator sees it.
public struct KeyRingEntry: Sendable {
    /// The key id.
    public let keyID: String
    /// Its one algorithm.
    public let algorithm: SigningAlgorithm
    /// The PEM file it came from; `nil` for the HMAC secret.
    public let file: String?
    /// The SHA-256 of its public key; `nil` for the HMAC secret.
    public let fingerprint: String?
    /// The public key; `nil` for the HMAC secret, which is never published.
    public let jwk: PublicJWK?
    /// When it was first seen retired; `nil` for the signing key.
    public let retiredAt: Date?
    /// When it stops verifying and leaves the JWKS; `nil` for the signing key.
    public let verifiesUntil: Date?

    init(keyID: String, algorithm: SigningAlgorithm) {
        self.keyID = keyID
        self.algorithm = algorithm
        file = nil
        fingerprint = nil
        jwk = nil
        retiredAt = nil
        verifiesUntil = nil
    }

    init(_ key: AsymmetricKey, retiredAt: Date? = nil, verifiesUntil: Date? = nil) {
        keyID = key.keyID
        algorithm = key.algorithm
        file = key.file
        fingerprint = key.fingerprint
        jwk = key.jwk
        self.retiredAt = retiredAt
        self.verifiesUntil = verifiesUntil
    }
}

/// An empty payload, signed once to learn the exact header segment the signing key produces.
private struct HeaderProbe: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import TokenGate

/// The verifier made from the issuer's current keys, fetched over HTTP and kept.
///
/// The keys are fetched on first use and again when a token names a key that is not held, but at most once per
/// refetch interval, so a flood of made-up `kid`s causes no storm of fetches; concurrent needs share one fetch. When
/// a fetch fails the keys held keep serving.
actor KeySetCache {
    private let source: KeySource
    private let issuer: String
    private let makeVerifier: @Sendable (KeyRing) -> TokenVerifier
    private let httpClient: HTTPClient
    private let refetchInterval: TimeInterval
    private let time: TimeSource
    private let logger: Logger
    private var verifier: TokenVerifier?
    private var generation = 0
    private var lastAttempt: Date?
    private var fetchInFlight: Task<Void, Never>?

    init(
        source: KeySource,
        issuer: String,
        httpClient: HTTPClient,
        refetchInterval: Duration,
        time: TimeSource,
        logger: Logger,
        makeVerifier: @escaping @Sendable (KeyRing) -> TokenVerifier
    ) {
        self.source = source
        self.issuer = issuer
        self.httpClient = httpClient
        self.refetchInterval =
            TimeInterval(refetchInterval.components.seconds)
            + TimeInterval(refetchInterval.components.attoseconds) / 1e18
        self.time = time
        self.logger = logger
        self.makeVerifier = makeVerifier
    }

    /// The current verifier and its generation; fetched first when none is held (at most once per interval).
    func current() async -> (verifier: TokenVerifier, generation: Int)? {
        if verifier == nil { await fetch() }
        return verifier.map { ($0, generation) }
    }

    /// A verifier with newer keys than generation `seen`, after a token named a key it does not hold; `nil` when
    /// no newer keys are available (or a fetch is not allowed yet).
    func newer(than seen: Int) async -> TokenVerifier? {
        if generation == seen { await fetch() }
        return generation > seen ? verifier : nil
    }

    private func fetch() async {
        if let fetchInFlight { return await fetchInFlight.value }
        let now = time.now()
        if let lastAttempt, now < lastAttempt.addingTimeInterval(refetchInterval) { return }
        lastAttempt = now
        let task = Task { await self.load() }
        fetchInFlight = task
        await task.value
        fetchInFlight = nil
    }

    private func load() async {
        do {
            let ring = try await Self.ring(from: source, issuer: issuer, httpClient: httpClient, logger: logger)
            verifier = makeVerifier(ring)
            generation += 1
        } catch {
            logger.warning("TokenGate keys not loaded; the keys held keep serving", metadata: ["reason": "\(error)"])
        }
    }

    private static func ring(from source: KeySource, issuer: String, httpClient: HTTPClient, logger: Logger) async throws -> KeyRing {
        switch source {
        case .sharedSecret(let secret):
            return try await KeyRing.hmac(secret: SigningSecret(secret))
        case .jwks(let url):
            return try await ring(jwksURL: url, httpClient: httpClient, logger: logger)
        case .issuer(let url):
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            let metadata = try await get(IssuerMetadata.self, from: base + "/.well-known/openid-configuration", httpClient: httpClient)
            guard metadata.issuer == issuer else { throw KeySetError.issuerMismatch(metadata.issuer) }
            return try await ring(jwksURL: metadata.jwksURI, httpClient: httpClient, logger: logger)
        }
    }

    private static func ring(jwksURL: String, httpClient: HTTPClient, logger: Logger) async throws -> KeyRing {
        let set = try await get(PublicJWKSet.self, from: jwksURL, httpClient: httpClient)
        var keys: [AsymmetricKey] = []
        for jwk in set.keys {
            do {
                keys.append(try AsymmetricKey(published: jwk))
            } catch {
                logger.warning("A published key is not used", metadata: ["kid": "\(jwk.kid)", "reason": "\(error)"])
            }
        }
        return try await KeyRing.verifying(keys)
    }

    private static func get<T: Decodable>(_ type: T.Type, from url: String, httpClient: HTTPClient) async throws -> T {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        guard response.status == .ok else { throw KeySetError.status(url, Int(response.status.code)) }
        let body = try await response.body.collect(upTo: 1_024 * 1_024)
        return try JSONDecoder().decode(T.self, from: body)
    }
}

/// The members of the issuer's discovery document read here.
private struct IssuerMetadata: Decodable {
    let issuer: String
    let jwksURI: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
    }
}

/// Why the key set could not be loaded.
enum KeySetError: Error, CustomStringConvertible {
    case status(String, Int)
    case issuerMismatch(String)

    var description: String {
        switch self {
        case .status(let url, let status): "\(url) answered \(status)"
        case .issuerMismatch(let issuer): "the discovery document names another issuer (\(issuer))"
        }
    }
}

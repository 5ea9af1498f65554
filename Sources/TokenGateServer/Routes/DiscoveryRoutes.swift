import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// `/.well-known/jwks.json` and the issuer discovery documents: what a service needs to verify tokens offline.
struct DiscoveryRoutes {
    let keyRing: KeyRing
    /// `TOKENGATE_ISSUER`; discovery needs it to be the public base URL.
    let issuer: String
    let time: TimeSource

    /// Verifiers may keep these documents for five minutes: a new key is published well before it signs.
    static let caching: HTTPFields = [.cacheControl: "public, max-age=300"]

    func add(to router: Router<TokenGateRequestContext>) {
        router.get(".well-known/jwks.json") { _, _ in
            try JSONWriter.response(keyRing.publicKeySet(at: time.now()), headers: Self.caching)
        }
        router.get(".well-known/openid-configuration", use: discovery)
        router.get(".well-known/oauth-authorization-server", use: discovery)
    }

    /// The issuer metadata (OpenID Connect Discovery, RFC 8414); 404 unless the issuer is an `http(s)` URL.
    @Sendable func discovery(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        guard let base = URL(string: issuer), base.scheme == "https" || base.scheme == "http", base.host != nil else {
            throw APIError(
                .notFound,
                code: "not_found",
                message: "Discovery needs TOKENGATE_ISSUER to be this server's public base URL, such as https://auth.example.com."
            )
        }
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        var algorithms: [String] = []
        for entry in keyRing.entries(inUseAt: time.now()) where !algorithms.contains(entry.algorithm.rawValue) {
            algorithms.append(entry.algorithm.rawValue)
        }
        let body = DiscoveryBody(
            claimsSupported: ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "sid", "type", "roles", "fresh"],
            idTokenSigningAlgValuesSupported: algorithms,
            issuer: issuer,
            jwksURI: trimmed + "/.well-known/jwks.json",
            responseTypesSupported: ["token"],
            subjectTypesSupported: ["public"]
        )
        return try JSONWriter.response(body, headers: Self.caching)
    }
}

/// The issuer metadata document.
struct DiscoveryBody: Codable {
    let claimsSupported: [String]
    let idTokenSigningAlgValuesSupported: [String]
    let issuer: String
    let jwksURI: String
    let responseTypesSupported: [String]
    let subjectTypesSupported: [String]

    enum CodingKeys: String, CodingKey {
        case claimsSupported = "claims_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case issuer
        case jwksURI = "jwks_uri"
        case responseTypesSupported = "response_types_supported"
        case subjectTypesSupported = "subject_types_supported"
    }
}

public import AsyncHTTPClient
import Foundation
public import Logging
import TokenGate

/// Checks TokenGate access tokens in a service that is not TokenGate, offline, with the rules the server applies
/// (RFC 8725: the `kid` must name a published key and `alg` must be that key's algorithm; `iss`, `aud`, `exp`,
/// `nbf` and the token type are checked).
///
/// The keys come from the issuer's discovery document or JWKS and are kept; see ``KeySource``. A token is not
/// checked against revocation: a service that only verifies accepts a logged-out access token until it expires.
///
/// ```swift
/// let verifier = TokenGateVerifier(keys: .issuer("https://auth.example.com"), issuer: "https://auth.example.com", audience: "notes")
/// let identity = try await verifier.verify(token)
/// ```
public final class TokenGateVerifier: Sendable {
    private let cache: KeySetCache

    /// Creates a verifier of tokens from `issuer` for `audience`, with keys from `keys`.
    /// - Parameters:
    ///   - leeway: clock skew tolerated on `nbf` (never on `exp`).
    ///   - refetchInterval: the shortest time between two fetches of the keys.
    public convenience init(
        keys: KeySource,
        issuer: String,
        audience: String,
        leeway: Duration = .seconds(30),
        refetchInterval: Duration = .seconds(30),
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "tokengate.auth")
    ) {
        self.init(
            keys: keys,
            issuer: issuer,
            audience: audience,
            leeway: leeway,
            refetchInterval: refetchInterval,
            httpClient: httpClient,
            logger: logger,
            time: .system
        )
    }

    /// Creates a verifier that reads the time from `time`.
    init(
        keys: KeySource,
        issuer: String,
        audience: String,
        leeway: Duration,
        refetchInterval: Duration,
        httpClient: HTTPClient,
        logger: Logger,
        time: TimeSource
    ) {
        cache = KeySetCache(
            source: keys,
            issuer: issuer,
            httpClient: httpClient,
            refetchInterval: refetchInterval,
            time: time,
            logger: logger
        ) { ring in
            TokenVerifier(keyRing: ring, issuer: issuer, audience: audience, leeway: leeway, time: time)
        }
    }

    /// The identity of a valid access token.
    /// - Throws: ``TokenGateAuthError``: 401 `invalid_token` or `token_expired` for a refused token, 503
    ///   `keys_unavailable` when no keys could be loaded yet.
    public func verify(_ token: String) async throws(TokenGateAuthError) -> TokenGateIdentity {
        guard let (verifier, generation) = await cache.current() else { throw .keysUnavailable }
        do {
            return TokenGateIdentity(try verifier.verifyAccessToken(token))
        } catch .unknownKey {
            guard let newer = await cache.newer(than: generation) else { throw TokenGateAuthError(.unknownKey) }
            do {
                return TokenGateIdentity(try newer.verifyAccessToken(token))
            } catch {
                throw TokenGateAuthError(error)
            }
        } catch {
            throw TokenGateAuthError(error)
        }
    }

}

/// Where a ``TokenGateVerifier`` gets the keys that sign tokens.
public enum KeySource: Sendable {
    /// The issuer's base URL: the JWKS address is read from its `/.well-known/openid-configuration`, whose `issuer`
    /// must be the verifier's issuer.
    case issuer(String)
    /// The JWKS document's URL.
    case jwks(String)
    /// The HS256 secret the TokenGate server signs with (`TOKENGATE_JWT_SECRET`): nothing is fetched.
    case sharedSecret(String)
}

import Foundation

/// Every setting of a TokenGate server, typed and validated.
///
/// Values come from `TOKENGATE_*` environment variables (see ``init(environment:)``) and may then be
/// overridden field by field, e.g. by command-line flags.
public struct Settings: Sendable {
    /// The address the HTTP server binds to.
    public var host: String = "127.0.0.1"
    /// The TCP port the HTTP server binds to.
    public var port: Int = 8080
    /// Where the management listener (`/metrics`, `/health`, `/ready`) binds: an address only operators reach;
    /// `nil` turns it off.
    public var managementAddress: ManagementAddress? = ManagementAddress(host: "127.0.0.1", port: 9090)
    /// Where the data lives.
    public var database: DatabaseLocation = .sqliteFile(path: "tokengate-data/tokengate.sqlite")
    /// The folder for local state such as a generated development secret.
    public var dataDirectory: String = "tokengate-data"
    /// How strict start-up checks are.
    public var environment: AppEnvironment = .development
    /// The HMAC secret that signs tokens; `nil` lets ``SecretProvisioner`` decide. Unused when
    /// ``jwtPrivateKeyFile`` is set.
    public var jwtSecret: SigningSecret?
    /// The PEM file of the private key that signs tokens (RS256/PS256, ES256 or EdDSA, following the key);
    /// `nil` signs HS256 with the secret.
    public var jwtPrivateKeyFile: String?
    /// PEM files of keys that verify and never sign, private or public: retired keys, and a new key published ahead of
    /// a rotation.
    public var jwtVerifyKeyFiles: [String] = []
    /// The algorithm asked for: `RS256` or `PS256` picks how RSA keys sign; any other must be the signing key's own.
    /// `nil` follows the key.
    public var jwtAlgorithm: SigningAlgorithm?
    /// How long an access token lives.
    public var accessTokenTTL: Duration = .seconds(15 * 60)
    /// How long a refresh token (and so an idle session) lives.
    public var refreshTokenTTL: Duration = .seconds(30 * 86_400)
    /// How long after a refresh token was spent it may still be presented without counting as reuse.
    public var refreshReuseInterval: Duration = .seconds(10)
    /// The bcrypt cost factor (4 to 31).
    public var bcryptCost: Int = 12
    /// The `iss` claim written into and required from every token.
    public var issuer: String = "tokengate"
    /// The `aud` claim written into and required from every token.
    public var audience: String = "tokengate"
    /// Clock skew between instances tolerated when checking `nbf` (a token issued by an instance whose clock is
    /// ahead is not refused as not yet valid). Never applied to `exp`: a token is not accepted past its expiry.
    public var leeway: Duration = .seconds(30)
    /// Failed logins for one account within ``loginLockout`` before further attempts get a 429 (except from an
    /// address that has not failed).
    public var loginMaximumFailures: Int = 10
    /// Failed logins from one client address within ``loginLockout`` before its further attempts get a 429.
    public var loginMaximumFailuresPerAddress: Int = 50
    /// Registrations from one client address within ``loginLockout`` before further ones get a 429.
    public var registrationsPerAddress: Int = 20
    /// Refreshes from one client address within ``loginLockout`` before further ones get a 429.
    public var refreshesPerAddress: Int = 1_000
    /// The window failed logins are counted in, and how long a locked address waits.
    public var loginLockout: Duration = .seconds(15 * 60)
    /// The proxies whose `X-Forwarded-For` decides the client address (sessions, audit log, limits).
    public var trustedProxies: TrustedProxies = .none
    /// How long a connection may take to deliver its next request in full (from opening, or from the previous
    /// response) before the server closes it.
    public var requestReadTimeout: Duration = .seconds(15)
    /// How long audit events are kept.
    public var auditRetention: Duration = .seconds(90 * 86_400)
    /// How verification and reset mails are sent.
    public var mail = MailSettings()
    /// The key that encrypts TOTP secrets (`TOKENGATE_ENCRYPTION_KEY`); `nil` lets ``EncryptionKey/provision(for:)``
    /// decide.
    public var encryptionKey: EncryptionKey?

    /// How long one database operation may take before the request is answered 503 `database_unavailable`.
    public var databaseTimeout: Duration = .seconds(5)
    /// How often the server reads revocations made by other processes from the database. The poll runs even
    /// where the database pushes revocations (PostgreSQL `LISTEN`), as the safety net when the push fails silently.
    public var revocationPollInterval: Duration = .seconds(2)
    /// A direct PostgreSQL connection for `LISTEN`, when queries go through a transaction-pooling proxy such as
    /// PgBouncer (which does not keep a listening session); `nil` listens at ``database``.
    public var databaseListen: PostgresLocation?
    /// How often the revocation feed sends itself a heartbeat, and how long the heartbeat may take to come back.
    public var revocationHeartbeatInterval: Duration = .seconds(5)

    /// Settings with every default.
    public init() {}

    /// Reads settings from `TOKENGATE_*` variables; anything unset keeps its default.
    /// - Throws: ``ConfigurationError`` naming the variable whose value is not valid.
    public init(environment variables: [String: String]) throws {
        self.init()
        if let value = variables["TOKENGATE_HOST"] { host = value }
        if let value = variables["TOKENGATE_PORT"] { port = try Self.port(value, name: "TOKENGATE_PORT") }
        if let value = variables["TOKENGATE_DATA_DIR"] { dataDirectory = value }
        if let value = variables["TOKENGATE_MANAGEMENT_ADDRESS"] { managementAddress = try ManagementAddress.parse(value) }
        if let value = variables["TOKENGATE_DATABASE_URL"] {
            guard let location = DatabaseLocation(url: value) else {
                throw ConfigurationError(
                    "TOKENGATE_DATABASE_URL must be sqlite:///path/to/file.sqlite, sqlite::memory:, postgres://user:password@host:port/database or mysql://user:password@host:port/database (ssl-mode, ssl-ca and pool-size as query items)"
                )
            }
            database = location
        }
        if let value = variables["TOKENGATE_DATABASE_LISTEN_URL"], !value.isEmpty {
            guard let location = PostgresLocation(url: value) else {
                throw ConfigurationError(
                    "TOKENGATE_DATABASE_LISTEN_URL must be a direct postgres://user:password@host:port/database URL of the server behind the pool"
                )
            }
            databaseListen = location
        }
        if let value = variables["TOKENGATE_ENV"] {
            guard let parsed = AppEnvironment(rawValue: value.lowercased()) else {
                throw ConfigurationError("TOKENGATE_ENV must be development, testing or production")
            }
            environment = parsed
        }
        if let value = variables["TOKENGATE_JWT_SECRET"], !value.isEmpty { jwtSecret = SigningSecret(value) }
        if let value = variables["TOKENGATE_JWT_PRIVATE_KEY_FILE"], !value.isEmpty { jwtPrivateKeyFile = value }
        if let value = variables["TOKENGATE_JWT_VERIFY_KEY_FILES"] {
            jwtVerifyKeyFiles = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let value = variables["TOKENGATE_JWT_ALGORITHM"], !value.isEmpty {
            guard let algorithm = SigningAlgorithm.allCases.first(where: { $0.rawValue.lowercased() == value.lowercased() }) else {
                throw ConfigurationError("TOKENGATE_JWT_ALGORITHM must be HS256, RS256, PS256, ES256 or EdDSA (or unset, to follow the key)")
            }
            jwtAlgorithm = algorithm
        }
        if let value = variables["TOKENGATE_ACCESS_TOKEN_TTL"] { accessTokenTTL = try Self.duration(value, name: "TOKENGATE_ACCESS_TOKEN_TTL") }
        if let value = variables["TOKENGATE_REFRESH_TOKEN_TTL"] { refreshTokenTTL = try Self.duration(value, name: "TOKENGATE_REFRESH_TOKEN_TTL") }
        if let value = variables["TOKENGATE_REFRESH_REUSE_INTERVAL"] {
            refreshReuseInterval = try Self.duration(value, name: "TOKENGATE_REFRESH_REUSE_INTERVAL")
        }
        if let value = variables["TOKENGATE_BCRYPT_COST"] { bcryptCost = try Self.bcryptCost(value, name: "TOKENGATE_BCRYPT_COST") }
        if let value = variables["TOKENGATE_ISSUER"] { issuer = value }
        if let value = variables["TOKENGATE_AUDIENCE"] { audience = value }
        if let value = variables["TOKENGATE_LEEWAY"] { leeway = try Self.duration(value, name: "TOKENGATE_LEEWAY") }
        if let value = variables["TOKENGATE_LOGIN_MAX_FAILURES"] {
            guard let parsed = Int(value), parsed > 0 else { throw ConfigurationError("TOKENGATE_LOGIN_MAX_FAILURES must be a whole number above 0") }
            loginMaximumFailures = parsed
        }
        if let value = variables["TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS"] {
            guard let parsed = Int(value), parsed > 0 else {
                throw ConfigurationError("TOKENGATE_LOGIN_MAX_FAILURES_PER_ADDRESS must be a whole number above 0")
            }
            loginMaximumFailuresPerAddress = parsed
        }
        if let value = variables["TOKENGATE_REGISTRATIONS_PER_ADDRESS"] {
            registrationsPerAddress = try Self.positive(value, name: "TOKENGATE_REGISTRATIONS_PER_ADDRESS")
        }
        if let value = variables["TOKENGATE_REFRESHES_PER_ADDRESS"] {
            refreshesPerAddress = try Self.positive(value, name: "TOKENGATE_REFRESHES_PER_ADDRESS")
        }
        if let value = variables["TOKENGATE_DATABASE_TIMEOUT"] { databaseTimeout = try Self.duration(value, name: "TOKENGATE_DATABASE_TIMEOUT") }
        if let value = variables["TOKENGATE_REVOCATION_POLL_INTERVAL"] {
            revocationPollInterval = try Self.duration(value, name: "TOKENGATE_REVOCATION_POLL_INTERVAL")
        }
        if let value = variables["TOKENGATE_REVOCATION_HEARTBEAT_INTERVAL"] {
            revocationHeartbeatInterval = try Self.duration(value, name: "TOKENGATE_REVOCATION_HEARTBEAT_INTERVAL")
        }
        if let value = variables["TOKENGATE_LOGIN_LOCKOUT"] { loginLockout = try Self.duration(value, name: "TOKENGATE_LOGIN_LOCKOUT") }
        if let value = variables["TOKENGATE_TRUSTED_PROXIES"] { trustedProxies = try TrustedProxies.parse(value) }
        if let value = variables["TOKENGATE_REQUEST_READ_TIMEOUT"] {
            requestReadTimeout = try Self.duration(value, name: "TOKENGATE_REQUEST_READ_TIMEOUT")
        }
        if let value = variables["TOKENGATE_AUDIT_RETENTION"] { auditRetention = try Self.duration(value, name: "TOKENGATE_AUDIT_RETENTION") }
        mail = try MailSettings(environment: variables)
        if let value = variables["TOKENGATE_ENCRYPTION_KEY"], !value.isEmpty {
            encryptionKey = try EncryptionKey.parse(value, source: "TOKENGATE_ENCRYPTION_KEY")
        }
        try validate()
    }

    /// How verification and reset mails are delivered with these settings.
    public var mailDelivery: MailSettings.Delivery { mail.delivery(environment: environment, dataDirectory: dataDirectory) }

    /// The address the links in mails start with (no trailing `/`): `TOKENGATE_PUBLIC_URL`, or the server's own.
    public var publicURL: String {
        mail.publicURL?.absoluteString ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// Checks the relations between settings that no single value shows.
    /// - Throws: ``ConfigurationError`` saying which setting to change.
    public func validate() throws {
        guard (1...65_535).contains(port) else { throw ConfigurationError("TOKENGATE_PORT (--port) must be between 1 and 65535") }
        guard (4...31).contains(bcryptCost) else { throw ConfigurationError("TOKENGATE_BCRYPT_COST must be between 4 and 31") }
        guard accessTokenTTL > .zero else { throw ConfigurationError("TOKENGATE_ACCESS_TOKEN_TTL must be longer than 0s") }
        guard databaseTimeout > .zero else { throw ConfigurationError("TOKENGATE_DATABASE_TIMEOUT must be longer than 0s") }
        guard revocationPollInterval > .zero else { throw ConfigurationError("TOKENGATE_REVOCATION_POLL_INTERVAL must be longer than 0s") }
        guard revocationHeartbeatInterval > .zero else {
            throw ConfigurationError("TOKENGATE_REVOCATION_HEARTBEAT_INTERVAL must be longer than 0s")
        }
        if databaseListen != nil {
            guard case .postgres = database else {
                throw ConfigurationError("TOKENGATE_DATABASE_LISTEN_URL is for PostgreSQL only; unset it or use a postgres:// TOKENGATE_DATABASE_URL")
            }
        }
        guard requestReadTimeout > .zero else { throw ConfigurationError("TOKENGATE_REQUEST_READ_TIMEOUT must be longer than 0s") }
        guard auditRetention > .zero else { throw ConfigurationError("TOKENGATE_AUDIT_RETENTION must be longer than 0s") }
        guard refreshTokenTTL > .zero else { throw ConfigurationError("TOKENGATE_REFRESH_TOKEN_TTL must be longer than 0s") }
        if let jwtAlgorithm, jwtAlgorithm.isAsymmetric, jwtPrivateKeyFile == nil {
            throw ConfigurationError("TOKENGATE_JWT_ALGORITHM=\(jwtAlgorithm.rawValue) needs a key: set TOKENGATE_JWT_PRIVATE_KEY_FILE")
        }
        if jwtAlgorithm == .hs256, jwtPrivateKeyFile != nil {
            throw ConfigurationError("TOKENGATE_JWT_ALGORITHM=HS256 signs with the secret; unset TOKENGATE_JWT_PRIVATE_KEY_FILE or the algorithm")
        }
        if !jwtVerifyKeyFiles.isEmpty, jwtPrivateKeyFile == nil {
            throw ConfigurationError(
                "TOKENGATE_JWT_VERIFY_KEY_FILES lists retired keys of an asymmetric setup; set TOKENGATE_JWT_PRIVATE_KEY_FILE too"
            )
        }
        if environment == .production, mail.webhookURL != nil, mail.publicURL == nil {
            throw ConfigurationError("TOKENGATE_MAIL_WEBHOOK_URL sends links: set TOKENGATE_PUBLIC_URL to the address users reach the console at")
        }
        if environment == .production, mail.webhookURL != nil, mail.publicURL == nil {
            throw ConfigurationError("TOKENGATE_MAIL_WEBHOOK_URL sends links: set TOKENGATE_PUBLIC_URL to the address users reach the console at")
        }
        guard !issuer.isEmpty, !audience.isEmpty else { throw ConfigurationError("TOKENGATE_ISSUER and TOKENGATE_AUDIENCE must not be empty") }
    }

    /// Parses a port number, naming `name` in the error.
    public static func port(_ text: String, name: String) throws -> Int {
        guard let value = Int(text), (1...65_535).contains(value) else {
            throw ConfigurationError("\(name) must be a port number between 1 and 65535")
        }
        return value
    }

    /// Parses a duration such as `15m`, naming `name` in the error.
    public static func duration(_ text: String, name: String) throws -> Duration {
        guard let value = DurationParser.parse(text) else {
            throw ConfigurationError("\(name) must be a duration such as 90s, 15m, 12h or 30d")
        }
        return value
    }

    /// Parses a whole number above 0, naming `name` in the error.
    public static func positive(_ text: String, name: String) throws -> Int {
        guard let value = Int(text), value > 0 else { throw ConfigurationError("\(name) must be a whole number above 0") }
        return value
    }

    /// Parses a bcrypt cost, naming `name` in the error.
    public static func bcryptCost(_ text: String, name: String) throws -> Int {
        guard let value = Int(text), (4...31).contains(value) else {
            throw ConfigurationError("\(name) must be a whole number from 4 to 31")
        }
        return value
    }
}

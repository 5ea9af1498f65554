import Foundation

/// Where a PostgreSQL database is, parsed from a `postgres://` or `postgresql://` URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (`?sslmode=`), with the modes PostgresNIO supports.
    public enum TLSMode: String, Sendable, Equatable {
        /// No TLS.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS always, with certificate and host name verification.
        case require
    }

    /// The server's host name or address.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The user name.
    public let username: String
    /// The password, if any.
    public let password: String?
    /// The database name.
    public let database: String
    /// The TLS mode.
    public let tlsMode: TLSMode

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    ///
    /// `sslmode` also takes libpq's names (`allow` → prefer, `verify-ca` and `verify-full` → require);
    /// without it the mode is `prefer`. `nil` for anything that is not such a URL.
    public init?(url: String) {
        guard let parts = ServerURL(url, schemes: ["postgres", "postgresql"]) else { return nil }
        var mode = TLSMode.prefer
        for item in parts.queryItems where ["sslmode", "tlsmode", "ssl", "tls"].contains(item.name.lowercased()) {
            switch item.value?.lowercased() {
            case "disable", "false": mode = .disable
            case "prefer", "allow", "true": mode = .prefer
            case "require", "verify-ca", "verify-full": mode = .require
            default: return nil
            }
        }
        self.host = parts.host
        self.port = parts.port ?? 5432
        self.username = parts.username
        self.password = parts.password
        self.database = parts.database
        self.tlsMode = mode
    }

    /// The URL without its password, safe to print.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tlsMode.rawValue)" }
}

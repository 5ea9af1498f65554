import Foundation

/// Where a MySQL or MariaDB database is, parsed from a `mysql://` or `mariadb://` URL.
public struct MySQLLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (`?ssl-mode=`), with MySQL's names for the modes.
    public enum TLSMode: String, Sendable, Equatable {
        /// No TLS.
        case disabled
        /// TLS when the server offers it.
        case preferred
        /// TLS always; the connection is refused when the server offers none. The certificate is not verified.
        case required
        /// TLS always, with the server's certificate verified against the CA (`ssl-ca`, else the system's).
        case verifyCA = "verify_ca"
        /// As ``verifyCA``, and the certificate must name the host.
        case verifyIdentity = "verify_identity"
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
    /// A PEM file of the CA that signed the server's certificate (`?ssl-ca=`), if given.
    public let certificateAuthorityFile: String?
    /// The most connections one process opens (`?pool-size=`, 10 unless given).
    public let poolSize: Int

    /// Parses `mysql://user:password@host:port/database?ssl-mode=…&ssl-ca=…&pool-size=…` (`mariadb://` alike).
    ///
    /// `ssl-mode` takes MySQL's names in any case, with `-` or `_` (`disabled`, `preferred`, `required`, `verify_ca`,
    /// `verify_identity`) and is `preferred` when absent. `nil` for anything that is not such a URL.
    public init?(url: String) {
        guard let parts = ServerURL(url, schemes: ["mysql", "mariadb"]) else { return nil }
        var mode = TLSMode.preferred
        var certificateAuthorityFile: String?
        var poolSize = 10
        for item in parts.queryItems {
            let name = item.name.lowercased().replacingOccurrences(of: "_", with: "-")
            let value = item.value ?? ""
            switch name {
            case "ssl-mode", "sslmode":
                guard let parsed = TLSMode(rawValue: value.lowercased().replacingOccurrences(of: "-", with: "_")) else { return nil }
                mode = parsed
            case "ssl-ca":
                guard !value.isEmpty else { return nil }
                certificateAuthorityFile = value
            case "pool-size":
                guard let size = Int(value), (1...1_000).contains(size) else { return nil }
                poolSize = size
            default:
                return nil
            }
        }
        self.host = parts.host
        self.port = parts.port ?? 3306
        self.username = parts.username
        self.password = parts.password
        self.database = parts.database
        self.tlsMode = mode
        self.certificateAuthorityFile = certificateAuthorityFile
        self.poolSize = poolSize
    }

    /// The URL without its password, safe to print.
    public var description: String {
        "mysql://\(username)@\(host):\(port)/\(database)?ssl-mode=\(tlsMode.rawValue)&pool-size=\(poolSize)"
    }

    /// The same server and credentials with another database name (tests make scratch databases with it).
    public func with(database name: String) -> MySQLLocation { MySQLLocation(copying: self, database: name) }

    private init(copying other: MySQLLocation, database: String) {
        host = other.host
        port = other.port
        username = other.username
        password = other.password
        self.database = database
        tlsMode = other.tlsMode
        certificateAuthorityFile = other.certificateAuthorityFile
        poolSize = other.poolSize
    }
}

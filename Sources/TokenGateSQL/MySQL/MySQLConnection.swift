#if MySQL
import CMariaDB
import Foundation
import TokenGate

/// One connection to a MySQL or MariaDB server through MariaDB Connector/C.
///
/// Every call blocks: it runs on a thread of the pool's `NIOThreadPool`, never on an event loop, and one caller
/// at a time uses a connection (the pool hands it to one leaseholder).
final class MySQLConnection: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<MYSQL>
    /// When the connection last finished a statement.
    private(set) var lastUsed = ContinuousClock.now

    /// Connector/C's one-time set-up, which is not thread-safe: done before the first connection.
    private static let libraryReady: Bool = mysql_server_init(0, nil, nil) == 0

    /// Connects to `location` with `timeout` for connecting, reading and writing; utf8mb4, strict SQL, UTC.
    /// - Throws: ``MySQLError`` when the server cannot be reached, refuses the credentials, or offers no TLS where
    ///   the location requires it.
    init(to location: MySQLLocation, timeout: Duration) throws {
        guard Self.libraryReady, let handle = mysql_init(nil) else {
            throw MySQLError(code: 2008, sqlState: "HY000", message: "Connector/C could not allocate a connection")
        }
        // From here on, a throw runs deinit, which closes the handle.
        self.handle = handle
        try configure(for: location, timeout: timeout)
        let flags = UInt(CLIENT_FOUND_ROWS)
        guard
            mysql_real_connect(
                handle,
                location.host,
                location.username,
                location.password,
                location.database,
                UInt32(location.port),
                nil,
                flags
            ) != nil
        else { throw lastError() }
        if location.tlsMode != .disabled, location.tlsMode != .preferred, mysql_get_ssl_cipher(handle) == nil {
            throw MySQLError(
                code: 2026,
                sqlState: "HY000",
                message: "ssl-mode=\(location.tlsMode.rawValue) but the server does not offer TLS"
            )
        }
    }

    deinit { mysql_close(handle) }

    private func configure(for location: MySQLLocation, timeout: Duration) throws {
        var seconds = UInt32(max(1, timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)))
        for option in [MYSQL_OPT_CONNECT_TIMEOUT, MYSQL_OPT_READ_TIMEOUT, MYSQL_OPT_WRITE_TIMEOUT] {
            try check(mysql_options(handle, option, &seconds))
        }
        try check(mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4"))
        let session = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ANSI_QUOTES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'"
        try check(mysql_options(handle, MYSQL_INIT_COMMAND, session))
        guard location.tlsMode != .disabled else { return }
        var on: my_bool = 1
        try check(mysql_options(handle, MYSQL_OPT_SSL_ENFORCE, &on))
        if location.tlsMode == .verifyCA || location.tlsMode == .verifyIdentity {
            try check(mysql_options(handle, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on))
        }
        if let file = location.certificateAuthorityFile {
            try check(mysql_options(handle, MYSQL_OPT_SSL_CA, file))
        }
    }

    private func check(_ status: Int32) throws {
        guard status == 0 else { throw lastError() }
    }

    /// The connection's last error.
    private func lastError() -> MySQLError {
        MySQLError(code: mysql_errno(handle), sqlState: String(cString: mysql_sqlstate(handle)), message: String(cString: mysql_error(handle)))
    }

    /// Whether the server still answers.
    func ping() -> Bool { mysql_ping(handle) == 0 }

    /// Turns autocommit off (the next statement begins a transaction) or back on.
    func setAutocommit(_ on: Bool) throws {
        guard mysql_autocommit(handle, on ? 1 : 0) == 0 else { throw lastError() }
    }

    /// Commits the open transaction.
    func commit() throws {
        guard mysql_commit(handle) == 0 else { throw lastError() }
    }

    /// Rolls the open transaction back; a lost connection has nothing left to roll back.
    func rollback() { _ = mysql_rollback(handle) }

    /// Prepares `sql`, binds `parameters` to its `?` placeholders, runs it, and reads every row it returns.
    func run(_ sql: String, _ parameters: [MySQLValue]) throws -> MySQLResult {
        defer { lastUsed = .now }
        guard let statement = mysql_stmt_init(handle) else { throw lastError() }
        defer { mysql_stmt_close(statement) }
        var prepared = MySQLStatement(statement)
        try prepared.prepare(sql)
        try prepared.bind(parameters)
        return try prepared.execute()
    }
}

/// What a statement returned: its rows, and how many rows its condition matched.
struct MySQLResult: Sendable {
    /// The column names of the result set, empty when there is none.
    var columns: [String]
    /// The rows, each a value per column.
    var rows: [[MySQLValue]]
    /// For `UPDATE` and `DELETE`, the rows the condition matched (the connection reports found rows); for `INSERT`,
    /// the rows inserted.
    var matchedRows: Int
}
#endif

#if MySQL
/// An error reported by the server or by Connector/C, with MySQL's error number and SQLSTATE.
struct MySQLError: Error, CustomStringConvertible {
    /// MySQL's error number (1xxx from the server, 2xxx from the client library).
    let code: UInt32
    /// The five-character SQLSTATE.
    let sqlState: String
    /// The message; it names no bound value.
    let message: String

    var description: String { "MySQL error \(code) (\(sqlState)): \(message)" }

    /// The server cannot be reached or the connection was lost (the connection is to be discarded).
    var meansUnavailable: Bool {
        // CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_UNKNOWN_HOST, CR_SERVER_GONE_ERROR, CR_SERVER_LOST,
        // CR_SSL_CONNECTION_ERROR, CR_SERVER_LOST_EXTENDED, ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED,
        // ER_CON_COUNT_ERROR, ER_TOO_MANY_USER_CONNECTIONS, ER_NET_READ_ERROR, ER_NET_READ_INTERRUPTED,
        // ER_NET_ERROR_ON_WRITE.
        [2002, 2003, 2005, 2006, 2013, 2026, 2055, 1053, 1927, 1040, 1203, 1158, 1159, 1160].contains(code)
    }

    /// The statement lost a race for a lock (deadlock, lock wait timeout): the transaction may be run again.
    var meansRetry: Bool { code == 1213 || code == 1205 }

    /// A unique key refused the row (ER_DUP_ENTRY).
    var meansDuplicateKey: Bool { code == 1062 }
}
#endif

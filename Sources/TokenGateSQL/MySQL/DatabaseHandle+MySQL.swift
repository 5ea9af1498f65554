#if MySQL
import Logging
import NIOPosix
import TokenGate

extension DatabaseHandle {
    /// Opens a pool of at most `location.poolSize` connections to a MySQL or MariaDB server, whose blocking calls
    /// run on as many threads of its own; each operation is limited to `timeout`. No revocation feed: other
    /// instances' revocations arrive by the poll.
    static func openMySQL(_ location: MySQLLocation, timeout: Duration, logger: Logger) -> DatabaseHandle {
        let threads = NIOThreadPool(numberOfThreads: location.poolSize)
        threads.start()
        let pool = MySQLConnectionPool(location: location, timeout: timeout, threads: threads, logger: logger)
        let database = MySQLDatabase(pool: pool, threads: threads, logger: logger, timeout: timeout)
        return DatabaseHandle(sql: database) { try await database.close() }
    }
}
#endif

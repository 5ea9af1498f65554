#if MySQL
import Logging
import NIOPosix
import TokenGate

/// At most `location.poolSize` connections to one server, opened when needed, checked with a ping before reuse
/// after two idle seconds, and replaced when lost. Callers beyond the maximum wait (cancellably) for one.
actor MySQLConnectionPool {
    private let location: MySQLLocation
    private let timeout: Duration
    private let threads: NIOThreadPool
    private let logger: Logger
    private var idle: [MySQLConnection] = []
    private var openCount = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<MySQLConnection?, any Error>)] = []
    private var nextWaiterID = 0
    private var closed = false
    /// The last reason a connect failed, logged once until a connect succeeds again.
    private var connectFailure: String?

    /// How long a connection may sit idle before it is pinged ahead of its next use.
    private static let idleBeforePing: Duration = .seconds(2)

    /// A pool for `location` whose blocking calls run on `threads`.
    init(location: MySQLLocation, timeout: Duration, threads: NIOThreadPool, logger: Logger) {
        self.location = location
        self.timeout = timeout
        self.threads = threads
        self.logger = logger
    }

    /// The most connections open at once.
    var maximum: Int { location.poolSize }

    /// How many connections are open now (for tests).
    var openConnections: Int { openCount }

    /// A connection for the caller alone; hand it back with ``release(_:reusable:)``.
    /// - Throws: the connect error when a new connection cannot be opened, `CancellationError` when the caller was
    ///   cancelled while waiting.
    func lease() async throws -> MySQLConnection {
        while true {
            guard !closed else { throw StoreError.unavailable }
            if let connection = idle.popLast() {
                if ContinuousClock.now - connection.lastUsed < Self.idleBeforePing { return connection }
                if try await threads.runIfActive({ connection.ping() }) { return connection }
                openCount -= 1
                continue
            }
            if openCount < maximum {
                openCount += 1
                do {
                    let (location, timeout) = (self.location, self.timeout)
                    let connection = try await threads.runIfActive { try MySQLConnection(to: location, timeout: timeout) }
                    connectSucceeded()
                    return connection
                } catch {
                    openCount -= 1
                    connectFailed(error)
                    wakeOneWaiter(with: nil)
                    throw error
                }
            }
            if let handed = try await waitForConnection() { return handed }
        }
    }

    /// Takes a leased connection back: kept for the next caller when `reusable`, closed otherwise.
    func release(_ connection: MySQLConnection, reusable: Bool) {
        guard reusable, !closed else {
            openCount -= 1
            wakeOneWaiter(with: nil)
            return
        }
        if !waiters.isEmpty {
            wakeOneWaiter(with: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Closes the idle connections and refuses every waiter and later lease.
    func close() {
        closed = true
        openCount -= idle.count
        idle.removeAll()
        for waiter in waiters { waiter.continuation.resume(throwing: StoreError.unavailable) }
        waiters.removeAll()
    }

    /// Waits until a connection is handed over (non-nil) or a slot frees up (nil).
    private func waitForConnection() async throws -> MySQLConnection? {
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func wakeOneWaiter(with connection: MySQLConnection?) {
        guard !waiters.isEmpty else {
            if let connection { idle.append(connection) }
            return
        }
        waiters.removeFirst().continuation.resume(returning: connection)
    }

    private func connectFailed(_ error: any Error) {
        let reason = String(describing: error)
        guard reason != connectFailure else { return }
        connectFailure = reason
        logger.error("cannot connect to MySQL", metadata: ["database": "\(location)", "error": "\(reason)"])
    }

    private func connectSucceeded() {
        guard connectFailure != nil else { return }
        connectFailure = nil
        logger.notice("connected to MySQL again", metadata: ["database": "\(location)"])
    }
}
#endif

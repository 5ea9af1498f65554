public import Foundation
public import Logging
import Synchronization
public import TokenGate
public import TokenGateSQL

/// A clock tests move by hand.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }
    public var source: TimeSource { TimeSource { self.now } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Settings for tests: cheap bcrypt, fixed secret, in-memory database.
public func testSettings() -> Settings {
    var settings = Settings()
    settings.environment = .testing
    settings.database = .sqliteMemory
    settings.bcryptCost = 4
    settings.managementAddress = nil
    settings.jwtSecret = SigningSecret("test-secret-test-secret-test-secret!")
    // Never the working directory: a development outbox would write mails there.
    settings.dataDirectory = FileManager.default.temporaryDirectory.appending(path: "tokengate-test-data-\(getpid())").path
    return settings
}

/// Runs `body` with a migrated in-memory SQLite store, closing the database afterwards.
public func withStore<T>(_ body: (SQLStore) async throws -> T) async throws -> T {
    try await withStore(at: .sqliteMemory, body)
}

/// Runs `body` with a migrated store at `location`, closing the database afterwards.
public func withStore<T>(at location: DatabaseLocation, _ body: (SQLStore) async throws -> T) async throws -> T {
    let logger = quietLogger()
    let database = try await DatabaseHandle.open(location, logger: logger)
    do {
        try await Migrations.run(on: database.sql, logger: logger)
        let result = try await body(SQLStore(database: database.sql))
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

/// Runs `body` with services over a migrated in-memory store.
public func withServices<T>(
    settings: Settings = testSettings(),
    clock: ManualClock = ManualClock(),
    _ body: (TokenGateServices, SQLStore) async throws -> T
) async throws -> T {
    try await withStore { store in
        let services = try await TokenGateServices.make(
            settings: settings,
            keys: try SigningKeys.load(for: settings),
            store: store,
            time: clock.source,
            logger: quietLogger()
        )
        return try await body(services, store)
    }
}

/// A logger for tests that shows only errors.
public func quietLogger() -> Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .error
    return logger
}

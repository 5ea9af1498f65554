import Foundation
public import Logging
import NIOCore
import NIOSSL
import PostgresNIO
public import SQLKit
import SQLiteKit
public import TokenGate

/// An open database: the SQLKit view of it, and the means to close it.
public struct DatabaseHandle: Sendable {
    /// The database to run queries on.
    public let sql: any SQLDatabase
    /// Pushes revocations made elsewhere as they happen, where the database can (PostgreSQL); `nil` otherwise.
    public let revocationFeed: (any RevocationFeed)?
    private let closeDatabase: @Sendable () async throws -> Void

    /// Wraps an open database and the action that closes it.
    public init(sql: any SQLDatabase, revocationFeed: (any RevocationFeed)? = nil, close: @escaping @Sendable () async throws -> Void) {
        self.sql = sql
        self.revocationFeed = revocationFeed
        self.closeDatabase = close
    }

    /// Closes the database; call it once, when nothing uses it any more.
    public func close() async throws { try await closeDatabase() }

    /// Opens the database that `settings` name, with the revocation feed they describe.
    public static func open(for settings: Settings, logger: Logger) async throws -> DatabaseHandle {
        try await open(
            settings.database,
            listenAt: settings.databaseListen,
            heartbeatInterval: settings.revocationHeartbeatInterval,
            timeout: settings.databaseTimeout,
            logger: logger
        )
    }

    /// Opens the database at `location`.
    ///
    /// SQLite runs with write-ahead logging, foreign keys on and a busy timeout, in a file (created with its
    /// folder when needed) or in memory. PostgreSQL runs over a connection pool, each operation limited to `timeout`,
    /// with a revocation feed that listens on a connection of its own to `listenAt` (the same server when `nil`)
    /// and checks itself with a heartbeat every `heartbeatInterval`. MySQL and MariaDB (in a build with the `MySQL`
    /// trait) run over a pool of their own, each operation limited to `timeout`.
    /// - Throws: ``ConfigurationError`` for a MySQL location in a build without the trait.
    public static func open(
        _ location: DatabaseLocation,
        listenAt listenLocation: PostgresLocation? = nil,
        heartbeatInterval: Duration = .seconds(5),
        timeout: Duration = .seconds(5),
        logger: Logger
    ) async throws -> DatabaseHandle {
        switch location {
        case .sqliteMemory:
            return try await openSQLite(.memory, path: ":memory:", logger: logger)
        case .sqliteFile(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            return try await openSQLite(.file(path: path), path: path, logger: logger)
        case .postgres(let postgres):
            return try openPostgres(
                postgres,
                listenAt: listenLocation ?? postgres,
                heartbeatInterval: heartbeatInterval,
                timeout: timeout,
                logger: logger
            )
        case .mysql(let mysql):
            #if MySQL
            return openMySQL(mysql, timeout: timeout, logger: logger)
            #else
            _ = mysql
            throw ConfigurationError(Self.builtWithoutMySQL)
            #endif
        }
    }

    /// What a build without the `MySQL` trait answers a `mysql://` URL with.
    public static let builtWithoutMySQL =
        "this tokengate was built without MySQL support: install libmariadb-dev (Debian/Ubuntu; MariaDB Connector/C elsewhere), then build with `swift build --traits MySQL` (or `swift run --traits MySQL tokengate serve`)"

    private static func openPostgres(
        _ location: PostgresLocation,
        listenAt listenLocation: PostgresLocation,
        heartbeatInterval: Duration,
        timeout: Duration,
        logger: Logger
    ) throws -> DatabaseHandle {
        let tls: PostgresClient.Configuration.TLS =
            switch location.tlsMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(location, tls: tls)
        configuration.options.connectTimeout = timeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        let database = PostgresClientDatabase(client: client, logger: logger, timeout: timeout)
        let feed = PostgresRevocationFeed(
            listenConfiguration: try connectionConfiguration(listenLocation, timeout: timeout),
            database: database,
            heartbeatInterval: heartbeatInterval,
            logger: logger
        )
        return DatabaseHandle(sql: database, revocationFeed: feed) {
            running.cancel()
            await running.value
        }
    }

    /// The configuration of a single connection to `location`.
    private static func connectionConfiguration(_ location: PostgresLocation, timeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch location.tlsMode {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(location, tls: tls)
        configuration.options.connectTimeout = TimeAmount(timeout)
        return configuration
    }

    /// Opens SQLite on threads of its own: SQLite's calls block (a locked file waits out the busy timeout), and on
    /// NIO's shared blocking pool one stuck database would hold up every other user of that pool in the process.
    private static func openSQLite(_ storage: SQLiteConnection.Storage, path: String, logger: Logger) async throws -> DatabaseHandle {
        let threads = NIOThreadPool(numberOfThreads: System.coreCount)
        threads.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: storage,
                threadPool: threads,
                logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any()
            )
        } catch {
            try? await threads.shutdownGracefully()
            throw error
        }
        let close: @Sendable () async throws -> Void = {
            do {
                try await connection.close()
            } catch {
                try? await threads.shutdownGracefully()
                throw error
            }
            try await threads.shutdownGracefully()
        }
        let database = SQLiteFaultReporting(base: SQLiteDirectDatabase(connection: connection), path: path)
        do {
            if case .file = storage {
                _ = try await database.raw("PRAGMA journal_mode = WAL").all()
            }
            try await database.raw("PRAGMA foreign_keys = ON").run()
            try await database.raw("PRAGMA busy_timeout = 5000").run()
        } catch {
            try? await close()
            throw error
        }
        return DatabaseHandle(sql: database, close: close)
    }
}

/// PostgresNIO's two configurations, the pool's and a single connection's, made alike from a location.
private protocol PostgresConfiguration {
    associatedtype TLS
    init(host: String, port: Int, username: String, password: String?, database: String?, tls: TLS)
}

extension PostgresClient.Configuration: PostgresConfiguration {}
extension PostgresConnection.Configuration: PostgresConfiguration {}

extension PostgresConfiguration {
    /// A configuration for `location`, with `tls`.
    fileprivate init(_ location: PostgresLocation, tls: TLS) {
        self.init(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: tls
        )
    }
}

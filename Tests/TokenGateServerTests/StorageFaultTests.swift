import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Synchronization
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

/// Storage faults say what they are (issue #12 point 8): a database that refuses writes answers 503
/// `database_unavailable`, never 500; the log names SQLite's code and message and the file; nothing acknowledged is
/// lost; and writes work again once the fault is gone, without a restart.
struct StorageFaultTests {
    /// A folder for one test's database file.
    private static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "tokengate-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `body` against a server on a SQLite file of its own, with the database underneath, the log and the file's path.
    private static func withFileDatabase(
        _ body: @escaping @Sendable (any TestClientProtocol, any SQLDatabase, LogCapture, String) async throws -> Void
    ) async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "tokengate.sqlite").path
        let capture = LogCapture()
        let store = KeptStore()
        try await withApp(location: .sqliteFile(path: path), logger: capture.logger(), decorateStore: store.decorate) { client, _ in
            try await body(client, try store.database(), capture, path)
        }
    }

    /// Registers fresh accounts until one is refused; answers the acknowledged emails and the refusal.
    private static func registerUntilRefused(_ client: some TestClientProtocol, limit: Int = 2_000) async throws -> ([String], TestResponse?) {
        var acknowledged: [String] = []
        for index in 0..<limit {
            let email = "user\(index)-\(UUID().uuidString.prefix(8))@example.com"
            let body = #"{"email": "\#(email)", "password": "correct horse", "name": "\#(String(repeating: "n", count: 200))"}"#
            let response = try await client.post("/auth/register", json: body)
            guard response.status == .created else { return (acknowledged, response) }
            acknowledged.append(email)
        }
        return (acknowledged, nil)
    }

    /// SQLite's own page limit (`PRAGMA max_page_count`) makes the file "full" with a real `SQLITE_FULL`.
    @Test func aFullDatabaseAnswers503AndLogsSQLitesCodeMessageAndFile() async throws {
        try await Self.withFileDatabase { client, database, capture, path in
            let pages = try #require(try await database.raw("PRAGMA page_count").first()?.decode(column: "page_count", as: Int.self))
            _ = try await database.raw("PRAGMA max_page_count = \(unsafeRaw: String(pages + 2))").all()

            let (acknowledged, refusal) = try await Self.registerUntilRefused(client)
            let refused = try #require(refusal, "the page limit never stopped a write")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.error?.error == "database_unavailable")
            let fault = try #require(capture.all.first { $0.contains("SQLITE_FULL") }, "no log line names SQLITE_FULL")
            #expect(fault.contains("database or disk is full"))
            #expect(fault.contains(path))

            // Room again: writes work without a restart, and every acknowledged account is there.
            _ = try await database.raw("PRAGMA max_page_count = 1000000").all()
            #expect(try await client.post("/auth/register", json: #"{"email": "after@example.com", "password": "correct horse"}"#).status == .created)
            for email in acknowledged + ["after@example.com"] {
                let login = try await client.post("/auth/login", json: #"{"email": "\#(email)", "password": "correct horse"}"#)
                #expect(login.status == .ok, "\(email)")
            }
            let check = try await database.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
            #expect(check == "ok")
        }
    }

    /// A database that became read-only under the server (`PRAGMA query_only`, which fails writes with SQLite's own
    /// `SQLITE_READONLY`, as a file or mount made read-only does — as root, file modes would not stop the test):
    /// writes answer 503 and `/ready` says writes are refused, reads still work, and writes come back without a restart.
    @Test func aReadOnlyDatabaseAnswers503AndRecovers() async throws {
        try await Self.withFileDatabase { client, database, capture, path in
            let ada = try await client.register()
            _ = try await database.raw("PRAGMA query_only = ON").all()

            let refused = try await client.post("/auth/register", json: #"{"email": "bob@example.com", "password": "correct horse"}"#)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.error?.error == "database_unavailable")
            let fault = try #require(capture.all.first { $0.contains("SQLITE_READONLY") }, "no log line names SQLITE_READONLY")
            #expect(fault.contains("readonly database") && fault.contains(path))
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.error?.message.contains("refuses writes") == true)
            #expect(try await client.send(.get, "/auth/status", bearer: ada.accessToken).status == .ok)

            _ = try await database.raw("PRAGMA query_only = OFF").all()
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            #expect(try await client.post("/auth/register", json: #"{"email": "bob@example.com", "password": "correct horse"}"#).status == .created)
        }
    }

    /// A real full disk: a 600 KB tmpfs. Needs root (to mount); runs when `TOKENGATE_TEST_TMPFS=1` is set, and
    /// always in CI.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["TOKENGATE_TEST_TMPFS"] == "1" || PostgresTestCluster.isCI,
            "full-disk test skipped: set TOKENGATE_TEST_TMPFS=1 (as root) to mount a tmpfs"
        )
    )
    func aFullDiskAnswers503MakesReadyFailAndRecoversWhenSpaceIsAdded() async throws {
        let folder = try Self.folder()
        try Self.run("/bin/mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", folder.path)
        defer {
            try? Self.run("/bin/umount", folder.path)
            try? FileManager.default.removeItem(at: folder)
        }
        let path = folder.appending(path: "tokengate.sqlite").path
        let capture = LogCapture()
        try await withApp(location: .sqliteFile(path: path), logger: capture.logger()) { client, _ in
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            let (acknowledged, refusal) = try await Self.registerUntilRefused(client)
            let refused = try #require(refusal, "600 KB never filled up")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.error?.error == "database_unavailable")
            #expect(capture.all.contains { $0.contains("SQLITE_FULL") && $0.contains(path) })
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.error?.message.contains("refuses writes") == true)

            try Self.run("/bin/mount", "-o", "remount,size=4m", folder.path)
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            #expect(try await client.post("/auth/register", json: #"{"email": "after@example.com", "password": "correct horse"}"#).status == .created)
            for email in acknowledged {
                let login = try await client.post("/auth/login", json: #"{"email": "\#(email)", "password": "correct horse"}"#)
                #expect(login.status == .ok, "\(email)")
            }
        }
    }

    /// Another process holds the write lock past the busy timeout (5 s): 503 with `SQLITE_BUSY`, then writes again.
    @Test func aLockedDatabaseAnswers503AndRecovers() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appending(path: "tokengate.sqlite").path
        let capture = LogCapture()
        try await withApp(location: .sqliteFile(path: path), logger: capture.logger()) { client, _ in
            let other = try await DatabaseHandle.open(.sqliteFile(path: path), logger: quietLogger())
            try await other.sql.raw("BEGIN IMMEDIATE").run()
            let locked = try await client.post("/auth/register", json: #"{"email": "ada@example.com", "password": "correct horse"}"#)
            #expect(locked.status == .serviceUnavailable)
            #expect(locked.error?.error == "database_unavailable")
            #expect(capture.all.contains { $0.contains("SQLITE_BUSY") && $0.contains(path) })
            try await other.sql.raw("ROLLBACK").run()
            try await other.close()
            #expect(try await client.post("/auth/register", json: #"{"email": "ada@example.com", "password": "correct horse"}"#).status == .created)
        }
    }

    private static func run(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: ["command": arguments.joined(separator: " ")]) }
    }
}

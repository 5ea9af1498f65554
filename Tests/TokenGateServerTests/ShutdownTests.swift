import Foundation
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateSQL
import TokenGateServer
import TokenGateTestSupport

struct ShutdownTests {
    /// The shipped wiring closes the database on graceful shutdown, after the server has stopped.
    @Test func gracefulShutdownClosesTheDatabase() async throws {
        let capture = LogCapture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokengate-shutdown-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withApp(location: .sqliteFile(path: "\(folder)/db.sqlite"), logger: capture.logger()) { client, _ in
            _ = try await client.register()
            #expect(!capture.all.contains { $0.contains("database closed") }, "closed while serving")
        }
        let lines = capture.all
        #expect(lines.contains { $0.contains("database closed") }, "the database was not closed on shutdown")
        // Closed cleanly: SQLite folded the write-ahead log back into the file and removed it.
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/db.sqlite-wal"))
    }
}

import Foundation
import TokenGateTestSupport

@testable import tokengate

/// A data folder of one command test: its database URL flags, and the environment the commands read (cheap bcrypt,
/// the folder for a generated development secret).
struct CommandFolder {
    let path = NSTemporaryDirectory() + "tokengate-command-\(UUID().uuidString)"

    /// The flags every command of the test takes.
    var common: [String] { ["--database-url", "sqlite://\(path)/db.sqlite", "--env", "development", "--log-level", "error"] }

    /// Runs `body` with the folder's environment, removing the folder afterwards.
    func withEnvironment<T>(_ body: () async throws -> T) async rethrows -> T {
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await SharedOptions.$environment.withValue(["TOKENGATE_DATA_DIR": path, "TOKENGATE_BCRYPT_COST": "4"]) {
            try await body()
        }
    }
}

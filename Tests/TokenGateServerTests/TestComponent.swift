import Foundation
import SQLKit
import TokenGate
import TokenGateSQL
import TokenGateTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// What the database test servers share.
enum TestComponent {
    /// Runs the shell command in `variable` that stops or starts a test server (`TOKENGATE_TEST_POSTGRES_STOP`, `…_MYSQL_START`).
    ///
    /// It uses `posix_spawn` and `waitpid` rather than `Process`: the server that `pg_ctl start` leaves running
    /// inherits the descriptors `Process` watches, so `Process` would wait for the server to exit too.
    static func control(_ variable: String) throws {
        guard let command = ProcessInfo.processInfo.environment[variable] else { throw ConfigurationError("\(variable) is not set") }
        let arguments = ["/bin/bash", "-c", command + " >/dev/null 2>&1"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { throw ConfigurationError("cannot run \(variable)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw ConfigurationError("\(variable) failed with status \(status)") }
    }

    /// Creates a database through a connection to `admin`, runs `body`, and drops the database afterwards, also when
    /// `body` throws.
    static func withScratchDatabase<T>(admin location: DatabaseLocation, create: String, drop: String, _ body: () async throws -> T) async throws -> T
    {
        let admin = try await DatabaseHandle.open(location, logger: quietLogger())
        do {
            try await admin.sql.raw("\(unsafeRaw: create)").run()
            let result: T
            do {
                result = try await body()
            } catch {
                try? await admin.sql.raw("\(unsafeRaw: drop)").run()
                throw error
            }
            try await admin.sql.raw("\(unsafeRaw: drop)").run()
            try await admin.close()
            return result
        } catch {
            try? await admin.close()
            throw error
        }
    }
}

import Foundation
import Logging
import ServiceLifecycle
import TokenGate

/// Reads new revocations from the store at a fixed interval, so that revocations made by another process
/// (the `tokengate` command, another instance) reach this server's in-memory set without a query per request.
struct RevocationPoller: Service {
    let services: TokenGateServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // Revocations are stored with whole-second times: re-read a little before the last poll.
        let overlap: TimeInterval = 2
        do {
            try await cancelWhenGracefulShutdown {
                var since = Date()
                while true {
                    try await Task.sleep(for: interval)
                    let started = Date()
                    do {
                        try await services.reloadRevocations(since: since.addingTimeInterval(-overlap))
                        since = started
                    } catch {
                        logger.warning("could not read revocations from the database", metadata: ["error.type": "\(type(of: error))"])
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}

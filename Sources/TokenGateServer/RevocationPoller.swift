import Foundation
import Logging
import ServiceLifecycle
import TokenGate

/// Reads new revocations from the store at a fixed interval, so that revocations made by another process
/// (the `tokengate` command, another instance) reach this server's in-memory set without a query per request.
///
/// It runs even where the database pushes revocations: a push can fail silently (a pooling proxy, a dropped
/// connection), and this read keeps the guarantee of "within the poll interval plus a second" regardless.
struct RevocationPoller: Service {
    let sync: RevocationSync
    let interval: Duration
    /// The clock skew between instances to allow for: a revocation written by an instance whose clock is behind
    /// carries an earlier time than this instance's, so each read goes back this much further.
    let overlap: Duration
    let logger: Logger

    func run() async throws {
        // Revocations are stored with whole-second times, by clocks that may be behind this one: re-read from
        // a little before the last poll.
        let overlap = TimeInterval(self.overlap.wholeSeconds + 2)
        do {
            try await cancelWhenGracefulShutdown {
                var since = Date()
                while true {
                    try await Task.sleep(for: interval)
                    let started = Date()
                    do {
                        try await sync.reload(since: since.addingTimeInterval(-overlap))
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

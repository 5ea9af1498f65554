import Foundation
import Logging
import ServiceLifecycle
import TokenGate

/// Keeps the in-memory revocation set in step with the database's pushed revocations (PostgreSQL
/// `LISTEN/NOTIFY`): each (re)connection first reloads the set from the table, so nothing revoked while the
/// connection was down is missed.
struct RevocationListener: Service {
    let sync: RevocationSync
    let feed: any RevocationFeed
    let logger: Logger

    func run() async throws {
        let (sync, logger) = (self.sync, self.logger)
        await cancelWhenGracefulShutdown {
            await feed.run(
                onListening: {
                    do {
                        try await sync.reload(since: .distantPast)
                    } catch {
                        logger.warning("could not reload revocations after connecting", metadata: ["error.type": "\(type(of: error))"])
                    }
                },
                onRevoked: { id, revokedAt in sync.insert(id, revokedAt: revokedAt) }
            )
        }
    }
}

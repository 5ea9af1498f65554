import Foundation
import Logging
import ServiceLifecycle
import TokenGate

/// Keeps the in-memory revocation set in step with the database's pushed revocations (PostgreSQL
/// `LISTEN/NOTIFY`): each (re)connection first reloads the set from the table, so nothing revoked while the
/// connection was down is missed.
struct RevocationListener: Service {
    let services: TokenGateServices
    let feed: any RevocationFeed
    let logger: Logger

    func run() async throws {
        let (services, logger) = (self.services, self.logger)
        await cancelWhenGracefulShutdown {
            await feed.run(
                onListening: {
                    do {
                        try await services.reloadRevocations(since: .distantPast)
                    } catch {
                        logger.warning("could not reload revocations after connecting", metadata: ["error.type": "\(type(of: error))"])
                    }
                },
                onRevoked: { id, revokedAt in services.revocations.insert(id, revokedAt: revokedAt) }
            )
        }
    }
}

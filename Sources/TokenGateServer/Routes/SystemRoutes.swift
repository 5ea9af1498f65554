import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TokenGate

/// `/health`, `/ready` and `/openapi.yaml`.
struct SystemRoutes {
    /// Throws when the database does not answer.
    let checkDatabase: @Sendable () async throws -> Void
    /// How long `/ready` waits for the database (`TOKENGATE_DATABASE_TIMEOUT`, the wait every query is allowed).
    let databaseTimeout: Duration
    /// The revocation feed's health, which `/ready` reports; `nil` where revocations are only polled.
    let revocationFeed: RevocationFeedHealth?
    let openAPIDocument: ByteBuffer

    func add(to router: Router<TokenGateRequestContext>) {
        router.get("health") { _, _ in StatusBody(status: "ok") }
        router.get("ready", use: ready)
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: openAPIDocument))
        }
    }

    /// 200 while the database answers and accepts a write, saying how revocations arrive: `healthy` (pushed, and the heartbeat
    /// comes back), `degraded` or `connecting` (only the poll delivers them for now), or `polling` (the database
    /// has no push). A degraded feed does not make the instance unready: the poll keeps the guarantee.
    @Sendable func ready(_ request: Request, context: TokenGateRequestContext) async throws -> ReadyBody {
        do {
            try await Deadline.run(within: databaseTimeout) { try await checkDatabase() }
        } catch StoreError.writesRefused {
            throw APIError.databaseRefusesWrites
        } catch {
            throw APIError.databaseUnavailable
        }
        return ReadyBody(revocationFeed: revocationFeed?.state.rawValue ?? "polling", status: "ready")
    }
}

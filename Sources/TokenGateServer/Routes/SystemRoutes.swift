import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TokenGate

/// `/health`, `/ready`, `/.well-known/jwks.json` and `/openapi.yaml`.
struct SystemRoutes {
    let services: TokenGateServices
    let openAPIDocument: ByteBuffer

    func add(to router: Router<TokenGateRequestContext>) {
        router.get("health") { _, _ in StatusBody(status: "ok") }
        router.get("ready", use: ready)
        router.get(".well-known/jwks.json", use: keySet)
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: openAPIDocument))
        }
    }

    @Sendable func ready(_ request: Request, context: TokenGateRequestContext) async throws -> StatusBody {
        do {
            try await Deadline.run(within: .seconds(2)) { try await services.checkDatabase() }
        } catch {
            throw APIError.databaseUnavailable
        }
        return StatusBody(status: "ready")
    }

    @Sendable func keySet(_ request: Request, context: TokenGateRequestContext) async throws -> Response {
        let body = try ResponseEncoding.json.encode(services.keyRing.publicKeySet)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

import Foundation
import Hummingbird
import NIOCore

/// The floor: a bare Hummingbird server that answers `GET /auth/status` with a user-shaped JSON body and no
/// authentication at all. Its throughput is the framework's own limit on a machine; TokenGate's `status`
/// measured against it shows what the authentication work costs.
///
/// The body is encoded once, at start: the floor does no per-request work beyond Hummingbird's own (issue #15). It
/// used to encode the struct on every request with Foundation's `JSONEncoder`, about a fifth of its CPU, which let
/// TokenGate (whose JSON writer is faster) pass it.
@main
struct FloorServer {
    struct UserBody: ResponseEncodable {
        let id: UUID
        let email: String
        let name: String?
        let roles: [String]
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, email, name, roles
            case createdAt = "created_at"
        }
    }

    struct Envelope: ResponseEncodable {
        let user: UserBody
    }

    static func main() async throws {
        let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8100
        let user = UserBody(id: UUID(), email: "floor@example.com", name: "Floor", roles: ["user"], createdAt: Date())
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let body = ByteBuffer(bytes: try encoder.encode(Envelope(user: user)))
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.get("auth/status") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "Floor"))
        try await app.runService()
    }
}

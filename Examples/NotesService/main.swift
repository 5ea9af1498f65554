import Foundation
import Hummingbird
import TokenGateAuth

// notes-service: a small service protected by TokenGate's tokens, verified offline with TokenGateAuth.
//   PORT               the port to listen on (default 8081)
//   TOKENGATE_URL      TokenGate's base URL, also its issuer (TOKENGATE_ISSUER there); keys come from its discovery
//   TOKENGATE_AUDIENCE the audience TokenGate puts in its tokens (TOKENGATE_AUDIENCE there; default "tokengate")

let environment = ProcessInfo.processInfo.environment
let tokenGate = environment["TOKENGATE_URL"] ?? "http://127.0.0.1:8080"
let verifier = TokenGateVerifier(
    keys: .issuer(tokenGate),
    issuer: tokenGate,
    audience: environment["TOKENGATE_AUDIENCE"] ?? "tokengate"
)
let app = Application(
    router: notesRouter(verifier: verifier),
    configuration: .init(address: .hostname("127.0.0.1", port: Int(environment["PORT"] ?? "") ?? 8081), serverName: "notes-service")
)
try await app.runService()

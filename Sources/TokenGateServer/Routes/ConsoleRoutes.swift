import HTTPTypes
import Hummingbird

/// The web console: its page at `/` and its scripts and style sheet at `/console/{file}`, from the files compiled
/// into the binary.
struct ConsoleRoutes {
    let files: ConsoleFiles

    func add(to router: Router<TokenGateRequestContext>) {
        router.get("/") { request, _ in try files.response(for: "index.html", request: request) }
        router.get("console/:file") { request, context in
            try files.response(for: context.parameters.get("file") ?? "", request: request)
        }
    }
}

import HTTPTypes
import Hummingbird

/// The web console: its page at `/` (and at `/verify-email` and `/reset-password`, where the links of mails land), and
/// its scripts and style sheet at `/console/{file}`, from the files compiled into the binary.
struct ConsoleRoutes {
    let files: ConsoleFiles

    func add(to router: Router<TokenGateRequestContext>) {
        for path in ["/", "verify-email", "reset-password"] {
            router.get(RouterPath(path)) { request, _ in try files.response(for: "index.html", request: request) }
        }
        router.get("console/:file") { request, context in
            try files.response(for: context.parameters.get("file") ?? "", request: request)
        }
    }
}

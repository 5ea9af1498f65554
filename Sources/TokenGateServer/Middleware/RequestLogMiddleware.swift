import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Gives each request an id (echoed in `X-Request-ID`) and logs one line per request: method, path, status, time.
///
/// Only the path is logged, never the query string, headers or body, so no token or password reaches a log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("x-request-id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = context.id
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[Self.requestIDHeader] = requestID
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(
                    Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1_000 + Double(elapsed.components.seconds) * 1_000
                ),
            ]
        )
        return response
    }
}

import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Gives each request an id, returned in `X-Request-Id` on every response, and logs one line per request: request
/// id, method, route template, path, status and time.
///
/// A well-formed `X-Request-Id` from the caller (a gateway's) is kept, so one id follows the request through every
/// hop; anything else gets a new id. Only the path is logged, never the query string, headers or body, so no
/// token or password reaches a log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIDHeader: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID: String
        if let callersID = request.headers[Self.requestIDHeader].flatMap(Self.acceptedID) {
            requestID = callersID
            context.logger[metadataKey: "hb.request.id"] = .string(callersID)
        } else {
            // Hummingbird has put its own id in the logger already; setting it again would cost a copy of the
            // logger's metadata on every request.
            requestID = context.id
        }
        let start = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[Self.requestIDHeader] = requestID
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? "NotFound"),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(
                    Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1_000 + Double(elapsed.components.seconds) * 1_000
                ),
            ]
        )
        return response
    }

    /// `id` when it is safe to log and echo: 1 to 128 letters, digits and `-_.:`.
    static func acceptedID(_ id: String) -> String? {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-_.:".utf8.contains(byte)
        }
        return allowed && (1...128).contains(id.utf8.count) ? id : nil
    }
}

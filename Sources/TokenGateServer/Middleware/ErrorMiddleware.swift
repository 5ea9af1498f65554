import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TokenGate

/// Turns every failure into a response with the contract's error body; nothing leaves as an empty 500.
///
/// A path that exists with other methods answers 405 with `Allow`; an unknown path 404 `not_found`.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try apiError(for: error, request: request, context: context).response(from: request, context: context)
        }
    }

    private func apiError(for error: any Error, request: Request, context: Context) -> APIError {
        if let mapped = APIError(domainError: error) { return mapped }
        switch error {
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.methods(forPath: request.uri.path)
            guard !allowed.isEmpty else { return .notFound }
            return APIError(
                .methodNotAllowed,
                code: "method_not_allowed",
                message: "This path does not serve \(request.method.rawValue).",
                headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")]
            )
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "payload_too_large", message: "The request body is too large.")
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(error.status, code: "bad_request", message: "The request could not be understood.")
        default:
            context.logger.error("request failed", metadata: ["error.type": "\(type(of: error))"])
            return .internalFailure
        }
    }
}

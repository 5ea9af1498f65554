import Hummingbird

/// Counts and times every request by method, route template and status (``HTTPMetrics``).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.record(
            method: request.method.rawValue,
            route: context.endpointPath ?? "NotFound",
            status: Int(response.status.code),
            duration: ContinuousClock.now - start
        )
        return response
    }
}

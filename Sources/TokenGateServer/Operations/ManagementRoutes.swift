import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import TokenGate

/// The management listener (`TOKENGATE_MANAGEMENT_ADDRESS`): `/metrics` in the Prometheus text format, `/health`
/// and `/ready`, on an address that only operators reach. The public port never serves `/metrics`.
struct ManagementRoutes {
    let registry: PrometheusCollectorRegistry
    let services: TokenGateServices
    let system: SystemRoutes

    /// A router with the management routes, errors in the contract's shape.
    func router() -> Router<TokenGateRequestContext> {
        let router = Router(context: TokenGateRequestContext.self)
        router.add(middleware: ErrorMiddleware(routes: RouteTable([Router<TokenGateRequestContext>.RouteDescription]())))
        router.get("metrics") { _, _ in metrics() }
        router.get("health") { _, _ in StatusBody(status: "ok") }
        router.get("ready", use: system.ready)
        return router
    }

    /// The management listener at `address`; `onRunning` runs once it accepts connections.
    func application(at address: ManagementAddress, logger: Logger, onRunning: @escaping @Sendable () async -> Void) -> some Service {
        Application(
            router: router(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "TokenGate management"),
            onServerRunning: { _ in await onRunning() },
            logger: logger
        )
    }

    /// Every metric as it is now (the revocation set's size is read at this moment).
    private func metrics() -> Response {
        services.metrics.revocationSet(size: services.revocations.count)
        var text: [UInt8] = []
        registry.emit(into: &text)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text))
        )
    }
}

/// The Prometheus registry of one server and the metrics factory over it.
struct MetricsRegistry: Sendable {
    let registry = PrometheusCollectorRegistry()

    /// A factory writing into ``registry``, with buckets for request times (milliseconds to seconds) and bcrypt
    /// (tens of milliseconds to seconds).
    var factory: PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "http_request_duration_seconds": [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            ],
            "tokengate_password_hash_seconds": [
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                .seconds(1), .seconds(2),
            ],
        ]
        return factory
    }
}

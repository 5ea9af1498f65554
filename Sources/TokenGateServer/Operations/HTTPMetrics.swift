import Metrics
import Synchronization

/// `http_requests_total{method,route,status}` and `http_request_duration_seconds{route}`, labelled by route template
/// (`/books/{id}`), never the raw path, so the number of series stays bounded.
///
/// Each series is made once, on its first request, and kept; a request then costs one dictionary lookup.
final class HTTPMetrics: Sendable {
    private struct CounterKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private let factory: any MetricsFactory
    /// Each series' counter, and its route's timer (shared by the route's series).
    private let series = Mutex<[CounterKey: (counter: Counter, timer: Metrics.Timer)]>([:])

    /// Metrics made by `factory`.
    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one request to `route` and records how long it took.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = CounterKey(method: method, route: route, status: status)
        let (counter, timer) = series.withLock { series in
            if let known = series[key] { return known }
            let made = (
                counter: Counter(
                    label: "http_requests_total",
                    dimensions: [("method", method), ("route", route), ("status", String(status))],
                    factory: factory
                ),
                timer: Metrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            )
            series[key] = made
            return made
        }
        counter.increment()
        timer.record(duration: duration)
    }
}

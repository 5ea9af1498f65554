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
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    /// Metrics made by `factory`.
    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts one request to `route` and records how long it took.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = CounterKey(method: method, route: route, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let made = Counter(
                label: "http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))],
                factory: factory
            )
            counters[key] = made
            return made
        }
        counter.increment()
        let timer = timers.withLock { timers in
            if let timer = timers[route] { return timer }
            let made = Metrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            timers[route] = made
            return made
        }
        timer.record(duration: duration)
    }
}

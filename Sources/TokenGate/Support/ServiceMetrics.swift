public import CoreMetrics
import Metrics

/// The domain's counters and timings (API.md "Operations"), made once from a metrics factory so that counting an
/// event looks nothing up; the server backs them with Prometheus, tests and tools with nothing.
public struct ServiceMetrics: Sendable {
    /// How a login attempt ended.
    public enum LoginResult: String, Sendable, CaseIterable {
        case succeeded, failed, throttled
    }

    /// Why sessions were revoked.
    public enum RevocationReason: String, Sendable, CaseIterable {
        case logout
        case logoutAll = "logout_all"
        case passwordChange = "password_change"
        case passwordReset = "password_reset"
        case reuse
        case revokedByUser = "revoked_by_user"
        case roleRemoved = "role_removed"
    }

    private let logins: [LoginResult: Counter]
    private let accessTokens: Counter
    private let refreshTokens: Counter
    private let revocations: [RevocationReason: Counter]
    private let reuse: Counter
    private let passwordHashing: Metrics.Timer
    private let revocationSetSize: Gauge
    private let auditEventsDropped: Counter

    /// The metrics, made by `factory`.
    public init(factory: any MetricsFactory) {
        logins = Dictionary(
            uniqueKeysWithValues: LoginResult.allCases.map {
                ($0, Counter(label: "tokengate_logins_total", dimensions: [("result", $0.rawValue)], factory: factory))
            }
        )
        accessTokens = Counter(label: "tokengate_tokens_issued_total", dimensions: [("type", "access")], factory: factory)
        refreshTokens = Counter(label: "tokengate_tokens_issued_total", dimensions: [("type", "refresh")], factory: factory)
        revocations = Dictionary(
            uniqueKeysWithValues: RevocationReason.allCases.map {
                ($0, Counter(label: "tokengate_sessions_revoked_total", dimensions: [("reason", $0.rawValue)], factory: factory))
            }
        )
        reuse = Counter(label: "tokengate_refresh_reuse_total", factory: factory)
        passwordHashing = Metrics.Timer(label: "tokengate_password_hash_seconds", factory: factory)
        revocationSetSize = Gauge(label: "tokengate_revocation_set_size", factory: factory)
        auditEventsDropped = Counter(label: "tokengate_audit_events_dropped_total", factory: factory)
    }

    /// Metrics that go nowhere.
    public static let disabled = ServiceMetrics(factory: NOOPMetricsHandler.instance)

    func login(_ result: LoginResult) { logins[result]?.increment() }

    func issuedPair() {
        accessTokens.increment()
        refreshTokens.increment()
    }

    func revoked(_ count: Int, because reason: RevocationReason) {
        guard count > 0 else { return }
        revocations[reason]?.increment(by: count)
    }

    func reuseDetected() { reuse.increment() }

    func auditDropped(_ count: Int) { auditEventsDropped.increment(by: count) }

    func hashed(for duration: Duration) { passwordHashing.record(duration: duration) }

    /// Records the number of sessions in the in-memory revocation set (read when metrics are scraped).
    public func revocationSet(size: Int) { revocationSetSize.record(size) }
}

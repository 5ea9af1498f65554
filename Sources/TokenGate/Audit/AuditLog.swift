public import Foundation
public import Logging
import Synchronization

/// Records audit events without ever delaying or failing the request that causes them.
///
/// ``record(_:)`` puts an event into a bounded queue and returns at once; ``run()`` writes what the queue holds,
/// many events per statement. When the queue is full, or a write fails (the database is down), the events are
/// counted as dropped (`tokengate_audit_events_dropped_total`) and logged as such — without their content.
public final class AuditLog: Sendable {
    /// The most events waiting to be written.
    public let capacity: Int
    private let store: any AuditStore
    private let metrics: ServiceMetrics
    private let logger: Logger
    private let time: TimeSource
    private let pending = Mutex<[AuditEvent]>([])
    /// The last write started; each write waits for the one before, so a finished ``flush()`` means written.
    private let lastWrite = Mutex<Task<Void, Never>?>(nil)
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// A log writing into `store`, holding at most `capacity` events in memory.
    public init(
        store: any AuditStore,
        capacity: Int = 10_000,
        metrics: ServiceMetrics = .disabled,
        time: TimeSource = .system,
        logger: Logger
    ) {
        self.store = store
        self.time = time
        self.capacity = capacity
        self.metrics = metrics
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an event of `kind` that happens now.
    public func record(
        _ kind: AuditEvent.Kind,
        userID: UUID? = nil,
        sessionID: UUID? = nil,
        actorID: UUID? = nil,
        client: SessionClient = .unknown,
        detail: [String: String] = [:]
    ) {
        record(
            AuditEvent(at: time.preciseNow(), kind: kind, userID: userID, sessionID: sessionID, actorID: actorID, client: client, detail: detail)
        )
    }

    /// Queues `event` for writing; drops it (and counts the drop) when the queue is full.
    public func record(_ event: AuditEvent) {
        let accepted = pending.withLock { queue in
            guard queue.count < capacity else { return false }
            queue.append(event)
            return true
        }
        if accepted {
            wake.yield()
        } else {
            metrics.auditDropped(1)
        }
    }

    /// Writes queued events as they come, until the task is cancelled or ``finish()`` is called.
    public func run() async {
        for await _ in wakeups {
            await flush()
        }
    }

    /// Ends ``run()`` once the events queued by now are written.
    public func finish() { wake.finish() }

    /// Writes every event queued by now, after any write already under way.
    public func flush() async {
        let write = lastWrite.withLock { last in
            let previous = last
            let next = Task {
                await previous?.value
                await self.writePending()
            }
            last = next
            return next
        }
        await write.value
    }

    private func writePending() async {
        let batch = pending.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.appendAuditEvents(batch)
        } catch {
            metrics.auditDropped(batch.count)
            logger.error(
                "audit events dropped: the database refused them",
                metadata: ["count": "\(batch.count)", "error.type": "\(type(of: error))"]
            )
        }
    }

    /// One page of events matching `filter`, newest first.
    public func events(matching filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> {
        let rows = try await store.auditEvents(matching: filter, after: page.after, limit: page.limit + 1)
        return Page(rows: rows, limit: page.limit) { ListPosition(createdAt: $0.at, id: $0.id) }
    }

    /// Deletes the events older than `retention` before `now`.
    @discardableResult
    public func purge(olderThan retention: Duration, now: Date) async throws -> Int {
        try await store.purgeAuditEvents(before: now.addingTimeInterval(-TimeInterval(retention.components.seconds)))
    }
}

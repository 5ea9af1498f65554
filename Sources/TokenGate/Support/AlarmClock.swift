import Synchronization

/// Calls back when a time limit has passed, for many limits at once: one sleeping task serves every pending alarm,
/// so that setting and clearing an alarm costs a lock and a table entry instead of a timer of its own.
///
/// An alarm goes off within ``resolution`` after its limit; clearing it before then means it never goes off.
final class AlarmClock: Sendable {
    /// The clock that ``Deadline`` uses.
    static let shared = AlarmClock(resolution: .milliseconds(20))

    /// How late an alarm may go off at most (plus the time the scheduler takes to wake the clock).
    let resolution: Duration

    private struct Alarm {
        let due: ContinuousClock.Instant
        let ring: @Sendable () -> Void
    }

    private struct State {
        var alarms: [UInt64: Alarm] = [:]
        var nextID: UInt64 = 0
        var ticking = false
    }

    private let state = Mutex(State())

    /// Creates a clock whose alarms go off at most `resolution` late.
    init(resolution: Duration) {
        self.resolution = resolution
    }

    /// Calls `ring` once `limit` has passed, unless ``clear(_:)`` comes first; returns the alarm's number.
    func set(after limit: Duration, _ ring: @escaping @Sendable () -> Void) -> UInt64 {
        let alarm = Alarm(due: .now + limit, ring: ring)
        let (id, startsTicking) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.alarms[id] = alarm
            let startsTicking = !state.ticking
            state.ticking = true
            return (id, startsTicking)
        }
        if startsTicking { Task { await self.tick() } }
        return id
    }

    /// Removes alarm `id`; nothing happens when it has gone off already.
    func clear(_ id: UInt64) {
        _ = state.withLock { $0.alarms.removeValue(forKey: id) }
    }

    /// Wakes every ``resolution`` (or at the next alarm, when sooner) and rings what is due, until no alarm is left.
    private func tick() async {
        var nap = resolution
        while true {
            try? await Task.sleep(for: nap)
            let now = ContinuousClock.now
            let (due, next): ([Alarm], ContinuousClock.Instant?) = state.withLock { state in
                let due = state.alarms.filter { $0.value.due <= now }
                for id in due.keys { state.alarms.removeValue(forKey: id) }
                let next = state.alarms.values.map(\.due).min()
                if next == nil { state.ticking = false }
                return (Array(due.values), next)
            }
            for alarm in due { alarm.ring() }
            guard let next else { return }
            nap = min(resolution, max(.zero, next - .now))
        }
    }
}

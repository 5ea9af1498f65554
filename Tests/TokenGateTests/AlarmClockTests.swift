import Synchronization
import Testing

@testable import TokenGate

struct AlarmClockTests {
    /// Waits until the alarm set on `clock` after `limit` rings; returns how long after setting it that was.
    private func ringTime(on clock: AlarmClock, after limit: Duration) async -> Duration {
        let start = ContinuousClock.now
        await withCheckedContinuation { (rang: CheckedContinuation<Void, Never>) in
            _ = clock.set(after: limit) { rang.resume() }
        }
        return ContinuousClock.now - start
    }

    @Test func anAlarmRingsOnceItsLimitHasPassedAndNotBefore() async {
        let clock = AlarmClock(resolution: .milliseconds(5))
        for limit in [Duration.milliseconds(1), .milliseconds(30)] {
            #expect(await ringTime(on: clock, after: limit) >= limit)
        }
    }

    @Test func aClearedAlarmNeverRings() async {
        let clock = AlarmClock(resolution: .milliseconds(5))
        let clearedRang = Mutex(false)
        let cleared = clock.set(after: .milliseconds(10)) { clearedRang.withLock { $0 = true } }
        clock.clear(cleared)
        // An alarm due later than the cleared one: by the time it rings, the cleared one was due too.
        _ = await ringTime(on: clock, after: .milliseconds(40))
        #expect(clearedRang.withLock { $0 } == false)
    }

    @Test func theClockRingsAgainAfterItFellIdle() async {
        let clock = AlarmClock(resolution: .milliseconds(5))
        _ = await ringTime(on: clock, after: .milliseconds(5))
        // Nothing was pending after the first alarm, so the clock stopped; a new alarm must start it again.
        _ = await ringTime(on: clock, after: .milliseconds(5))
    }

    @Test func manyAlarmsEachRingOnce() async {
        let clock = AlarmClock(resolution: .milliseconds(5))
        let rings = RingCounts()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    await withCheckedContinuation { (rang: CheckedContinuation<Void, Never>) in
                        _ = clock.set(after: .milliseconds(Int64(index % 17))) {
                            rings.counts.withLock { $0[index, default: 0] += 1 }
                            rang.resume()
                        }
                    }
                }
            }
        }
        #expect(rings.counts.withLock { $0.count } == 200)
        #expect(rings.counts.withLock { $0.values.allSatisfy { $0 == 1 } })
    }
}

/// How often each alarm rang, shared by the tasks that set them.
private final class RingCounts: Sendable {
    let counts = Mutex([Int: Int]())
}

import Synchronization

/// Runs work with a time limit.
public enum Deadline {
    /// The work did not finish in time.
    public struct Exceeded: Error, Equatable {}

    /// The result of `work`, or ``Exceeded`` once `limit` has passed (at most 20 ms later, the resolution of the shared
    /// alarm clock); the work is then cancelled.
    ///
    /// The caller gets its answer at the limit even when the work does not react to cancellation (a query that a
    /// pooling proxy holds until its own timeout): the work is left to end in the background.
    public static func run<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = FirstOutcome<T>()
        let worker = Task {
            do {
                outcome.settle(.success(try await work()))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let alarm = AlarmClock.shared.set(after: limit) { outcome.settle(.failure(Exceeded())) }
        defer {
            worker.cancel()
            AlarmClock.shared.clear(alarm)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { outcome.await($0) }
        } onCancel: {
            outcome.settle(.failure(CancellationError()))
        }
    }
}

/// The first of several competing outcomes, handed to one waiting continuation; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<T, any Error>)
        case settled(Result<T, any Error>)
        case delivered
    }

    private let state = Mutex(State.pending)

    /// Records `result` unless an outcome came first, and resumes the waiter if there is one.
    func settle(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .settled(result)
                return nil
            case .waiting(let continuation):
                state = .delivered
                return continuation
            case .settled, .delivered:
                return nil
            }
        }
        waiter?.resume(with: result)
    }

    /// Waits on `continuation` for the first outcome, resuming it at once when there is one already.
    func await(_ continuation: CheckedContinuation<T, any Error>) {
        let settled: Result<T, any Error>? = state.withLock { state in
            switch state {
            case .pending:
                state = .waiting(continuation)
                return nil
            case .settled(let result):
                state = .delivered
                return result
            case .waiting, .delivered:
                preconditionFailure("one waiter only")
            }
        }
        if let settled { continuation.resume(with: settled) }
    }
}

public import Foundation
public import Logging
import Synchronization

/// A mail the server sends after answering the request that asked for it.
public enum MailJob: Sendable, Equatable {
    /// A verification link to the account `userID`, unless its address is verified.
    case verifyEmail(userID: UUID)
    /// A reset link to the account with this address, if there is one.
    case resetPassword(email: String)
}

/// Sends mails off the request path: ``enqueue(_:)`` returns at once, ``run()`` handles the jobs, a few at a time
/// (a webhook that retries never holds up the others for long). A full queue drops the job and logs that it did.
public final class MailQueue: Sendable {
    /// The most jobs waiting.
    public let capacity: Int
    /// The most jobs handled at the same time.
    public let concurrency: Int
    private let handle: @Sendable (MailJob) async -> Void
    private let logger: Logger
    private let jobs: AsyncStream<MailJob>
    private let intake: AsyncStream<MailJob>.Continuation
    private let state = Mutex(State())

    private struct State {
        var unfinished = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// A queue whose jobs `handle` carries out.
    public init(capacity: Int = 1_000, concurrency: Int = 8, logger: Logger, handle: @escaping @Sendable (MailJob) async -> Void) {
        self.capacity = capacity
        self.concurrency = concurrency
        self.handle = handle
        self.logger = logger
        (jobs, intake) = AsyncStream.makeStream(of: MailJob.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Queues `job`; when the queue is full the job is dropped (and logged), never waited for.
    public func enqueue(_ job: MailJob) {
        state.withLock { $0.unfinished += 1 }
        if case .enqueued = intake.yield(job) { return }
        logger.warning("mail queue full or stopped: a mail was not sent", metadata: ["capacity": "\(capacity)"])
        finishOne()
    }

    /// Handles jobs until ``finish()`` and the jobs queued before it are done.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await job in jobs {
                if running == concurrency {
                    await group.next()
                    running -= 1
                }
                running += 1
                group.addTask { [self] in
                    await handle(job)
                    finishOne()
                }
            }
        }
    }

    /// Stops taking jobs; ``run()`` returns once the queued ones are handled.
    public func finish() { intake.finish() }

    /// Returns once every job queued so far has been handled (or dropped).
    public func flush() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                guard state.unfinished > 0 else { return true }
                state.waiters.append(waiter)
                return false
            }
            if idle { waiter.resume() }
        }
    }

    private func finishOne() {
        let waiters = state.withLock { state in
            state.unfinished -= 1
            guard state.unfinished == 0 else { return [CheckedContinuation<Void, Never>]() }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

import Synchronization
import Testing

@testable import TokenGate

struct DeadlineTests {
    /// Work that ignores cancellation (as a query held by a pooling proxy does) does not hold the caller past the limit.
    @Test func theCallerIsAnsweredAtTheLimitEvenWhenTheWorkIgnoresCancellation() async throws {
        let (release, released) = AsyncStream.makeStream(of: Void.self)
        let finished = Mutex(false)
        await #expect(throws: Deadline.Exceeded.self) {
            try await Deadline.run(within: .milliseconds(50)) {
                // Waits for the release without reacting to cancellation.
                await Task { for await _ in release {} }.value
                finished.withLock { $0 = true }
            }
        }
        #expect(finished.withLock { $0 } == false, "the caller waited for the work")
        released.finish()
    }

    @Test func theWorksResultAndErrorsPassThrough() async throws {
        #expect(try await Deadline.run(within: .seconds(10)) { 42 } == 42)
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await Deadline.run(within: .seconds(10)) { throw Failure() } }
    }
}

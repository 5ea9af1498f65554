/// Runs work with a time limit.
public enum Deadline {
    /// The work did not finish in time.
    public struct Exceeded: Error, Equatable {}

    /// The result of `work`, or ``Exceeded`` when it takes longer than `limit`; the work is then cancelled.
    public static func run<T: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Exceeded()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Exceeded() }
            return first
        }
    }
}

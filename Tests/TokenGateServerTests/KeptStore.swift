import SQLKit
import Synchronization
import TokenGate
import TokenGateSQL

/// Keeps the SQL store that `withApp` builds, for a test that must reach the database underneath (to inject a fault
/// or read what was stored). Pass ``decorate`` as `decorateStore`.
final class KeptStore: Sendable {
    private let kept = Mutex<SQLStore?>(nil)

    /// Keeps the store it is given and gives it back unchanged.
    var decorate: @Sendable (any TokenGateStore) -> any TokenGateStore {
        { [self] wrapped in
            kept.withLock { $0 = wrapped as? SQLStore }
            return wrapped
        }
    }

    /// The database of the kept store.
    func database() throws -> any SQLDatabase {
        guard let store = kept.withLock({ $0 }) else { throw KeptStoreMissing() }
        return store.database
    }

    private struct KeptStoreMissing: Error {}
}

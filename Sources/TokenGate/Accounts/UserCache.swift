import Foundation
import Synchronization

/// Recently read accounts, kept for a few seconds so that `GET /auth/status` needs no database round trip.
///
/// Changes made through this process drop the entry at once; changes made by another process (another
/// instance, the `tokengate` command) show after at most ``lifetime``. Nothing that grants access is read from
/// here: roles that matter come from tokens, and revocation from the revocation set.
final class UserCache: Sendable {
    /// How long an entry is served.
    let lifetime: TimeInterval
    /// The most entries kept; past it, expired entries are dropped, then everything.
    let capacity: Int
    private let entries = Mutex<[UUID: (user: User, expires: Date)]>([:])

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached account, unless it is missing or expired.
    func user(id: UUID, now: Date = Date()) -> User? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.expires > now else { return nil }
            return entry.user
        }
    }

    /// Keeps `user` for ``lifetime``.
    func store(_ user: User, now: Date = Date()) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[user.id] = (user, now.addingTimeInterval(lifetime))
        }
    }

    /// Drops the entry of `id`.
    func forget(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}

import Foundation

/// Recently read accounts, kept for a few seconds so that `GET /auth/status` needs no database round trip.
///
/// Changes made through this process drop the entry at once; changes made by another process (another
/// instance, the `tokengate` command) show after at most ``lifetime``. Nothing that grants access is read from
/// here: roles that matter come from tokens, and revocation from the revocation set.
final class UserCache: Sendable {
    /// How long an entry is served.
    let lifetime: TimeInterval
    private let entries: ExpiringCache<UUID, User>

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        entries = ExpiringCache(capacity: capacity)
    }

    /// The cached account, unless it is missing or expired.
    func user(id: UUID, now: Date = Date()) -> User? { entries.value(for: id, now: now) }

    /// Keeps `user` for ``lifetime``.
    func store(_ user: User, now: Date = Date()) { entries.store(user, for: user.id, until: now.addingTimeInterval(lifetime), now: now) }

    /// Drops the entry of `id`.
    func forget(_ id: UUID) { entries.remove(id) }
}

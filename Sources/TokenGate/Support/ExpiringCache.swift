import Foundation
import Synchronization

/// Values kept until their own expiry time, at most ``capacity`` of them; safe to use from any thread.
///
/// When full, storing drops the expired entries first, and everything when none had expired: the cache
/// stays bounded without keeping any order.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The most entries kept.
    let capacity: Int
    private let entries = Mutex<[Key: (value: Value, expires: Date)]>([:])

    init(capacity: Int) { self.capacity = capacity }

    /// The value stored for `key`, unless it is missing or expired at `now`.
    func value(for key: Key, now: Date) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.expires > now else { return nil }
            return entry.value
        }
    }

    /// Keeps `value` for `key` until `expires`.
    func store(_ value: Value, for key: Key, until expires: Date, now: Date) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = (value, expires)
        }
    }

    /// Drops the entry of `key`.
    func remove(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// How many entries are kept, expired ones included.
    var count: Int { entries.withLock { $0.count } }
}

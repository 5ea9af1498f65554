public import Foundation

/// One page of a list, and where the next one starts.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in list order.
    public let items: [Item]
    /// The opaque cursor of the next page, or `nil` on the last page.
    public let nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// What a caller asks of a list: how many items, and after which position.
public struct PageRequest: Sendable, Equatable {
    /// The default number of items.
    public static let defaultLimit = 20
    /// The largest number of items a page may hold.
    public static let maximumLimit = 100

    /// How many items to answer.
    public let limit: Int
    /// The position to continue after, or `nil` for the first page.
    public let after: ListPosition?

    /// Parses the `limit` and `cursor` query parameters.
    /// - Throws: ``InvalidFields`` naming the parameter that is not valid.
    public init(limit: String?, cursor: String?) throws {
        var validator = FieldCheck()
        var parsedLimit = Self.defaultLimit
        if let limit {
            if let value = Int(limit), (1...Self.maximumLimit).contains(value) {
                parsedLimit = value
            } else {
                validator.fail("limit", "must be a whole number from 1 to \(Self.maximumLimit)")
            }
        }
        var position: ListPosition?
        if let cursor {
            position = ListPosition(cursor: cursor)
            if position == nil { validator.fail("cursor", "is not a cursor this server issued") }
        }
        try validator.check()
        self.limit = parsedLimit
        self.after = position
    }

    /// A request for `limit` items after `after`.
    public init(limit: Int = PageRequest.defaultLimit, after: ListPosition? = nil) {
        self.limit = limit
        self.after = after
    }
}

/// A position in a list ordered by creation time, then id: the key of keyset pagination.
///
/// The order never changes for existing rows, so paging while rows are added never skips or repeats one. The
/// position holds the row's creation time as the store returned it; the store compares it in its own column's
/// unit, so no caller picks a unit.
public struct ListPosition: Sendable, Equatable {
    /// The row's creation time, the first sort key (as the store keeps it: at most millisecond precision).
    public let createdAt: Date
    /// The id, which breaks ties.
    public let id: UUID

    /// The position of a row created at `createdAt` with `id`.
    public init(createdAt: Date, id: UUID) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Decodes an opaque cursor; `nil` when it is not one.
    public init?(cursor: String) {
        guard cursor.utf8.count <= 128, let data = Base64URL.decode(Substring(cursor)) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let milliseconds = Int64(parts[0]), let id = UUID(canonical: parts[1]) else { return nil }
        self.init(createdAt: Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1_000), id: id)
    }

    /// Milliseconds since 1970, the unit of the cursor.
    public var milliseconds: Int64 { Int64((createdAt.timeIntervalSince1970 * 1_000).rounded()) }

    /// The opaque cursor of this position.
    public var cursor: String { Base64URL.encode(Data("\(milliseconds):\(id.uuidString)".utf8)) }
}

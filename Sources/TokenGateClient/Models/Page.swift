/// One page of a list, and the cursor of the next page (`nil` on the last page).
public struct Page<Item: Sendable & Equatable>: Sendable, Equatable {
    /// The items of this page.
    public let items: [Item]
    /// Pass it as `cursor` to get the next page; `nil` when there is none.
    public let nextCursor: String?
}

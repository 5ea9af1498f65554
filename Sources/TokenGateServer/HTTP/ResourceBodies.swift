public import Foundation
public import Hummingbird
public import TokenGate

/// A book as the API shows it.
public struct BookBody: Codable, Sendable, Equatable {
    /// The author.
    public let author: String
    /// When it was added (RFC 3339).
    public let createdAt: Date
    /// The public id.
    public let id: UUID
    /// The title.
    public let title: String
    /// When it last changed (RFC 3339).
    public let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case author
        case createdAt = "created_at"
        case id, title
        case updatedAt = "updated_at"
    }

    /// The body of `book`.
    public init(_ book: Book) {
        id = book.id
        title = book.title
        author = book.author
        createdAt = book.createdAt
        updatedAt = book.updatedAt
    }
}

/// A template as the API shows it (never its owner).
public struct TemplateBody: Codable, Sendable, Equatable {
    /// When it was made (RFC 3339).
    public let createdAt: Date
    /// The public id.
    public let id: UUID
    /// The template text.
    public let template: String
    /// When it last changed (RFC 3339).
    public let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case createdAt = "created_at"
        case id, template
        case updatedAt = "updated_at"
    }

    /// The body of `template`.
    public init(_ template: Template) {
        id = template.id
        self.template = template.text
        createdAt = template.createdAt
        updatedAt = template.updatedAt
    }
}

/// A body that the API wraps in an object named after it: `{"book": …}`, `{"books": […], "next_cursor": …}`.
public protocol NamedBody: Codable, Sendable {
    /// The key of one item: `book`.
    static var singularKey: String { get }
    /// The key of a list: `books`.
    static var pluralKey: String { get }
    /// Writes this body as a JSON object, as its `Encodable` conformance would.
    func write(to json: inout JSONWriter) throws
}

extension NamedBody {
    /// Writes this body through its `Encodable` conformance.
    public func write(to json: inout JSONWriter) throws { try json.write(self) }
}

extension BookBody: NamedBody {
    /// `book`.
    public static var singularKey: String { "book" }
    /// `books`.
    public static var pluralKey: String { "books" }
}

extension TemplateBody: NamedBody {
    /// `template`.
    public static var singularKey: String { "template" }
    /// `templates`.
    public static var pluralKey: String { "templates" }
}

extension UserBody: NamedBody {
    /// `user`.
    public static var singularKey: String { "user" }
    /// `users`.
    public static var pluralKey: String { "users" }
}

/// One item under its name: `{"book": {…}}`.
public struct Envelope<Item: NamedBody>: JSONResponseBody, Decodable, Sendable {
    /// The item.
    public let item: Item

    /// Wraps `item`.
    public init(_ item: Item) { self.item = item }

    /// Decodes `{"<singular key>": item}`.
    public init(from decoder: any Decoder) throws {
        item = try decoder.container(keyedBy: BodyKey.self).decode(Item.self, forKey: BodyKey(Item.singularKey))
    }

    /// Encodes `{"<singular key>": item}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: BodyKey.self)
        try container.encode(item, forKey: BodyKey(Item.singularKey))
    }

    /// A 200 response with `{"<singular key>": item}`, the item written by ``NamedBody/write(to:)``.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONWriter.response { json in
            try json.object { json in
                json.key(Item.singularKey)
                try item.write(to: &json)
            }
        }
    }
}

/// One page of a list under its name: `{"books": [...], "next_cursor": "..." or null}`.
public struct ListBody<Item: NamedBody>: JSONResponseBody, Decodable, Sendable {
    /// The items of this page.
    public let items: [Item]
    /// The cursor of the next page, or `nil` on the last one.
    public let nextCursor: String?

    /// The body of a page, each item turned into its body by `body`.
    public init<Value>(_ page: Page<Value>, _ body: (Value) -> Item) {
        items = page.items.map(body)
        nextCursor = page.nextCursor
    }

    /// Decodes `{"<plural key>": [...], "next_cursor": ...}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: BodyKey.self)
        items = try container.decode([Item].self, forKey: BodyKey(Item.pluralKey))
        nextCursor = try container.decodeIfPresent(String.self, forKey: BodyKey("next_cursor"))
    }

    /// Encodes both keys (the plural key sorts before `next_cursor`), `null` for the last page's cursor.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: BodyKey.self)
        try container.encode(items, forKey: BodyKey(Item.pluralKey))
        try container.encodeIfPresent(nextCursor, forKey: BodyKey("next_cursor"))
    }

    /// A 200 response with the page, each item written by ``NamedBody/write(to:)``.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONWriter.response { json in
            try json.object { json in
                json.key(Item.pluralKey)
                try json.array(items) { json, item in try item.write(to: &json) }
                json.key("next_cursor")
                json.string(orNull: nextCursor)
            }
        }
    }
}

/// A coding key made at run time.
struct BodyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

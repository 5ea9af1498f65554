import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer

struct JSONWriterTests {
    private func text(_ value: some Encodable) -> String {
        var json = JSONWriter()
        #expect(throws: Never.self) { try json.write(value) }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// What `JSONEncoder` writes with the contract's settings: sorted keys, slashes as they are, RFC 3339 times.
    private func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Every character that JSON must escape, and some it must not.
    static let awkwardStrings: [String] = [
        "",
        "plain",
        "quote \" backslash \\ slash /",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
        "tab\tnewline\nreturn\r",
        "é ü 中文 🙂 \u{2028}\u{2029} \u{7F}",
        "\"\\\"\\",
    ]

    @Test(arguments: awkwardStrings)
    func stringsAreEscapedExactlyAsJSONEncoderEscapesThem(_ value: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text(value) == expected)
        #expect(try JSONDecoder().decode(String.self, from: Data(text(value).utf8)) == value)
    }

    /// Text is scanned eight bytes at a time for characters to escape: one is found wherever it stands, beside
    /// multi-byte characters and in the bytes after the last whole word.
    @Test(arguments: ["\"", "\\", "\u{0}", "\u{1F}", "\n"])
    func aCharacterToEscapeIsFoundAtEveryPositionOfALongString(_ special: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for position in 0..<21 {
            var characters = Array(repeating: "a", count: 21)
            characters[(position + 3) % 21] = "é"
            characters[position] = special
            let value = characters.joined()
            #expect(text(value) == String(decoding: try encoder.encode(value), as: UTF8.self))
        }
    }

    @Test func objectsOfFieldMessagesAreWrittenAsJSONEncoderWritesThemWithSortedKeys() throws {
        let fields = ["password": "must be at least 8 characters", "email": "must be \"valid\"", "a/b": "\u{1}"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(text(fields) == String(decoding: try encoder.encode(fields), as: UTF8.self))
    }

    /// A body is declared once (properties and `CodingKeys`); what JSONWriter writes of it is byte for byte what
    /// JSONEncoder writes, for every body of the contract that has no `nil` in it (JSONEncoder leaves those out).
    @Test func bodiesAreWrittenByteForByteAsJSONEncoderWritesThem() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let user = User(id: UUID(), email: "a/b\"c@example.com", name: "Ada \\ Lovelace\n", roles: [.user, .admin], createdAt: now)
        let pair = TokenPair(accessToken: "a.b.c", refreshToken: "d.e.f", expiresIn: 900)
        let books = (0..<20).map { Book(id: UUID(), title: "Title \($0) \u{1}", author: "Author é", createdAt: now, updatedAt: now) }
        let page = ListBody(Page(items: books, nextCursor: "cursor"), BookBody.init)
        let template = TemplateBody(Template(id: UUID(), ownerID: UUID(), text: "{{ name }}", createdAt: now, updatedAt: now))
        #expect(text(UserBody(user)) == (try encoderText(UserBody(user))))
        #expect(text(Envelope(UserBody(user))) == (try encoderText(Envelope(UserBody(user)))))
        #expect(text(SessionBody(user: user, pair: pair)) == (try encoderText(SessionBody(user: user, pair: pair))))
        #expect(text(TokenPairBody(pair)) == (try encoderText(TokenPairBody(pair))))
        #expect(text(page) == (try encoderText(page)))
        #expect(text(Envelope(template)) == (try encoderText(Envelope(template))))
    }

    /// The contract writes `null` for a missing value, whatever its type, where `JSONEncoder` leaves the key out.
    @Test func aMissingOptionalOfEveryTypeIsWrittenAsNull() {
        struct Optionals: Encodable {
            var bool: Bool?, double: Double?, float: Float?, int: Int?, int8: Int8?, int64: Int64?
            var uint: UInt?, uint16: UInt16?, string: String?, strings: [String]?, date: Date?
        }
        let keys = ["bool", "double", "float", "int", "int8", "int64", "uint", "uint16", "string", "strings", "date"]
        #expect(text(Optionals()) == "{" + keys.map { #""\#($0)":null"# }.joined(separator: ",") + "}")
        let present = Optionals(bool: true, double: 1.5, int: -2, uint16: 7, string: "s", strings: ["a"])
        #expect(text(present).hasPrefix(#"{"bool":true,"double":1.5,"float":null,"int":-2,"int8":null,"#))
    }

    @Test func aUserIsWrittenWithEveryFieldAndNullForAMissingName() throws {
        let created = Date(timeIntervalSince1970: 1_795_000_000)
        let named = UserBody(User(id: UUID(), email: "a\"b@example.com", name: "Ada \\ Lovelace", roles: [.user, .admin], createdAt: created))
        let anonymous = UserBody(User(id: UUID(), email: "c@example.com", name: nil, roles: [.user], createdAt: created))

        #expect(try decoder.decode(UserBody.self, from: Data(text(named).utf8)) == named)
        #expect(try decoder.decode(UserBody.self, from: Data(text(anonymous).utf8)) == anonymous)
        #expect(named.roles == ["admin", "user"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text(anonymous).utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["id", "email", "email_verified", "name", "roles", "created_at"])
        #expect(object["name"] is NSNull)
        #expect(object["created_at"] as? String == "2026-11-18T11:06:40Z")
    }

    /// The body texts that a server answers with `bodies`, one route each.
    private func responseTexts(_ bodies: [any ResponseGenerator & Sendable]) async throws -> [String] {
        let router = Router()
        for (index, body) in bodies.enumerated() {
            router.get("\(index)") { request, context in try body.response(from: request, context: context) }
        }
        return try await Application(router: router).test(.router) { client in
            var texts: [String] = []
            for index in bodies.indices {
                try await client.execute(uri: "/\(index)", method: .get) { response in
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                    texts.append(String(buffer: response.body))
                }
            }
            return texts
        }
    }

    /// The status and book-list bodies are written by hand (the hot GET paths); the result is the same text as their
    /// `Encodable` conformance gives, for awkward strings, a missing name, no roles, an empty page and a last page.
    @Test(arguments: awkwardStrings)
    func handWrittenHotBodiesMatchTheirEncodableForm(_ awkward: String) async throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000.75)
        let users = [
            User(id: UUID(), email: "\(awkward)@example.com", name: awkward, roles: [.user, .admin, .editor], createdAt: now),
            User(id: UUID(), email: "c@example.com", name: nil, roles: [], createdAt: now, emailVerified: true),
        ]
        let books = (0..<3).map { Book(id: UUID(), title: awkward + "\($0)", author: awkward, createdAt: now, updatedAt: now + 1) }
        var bodies: [any ResponseGenerator & Sendable] = []
        var expected: [String] = []
        func add(_ body: some JSONResponseBody & Sendable) {
            bodies.append(body)
            expected.append(text(body))
        }
        for user in users { add(Envelope(UserBody(user))) }
        for cursor in ["next/\(awkward)", nil] {
            for items in [books, []] { add(ListBody(Page(items: items, nextCursor: cursor), BookBody.init)) }
        }
        add(Envelope(BookBody(books[0])))
        #expect(try await responseTexts(bodies) == expected)
    }

    @Test func listsAndEnvelopesNestObjectsInArrays() throws {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let books = (0..<3).map { Book(id: UUID(), title: "Title, \($0) {}", author: "Author [\($0)]", createdAt: now, updatedAt: now) }
        let page = ListBody(Page(items: books, nextCursor: "next"), BookBody.init)
        let decoded = try decoder.decode(ListBody<BookBody>.self, from: Data(text(page).utf8))
        #expect(decoded.items == page.items)
        #expect(decoded.nextCursor == "next")

        let empty = ListBody(Page<Book>(items: [], nextCursor: nil), BookBody.init)
        #expect(text(empty) == #"{"books":[],"next_cursor":null}"#)

        let single = Envelope(try #require(page.items.first))
        #expect(try decoder.decode(Envelope<BookBody>.self, from: Data(text(single).utf8)).item == page.items.first)
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct PaginationTests {
    enum Listing: String, CaseIterable, Sendable {
        case users, books, templates
    }

    /// Every list pages through rows created in the same second (the same instant, even) by id, whatever unit its
    /// table keeps times in: no row is skipped or repeated.
    @Test(arguments: Listing.allCases)
    func rowsCreatedInTheSameSecondArePagedByID(listing: Listing) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000.25))
        try await withApp(clock: clock) { client, services in
            let admin = try await client.user("admin@example.com", roles: [.admin, .editor], services: services)
            var created: [String] = []
            switch listing {
            case .users:
                created.append(admin.user.id.uuidString)
                for index in 0..<6 { created.append(try await client.register(email: "u\(index)@example.com").user.id.uuidString) }
            case .books, .templates:
                for index in 0..<7 {
                    let json = listing == .books ? #"{"title": "B\#(index)", "author": "A"}"# : #"{"template": "t\#(index)"}"#
                    let response = try await client.send(.post, "/\(listing.rawValue)", bearer: admin.accessToken, json: json)
                    #expect(response.status == .created)
                    let item = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    let body = item?[listing == .books ? "book" : "template"] as? [String: Any]
                    created.append(try #require(body?["id"] as? String))
                }
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/\(listing.rawValue)?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await client.send(.get, uri, bearer: admin.accessToken)
                #expect(response.status == .ok)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let items = try #require(page[listing.rawValue] as? [[String: Any]])
                seen += items.compactMap { $0["id"] as? String }
                cursor = page["next_cursor"] as? String
            } while cursor != nil && seen.count < 50
            #expect(seen == created.sorted(), "all in one instant: ordered by id, each once")
        }
    }
    @Test func pagingWhileRowsAreAddedNeverSkipsOrRepeatsARow() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, services in
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            var original: [(millisecond: Int, id: UUID)] = []
            for index in 0..<25 {
                // Books come three to a millisecond, so the id must break ties.
                if index % 3 == 0 { clock.advance(by: 0.001) }
                let response = try await client.send(
                    .post,
                    "/books",
                    bearer: editor.accessToken,
                    json: #"{"title": "Book \#(index)", "author": "A"}"#
                )
                original.append((index / 3, try response.decode(Envelope<BookBody>.self).item.id))
            }
            var seen: [UUID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/books?limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, uri, bearer: editor.accessToken).decode(ListBody<BookBody>.self)
                #expect(page.items.count <= 4)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
                // Rows added during the walk, some in the same millisecond as rows already seen.
                let late = try await client.send(.post, "/books", bearer: editor.accessToken, json: #"{"title": "Late \#(pages)", "author": "A"}"#)
                #expect(late.status == .created)
            } while cursor != nil && pages < 50
            let originalIDs = original.map(\.id)
            #expect(Set(seen).count == seen.count, "a row was repeated")
            #expect(Set(originalIDs).isSubset(of: Set(seen)), "a row was skipped")
            let expectedOrder = original.sorted { ($0.millisecond, $0.id.uuidString) < ($1.millisecond, $1.id.uuidString) }.map(\.id)
            #expect(seen.filter(originalIDs.contains) == expectedOrder, "rows come in creation order, ties broken by id")
        }
    }

    @Test func theDefaultLimitIs20AndTheLastPageHasNoCursor() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            for index in 0..<21 {
                clock.advance(by: 0.001)
                _ = try await client.send(.post, "/templates", bearer: ada.accessToken, json: #"{"template": "t\#(index)"}"#)
            }
            let first = try await client.send(.get, "/templates", bearer: ada.accessToken)
            let page = try first.decode(ListBody<TemplateBody>.self)
            #expect(page.items.count == 20)
            let cursor = try #require(page.nextCursor)
            let last = try await client.send(.get, "/templates?cursor=\(cursor)", bearer: ada.accessToken)
            #expect(try last.decode(ListBody<TemplateBody>.self).items.map(\.template) == ["t20"])
            #expect(last.text.contains(#""next_cursor":null"#))
        }
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=abc", "limit=-1", "cursor=garbage", "cursor=", "limit=1.5"])
    func badPagingParametersAre422(query: String) async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", roles: [.admin], services: services)
            for path in ["/books", "/templates", "/users"] {
                let response = try await client.send(.get, "\(path)?\(query)", bearer: ada.accessToken)
                #expect(response.status == .unprocessableContent, "\(path)?\(query)")
                #expect(response.error?.error == "validation_failed")
            }
        }
    }

    @Test func limit100IsAllowed() async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            #expect(try await client.send(.get, "/books?limit=100", bearer: ada.accessToken).status == .ok)
            #expect(try await client.send(.get, "/books?limit=1", bearer: ada.accessToken).status == .ok)
        }
    }
}

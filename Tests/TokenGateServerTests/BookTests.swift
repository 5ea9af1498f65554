import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct BookTests {
    private let book = #"{"title": "Dune", "author": "Frank Herbert"}"#

    @Test func editorsAndAdminsWriteAndEveryoneReads() async throws {
        try await withApp { client, services in
            for (email, roles) in [("editor@example.com", Set([Role.editor])), ("admin@example.com", [.admin])] {
                let writer = try await client.user(email, roles: roles, services: services)
                let created = try await client.send(.post, "/books", bearer: writer.accessToken, json: book)
                #expect(created.status == .created)
                let body = try created.decode(Envelope<BookBody>.self).item
                #expect(created.headers[.location] == "/books/\(body.id.uuidString)")
                #expect(body.title == "Dune" && body.author == "Frank Herbert")

                let updated = try await client.send(
                    .put,
                    "/books/\(body.id)",
                    bearer: writer.accessToken,
                    json: #"{"title": "Dune Messiah", "author": "Frank Herbert"}"#
                )
                #expect(updated.status == .ok)
                #expect(try updated.decode(Envelope<BookBody>.self).item.title == "Dune Messiah")

                let reader = try await client.user("reader-\(email)", services: services)
                let read = try await client.send(.get, "/books/\(body.id)", bearer: reader.accessToken)
                #expect(try read.decode(Envelope<BookBody>.self).item.title == "Dune Messiah")

                #expect(try await client.send(.delete, "/books/\(body.id)", bearer: writer.accessToken).status == .noContent)
                #expect(try await client.send(.get, "/books/\(body.id)", bearer: reader.accessToken).status == .notFound)
            }
        }
    }

    @Test func aPlainUserCannotWrite() async throws {
        try await withApp { client, services in
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            let id = try await client.send(.post, "/books", bearer: editor.accessToken, json: book).decode(Envelope<BookBody>.self).item.id
            let user = try await client.user("user@example.com", services: services)
            for response in [
                try await client.send(.post, "/books", bearer: user.accessToken, json: book),
                try await client.send(.put, "/books/\(id)", bearer: user.accessToken, json: book),
                try await client.send(.delete, "/books/\(id)", bearer: user.accessToken),
            ] {
                #expect(response.status == .forbidden)
                #expect(response.error == ErrorBody(error: "forbidden", message: "Your roles do not allow this.", fields: nil))
            }
            #expect(try await client.send(.get, "/books/\(id)", bearer: user.accessToken).status == .ok)
        }
    }

    @Test func anonymousCallersGet401() async throws {
        try await withApp { client, _ in
            for (method, uri) in [(HTTPRequest.Method.get, "/books"), (.post, "/books"), (.get, "/books/\(UUID())")] {
                expectCredentialsRequired(try await client.execute(uri: uri, method: method))
            }
        }
    }

    @Test(arguments: [
        (#"{}"#, ["author", "title"]), (#"{"title": "", "author": "A"}"#, ["title"]),
        (#"{"title": "T", "author": "   "}"#, ["author"]), (#"{"title": 5, "author": "A"}"#, ["title"]),
    ])
    func invalidBooksAre422(json: String, fields: [String]) async throws {
        try await withApp { client, services in
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            let response = try await client.send(.post, "/books", bearer: editor.accessToken, json: json)
            #expect(response.status == .unprocessableContent)
            #expect(response.error?.fields.map { $0.keys.sorted() } == fields)
        }
    }

    @Test func titlesOver200CharactersAreRefused() async throws {
        try await withApp { client, services in
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            let long = String(repeating: "é", count: 201)
            let response = try await client.send(.post, "/books", bearer: editor.accessToken, json: #"{"title": "\#(long)", "author": "A"}"#)
            #expect(response.error?.fields?["title"] != nil)
            let exact = String(repeating: "é", count: 200)
            #expect(
                try await client.send(.post, "/books", bearer: editor.accessToken, json: #"{"title": "\#(exact)", "author": "A"}"#).status == .created
            )
        }
    }

    @Test(arguments: ["/books/\(UUID())", "/books/not-a-uuid", "/books/123"])
    func unknownOrMalformedIdsAre404(uri: String) async throws {
        try await withApp { client, services in
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            for method in [HTTPRequest.Method.get, .delete] {
                let response = try await client.send(method, uri, bearer: editor.accessToken)
                #expect(response.status == .notFound)
                #expect(response.error?.error == "not_found")
            }
            #expect(try await client.send(.put, uri, bearer: editor.accessToken, json: book).status == .notFound)
        }
    }
}

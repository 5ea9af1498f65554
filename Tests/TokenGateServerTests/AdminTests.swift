import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct AdminTests {
    @Test func onlyAdminsListUsers() async throws {
        let clock = ManualClock(Date())
        try await withApp(clock: clock) { client, services in
            let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
            clock.advance(by: 1)
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            let page = try await client.send(.get, "/users?limit=1", bearer: admin.accessToken).decode(ListBody<UserBody>.self)
            #expect(page.items.map(\.email) == ["admin@example.com"])
            let next = try await client.send(.get, "/users?cursor=\(try #require(page.nextCursor))", bearer: admin.accessToken)
            #expect(try next.decode(ListBody<UserBody>.self).items.map(\.email) == ["editor@example.com"])
            #expect(!next.text.contains("password") && !next.text.contains("bcrypt"))

            for token in [editor.accessToken, try await client.user("user@example.com", services: services).accessToken] {
                let response = try await client.send(.get, "/users", bearer: token)
                #expect(response.status == .forbidden)
                #expect(response.error?.error == "forbidden")
                let put = try await client.send(.put, "/users/\(editor.user.id)/roles", bearer: token, json: #"{"roles": ["admin"]}"#)
                #expect(put.status == .forbidden)
            }
        }
    }

    @Test func grantingARoleAppliesFromTheNextRefresh() async throws {
        try await withApp { client, services in
            let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
            let ada = try await client.user("ada@example.com", services: services)
            let response = try await client.send(.put, "/users/\(ada.user.id)/roles", bearer: admin.accessToken, json: #"{"roles": ["editor"]}"#)
            #expect(response.status == .ok)
            #expect(try response.decode(Envelope<UserBody>.self).item.roles == ["editor", "user"])
            let book = #"{"title": "T", "author": "A"}"#
            // The old token still works but does not claim the new role yet.
            #expect(try await client.send(.post, "/books", bearer: ada.accessToken, json: book).status == .forbidden)
            let refreshed = try await client.send(.post, "/auth/refresh", bearer: ada.refreshToken).decode(TokenPairBody.self)
            #expect(try await client.send(.post, "/books", bearer: refreshed.accessToken, json: book).status == .created)
        }
    }

    @Test func takingARoleAwayStopsTokensThatClaimItAtOnce() async throws {
        try await withApp { client, services in
            let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
            let editor = try await client.user("editor@example.com", roles: [.editor], services: services)
            let book = #"{"title": "T", "author": "A"}"#
            #expect(try await client.send(.post, "/books", bearer: editor.accessToken, json: book).status == .created)
            let response = try await client.send(.put, "/users/\(editor.user.id)/roles", bearer: admin.accessToken, json: #"{"roles": []}"#)
            #expect(try response.decode(Envelope<UserBody>.self).item.roles == ["user"])
            expectUnauthorized(try await client.send(.post, "/books", bearer: editor.accessToken, json: book), code: "token_revoked")
            expectUnauthorized(try await client.send(.post, "/auth/refresh", bearer: editor.refreshToken), code: "token_revoked")
            let again = try await client.login(email: "editor@example.com")
            #expect(try await client.send(.post, "/books", bearer: again.accessToken, json: book).status == .forbidden)
            // The admin's own session is untouched.
            #expect(try await client.send(.get, "/users", bearer: admin.accessToken).status == .ok)
        }
    }

    @Test func roleChangesValidateTheirInput() async throws {
        try await withApp { client, services in
            let admin = try await client.user("admin@example.com", roles: [.admin], services: services)
            let uri = "/users/\(admin.user.id)/roles"
            for json in [#"{"roles": ["root"]}"#, #"{}"#, #"{"roles": "admin"}"#] {
                let response = try await client.send(.put, uri, bearer: admin.accessToken, json: json)
                #expect(response.status == .unprocessableContent, "\(json)")
                #expect(response.error?.fields?["roles"] != nil)
            }
            let unknown = try await client.send(.put, "/users/\(UUID())/roles", bearer: admin.accessToken, json: #"{"roles": ["editor"]}"#)
            #expect(unknown.status == .notFound)
            #expect(try await client.send(.put, "/users/nope/roles", bearer: admin.accessToken, json: #"{"roles": []}"#).status == .notFound)
        }
    }
}

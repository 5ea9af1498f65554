import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
import TokenGateServer
import TokenGateTestSupport

@testable import TokenGate
@testable import TokenGateSQL

struct TemplateTests {
    private func create(_ client: some TestClientProtocol, _ token: String, _ text: String) async throws -> TestResponse {
        try await client.send(.post, "/templates", bearer: token, json: #"{"template": "\#(text)"}"#)
    }

    @Test func ownersManageTheirTemplates() async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            let created = try await create(client, ada.accessToken, "Hello {{name}}")
            #expect(created.status == .created)
            let template = try created.decode(Envelope<TemplateBody>.self).item
            #expect(created.headers[.location] == "/templates/\(template.id.uuidString)")
            #expect(!created.text.contains(ada.user.id.uuidString))

            let shown = try await client.send(.get, "/templates/\(template.id)", bearer: ada.accessToken)
            #expect(try shown.decode(Envelope<TemplateBody>.self).item == template)

            let updated = try await client.send(.put, "/templates/\(template.id)", bearer: ada.accessToken, json: #"{"template": "Hi {{name}}"}"#)
            #expect(try updated.decode(Envelope<TemplateBody>.self).item.template == "Hi {{name}}")

            #expect(try await client.send(.delete, "/templates/\(template.id)", bearer: ada.accessToken).status == .noContent)
            #expect(try await client.send(.get, "/templates/\(template.id)", bearer: ada.accessToken).status == .notFound)
        }
    }

    @Test func anotherUsersTemplateLooksExactlyLikeAMissingOne() async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            let bob = try await client.user("bob@example.com", roles: [.admin], services: services)
            let id = try await create(client, ada.accessToken, "private").decode(Envelope<TemplateBody>.self).item.id
            let missing = try await client.send(.get, "/templates/\(UUID())", bearer: bob.accessToken)
            for (method, json) in [(HTTPRequest.Method.get, nil), (.put, #"{"template": "stolen"}"#), (.delete, nil)]
                as [(HTTPRequest.Method, String?)]
            {
                let response = try await client.send(method, "/templates/\(id)", bearer: bob.accessToken, json: json)
                #expect(response.status == .notFound)
                #expect(response.text == missing.text)
            }
            let list = try await client.send(.get, "/templates", bearer: bob.accessToken).decode(ListBody<TemplateBody>.self)
            #expect(list.items.isEmpty)
            // Ada's template is untouched.
            let mine = try await client.send(.get, "/templates/\(id)", bearer: ada.accessToken).decode(Envelope<TemplateBody>.self)
            #expect(mine.item.template == "private")
        }
    }

    @Test func theSameTextTwiceIsAConflictForOneUserButNotForTwo() async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            let bob = try await client.user("bob@example.com", services: services)
            #expect(try await create(client, ada.accessToken, "Dear {{name}}").status == .created)
            let again = try await create(client, ada.accessToken, "Dear {{name}}")
            #expect(again.status == .conflict)
            #expect(again.error?.error == "duplicate_template")
            #expect(try await create(client, bob.accessToken, "Dear {{name}}").status == .created)

            let other = try await create(client, ada.accessToken, "Other").decode(Envelope<TemplateBody>.self).item
            let clash = try await client.send(.put, "/templates/\(other.id)", bearer: ada.accessToken, json: #"{"template": "Dear {{name}}"}"#)
            #expect(clash.status == .conflict)
            #expect(clash.error?.error == "duplicate_template")
            let same = try await client.send(.put, "/templates/\(other.id)", bearer: ada.accessToken, json: #"{"template": "Other"}"#)
            #expect(same.status == .ok)
        }
    }

    @Test func templateLengthLimits() async throws {
        try await withApp { client, services in
            let ada = try await client.user("ada@example.com", services: services)
            #expect(try await create(client, ada.accessToken, "").status == .unprocessableContent)
            #expect(try await create(client, ada.accessToken, String(repeating: "x", count: 10_001)).status == .unprocessableContent)
            #expect(try await create(client, ada.accessToken, String(repeating: "x", count: 10_000)).status == .created)
            let missing = try await client.send(.post, "/templates", bearer: ada.accessToken, json: "{}")
            #expect(missing.error?.fields == ["template": "is required"])
        }
    }

    @Test func deletingAUserRemovesTheirTemplatesAndSessions() async throws {
        try await withServices { services, store in
            let user = try await services.accounts.register(email: "ada@example.com", password: "correct horse", name: nil)
            _ = try await services.templates.create(text: "mine", ownerID: user.id)
            _ = try await services.sessions.start(for: user)
            try await store.database.raw("DELETE FROM users WHERE id = \(bind: user.id.uuidString)").run()
            let templates = try await store.database.raw("SELECT COUNT(*) AS n FROM templates").first(decodingColumn: "n", as: Int.self)
            let sessions = try await store.database.raw("SELECT COUNT(*) AS n FROM sessions").first(decodingColumn: "n", as: Int.self)
            #expect(templates == 0)
            #expect(sessions == 0)
        }
    }
}

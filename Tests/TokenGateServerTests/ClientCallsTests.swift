import Foundation
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateClient
import TokenGateServer
import TokenGateTestSupport

/// Every call of `TokenGateClient` against a live server, and the typed error each refusal becomes.
struct ClientCallsTests {
    private func withClient(
        settings: Settings = testSettings(),
        _ body: @escaping @Sendable (TokenGateClient, String, TokenGateServices) async throws -> Void
    ) async throws {
        try await withApp(settings: settings, testing: .live) { server, services in
            let baseURL = "http://127.0.0.1:\(try #require(server.port))"
            try await body(TokenGateClient(baseURL: baseURL), baseURL, services)
        }
    }

    @Test func booksTemplatesAndAdministrationRoundTrip() async throws {
        try await withClient { client, _, services in
            let admin = try await client.register(email: "admin@example.com", password: "correct horse", name: "Admin")
            _ = try await services.roles.changeRoles(userID: admin.id, to: [.admin, .editor])
            try await client.login(email: "admin@example.com", password: "correct horse")
            #expect(try await client.me().roles.sorted() == ["admin", "editor", "user"])

            let book = try await client.addBook(title: "Dune", author: "Frank Herbert")
            #expect(try await client.book(id: book.id) == book)
            let renamed = try await client.updateBook(id: book.id, title: "Dune Messiah", author: "Frank Herbert")
            #expect(renamed.title == "Dune Messiah")
            #expect(try await client.books(limit: 10).items == [renamed])
            try await client.deleteBook(id: book.id)
            #expect(await failure { () async throws(TokenGateClientError) in try await client.book(id: book.id) }?.kind == .notFound)

            let first = try await client.addTemplate("Hello {name}")
            _ = try await client.addTemplate("Bye {name}")
            let page = try await client.templates(limit: 1)
            #expect(page.items.count == 1)
            let cursor: String = try #require(page.nextCursor)
            let rest = try await client.templates(limit: 1, cursor: cursor)
            #expect(Set((page.items + rest.items).map(\.template)) == ["Hello {name}", "Bye {name}"])
            #expect(try await client.updateTemplate(id: first.id, text: "Hi {name}").template == "Hi {name}")
            let duplicate = await failure { () async throws(TokenGateClientError) in try await client.addTemplate("Hi {name}") }
            #expect(duplicate?.kind == .conflict)
            #expect(duplicate?.code == "duplicate_template")
            try await client.deleteTemplate(id: first.id)
            let left = try await client.templates().items
            #expect(left.map(\.template) == ["Bye {name}"])
            #expect(try await client.template(id: left[0].id) == left[0])
            let users = try await client.users(limit: 100).items
            #expect(users.map(\.email) == ["admin@example.com"])
            #expect(try await client.setRoles(["user"], ofUser: admin.id).roles == ["user"])
        }
    }

    @Test func refusalsBecomeTypedErrorsWithTheContractsCode() async throws {
        var settings = testSettings()
        settings.loginMaximumFailures = 2
        try await withClient(settings: settings) { client, _, _ in
            try await client.register(email: "ada@example.com", password: "correct horse")
            let taken = await failure { () async throws(TokenGateClientError) in
                try await client.register(email: "ada@example.com", password: "correct horse")
            }
            #expect(taken?.kind == .conflict)
            #expect(taken?.code == "email_taken")
            let invalid = await failure { () async throws(TokenGateClientError) in try await client.register(email: "nope", password: "x") }
            guard case .validationFailed(let fields) = invalid?.kind else {
                Issue.record("expected validation_failed, got \(String(describing: invalid))")
                return
            }
            #expect(Set(fields.keys) == ["email", "password"])
            #expect(await failure { () async throws(TokenGateClientError) in try await client.addBook(title: "T", author: "A") }?.kind == .forbidden)
            #expect(await failure { () async throws(TokenGateClientError) in try await client.users() }?.kind == .forbidden)

            var wrong: TokenGateClientError?
            for _ in 0..<3 {
                wrong = await failure { () async throws(TokenGateClientError) in
                    try await client.login(email: "ada@example.com", password: "wrong horse")
                }
                if case .tooManyAttempts = wrong?.kind { break }
                #expect(wrong?.kind == .invalidCredentials)
            }
            guard case .tooManyAttempts(let retryAfter) = wrong?.kind else {
                Issue.record("expected too_many_attempts, got \(String(describing: wrong))")
                return
            }
            #expect((retryAfter ?? .zero) > .zero)
        }
    }

    @Test func logoutEndsTheSessionOnTheServerAndHere() async throws {
        try await withClient { client, baseURL, _ in
            try await client.register(email: "ada@example.com", password: "correct horse")
            let second = TokenGateClient(baseURL: baseURL)
            try await second.login(email: "ada@example.com", password: "correct horse")
            try await client.logout()
            #expect(try await client.storedTokens() == nil)
            #expect(await failure { () async throws(TokenGateClientError) in try await client.me() }?.kind == .sessionExpired)
            #expect(try await second.me().email == "ada@example.com")

            #expect(try await second.sessions().map(\.current) == [true])
            try await client.login(email: "ada@example.com", password: "correct horse")
            let both = try await second.sessions()
            #expect(both.count == 2)
            #expect(both.map(\.ip) == ["127.0.0.1", "127.0.0.1"])
            #expect(both.map(\.userAgent) == ["TokenGateClient", "TokenGateClient"])
            let other = try #require(both.first { !$0.current })
            try await second.revokeSession(id: other.id)
            #expect(await failure { () async throws(TokenGateClientError) in try await client.me() }?.kind == .sessionExpired)
            let gone = await failure { () async throws(TokenGateClientError) in try await second.revokeSession(id: other.id) }
            #expect(gone?.kind == .notFound)

            try await second.logoutAll()
            #expect(try await second.storedTokens() == nil)
            try await client.login(email: "ada@example.com", password: "correct horse")
            try await client.changePassword(current: "correct horse", new: "battery staple")
            try await client.login(email: "ada@example.com", password: "battery staple")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// `/books`: every signed-in user reads; editors and admins write.
struct BookRoutes {
    let books: BookService

    func add(to router: RouterGroup<AuthenticatedRequestContext>) {
        let books = router.group("books")
        books.get(use: list)
        books.get(":id", use: show)
        let editors = books.requiring(.editor, .admin)
        editors.post(use: create)
        editors.put(":id", use: update)
        editors.delete(":id", use: delete)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> ListBody<BookBody> {
        ListBody(try await books.list(try request.pageRequest()), BookBody.init)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<BookBody> {
        Envelope(BookBody(try await books.book(id: try context.pathID())))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedRequestContext) async throws -> EditedResponse<Envelope<BookBody>> {
        let (title, author) = try await Self.fields(of: request, context: context)
        let book = try await books.create(title: title, author: author)
        return EditedResponse(status: .created, headers: [.location: "/books/\(book.id.uuidString)"], response: Envelope(BookBody(book)))
    }

    @Sendable func update(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<BookBody> {
        let id = try context.pathID()
        let (title, author) = try await Self.fields(of: request, context: context)
        return Envelope(BookBody(try await books.update(id: id, title: title, author: author)))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedRequestContext) async throws -> HTTPResponse.Status {
        try await books.delete(id: try context.pathID())
        return .noContent
    }

    private static func fields(of request: Request, context: AuthenticatedRequestContext) async throws -> (String, String) {
        let body = try await RequestBodyReader.decode(BookRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let title = fields.require(body.title, BookRequest.CodingKeys.title)
        let author = fields.require(body.author, BookRequest.CodingKeys.author)
        try fields.check()
        return (title, author)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import TokenGate

/// `/templates`: each user's own; another user's template answers exactly like a missing one.
struct TemplateRoutes {
    let templates: TemplateService

    func add(to router: RouterGroup<AuthenticatedRequestContext>) {
        let templates = router.group("templates")
        templates.get(use: list)
        templates.post(use: create)
        templates.get(":id", use: show)
        templates.put(":id", use: update)
        templates.delete(":id", use: delete)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedRequestContext) async throws -> ListBody<TemplateBody> {
        ListBody(try await templates.list(ownerID: try context.userID, try request.pageRequest()), TemplateBody.init)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<TemplateBody> {
        Envelope(TemplateBody(try await templates.template(id: try context.pathID(), ownerID: try context.userID)))
    }

    @Sendable func create(_ request: Request, context: AuthenticatedRequestContext) async throws -> EditedResponse<Envelope<TemplateBody>> {
        let text = try await Self.text(of: request, context: context)
        let template = try await templates.create(text: text, ownerID: try context.userID)
        return EditedResponse(
            status: .created,
            headers: [.location: "/templates/\(template.id.uuidString)"],
            response: Envelope(TemplateBody(template))
        )
    }

    @Sendable func update(_ request: Request, context: AuthenticatedRequestContext) async throws -> Envelope<TemplateBody> {
        let id = try context.pathID()
        let text = try await Self.text(of: request, context: context)
        return Envelope(TemplateBody(try await templates.update(id: id, text: text, ownerID: try context.userID)))
    }

    @Sendable func delete(_ request: Request, context: AuthenticatedRequestContext) async throws -> HTTPResponse.Status {
        try await templates.delete(id: try context.pathID(), ownerID: try context.userID)
        return .noContent
    }

    private static func text(of request: Request, context: AuthenticatedRequestContext) async throws -> String {
        let body = try await RequestBodyReader.decode(TemplateRequest.self, from: request, context: context)
        var fields = FieldCheck()
        let text = fields.require(body.template, TemplateRequest.CodingKeys.template)
        try fields.check()
        return text
    }
}

public import Foundation

/// Each user's own templates: nobody sees or changes another user's, nor learns that they exist.
public struct TemplateService: Sendable {
    /// The longest template accepted, in characters.
    public static let maximumLength = 10_000

    private let templates: any TemplateStore
    private let time: TimeSource

    /// Creates the service over `templates`.
    public init(templates: any TemplateStore, time: TimeSource = .system) {
        self.templates = templates
        self.time = time
    }

    /// Adds a template for `ownerID`.
    /// - Throws: ``InvalidFields``, ``ResourceError/duplicateTemplate``.
    public func create(text: String, ownerID: UUID) async throws -> Template {
        try Self.validate(text)
        let now = time.preciseNow()
        let template = Template(id: UUID(), ownerID: ownerID, text: text, createdAt: now, updatedAt: now)
        do {
            try await templates.createTemplate(template)
        } catch StoreError.duplicate {
            throw ResourceError.duplicateTemplate
        }
        return template
    }

    /// The owner's template with this id.
    /// - Throws: ``ResourceError/notFound`` for an unknown id and for another user's template alike.
    public func template(id: UUID, ownerID: UUID) async throws -> Template {
        guard let template = try await templates.template(id: id, ownerID: ownerID) else { throw ResourceError.notFound }
        return template
    }

    /// Replaces the text of the owner's template.
    /// - Throws: ``InvalidFields``, ``ResourceError/notFound``, ``ResourceError/duplicateTemplate``.
    public func update(id: UUID, text: String, ownerID: UUID) async throws -> Template {
        try Self.validate(text)
        do {
            guard let template = try await templates.updateTemplate(id: id, ownerID: ownerID, text: text, at: time.preciseNow()) else {
                throw ResourceError.notFound
            }
            return template
        } catch StoreError.duplicate {
            throw ResourceError.duplicateTemplate
        }
    }

    /// Deletes the owner's template.
    /// - Throws: ``ResourceError/notFound``.
    public func delete(id: UUID, ownerID: UUID) async throws {
        guard try await templates.deleteTemplate(id: id, ownerID: ownerID) else { throw ResourceError.notFound }
    }

    /// One page of the owner's templates, in the order they were made.
    public func list(ownerID: UUID, _ request: PageRequest) async throws -> Page<Template> {
        let rows = try await templates.templates(ownerID: ownerID, after: request.after, limit: request.limit + 1)
        return Page(rows: rows, limit: request.limit) { ListPosition(createdAt: $0.createdAt, id: $0.id) }
    }

    private static func validate(_ text: String) throws {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw InvalidFields(fields: ["template": "must not be empty"])
        }
        if text.count > maximumLength {
            throw InvalidFields(fields: ["template": "must be at most \(maximumLength) characters"])
        }
    }
}

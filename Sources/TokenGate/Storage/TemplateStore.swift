public import Foundation

/// Keeps every user's templates; every call is scoped to one owner.
public protocol TemplateStore: Sendable {
    /// Stores a new template.
    /// - Throws: ``StoreError/duplicate`` when the owner has a template with the same text.
    func createTemplate(_ template: Template) async throws

    /// The owner's template with this id.
    func template(id: UUID, ownerID: UUID) async throws -> Template?

    /// Changes the text of the owner's template; the template after the change, or `nil` when there is none.
    /// - Throws: ``StoreError/duplicate`` when the owner has another template with this text.
    func updateTemplate(id: UUID, ownerID: UUID, text: String, at now: Date) async throws -> Template?

    /// Deletes the owner's template; `false` when there was none.
    func deleteTemplate(id: UUID, ownerID: UUID) async throws -> Bool

    /// Up to `limit` of the owner's templates after `after`, in creation order.
    func templates(ownerID: UUID, after: ListPosition?, limit: Int) async throws -> [Template]
}

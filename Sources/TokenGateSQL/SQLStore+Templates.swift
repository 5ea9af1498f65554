import Crypto
public import Foundation
import SQLKit
public import TokenGate

extension SQLStore: TemplateStore {
    /// Inserts the template unless the owner has the same text (one `INSERT … ON CONFLICT DO NOTHING`).
    public func createTemplate(_ template: Template) async throws {
        let inserted = try await insertUnlessTaken(
            """
            INSERT INTO templates (id, owner_id, template, template_hash, created_at, updated_at)
            VALUES (\(bind: template.id.uuidString), \(bind: template.ownerID.uuidString), \(bind: template.text),
                    \(bind: Self.textKey(template.text)), \(bind: Self.milliseconds(template.createdAt)),
                    \(bind: Self.milliseconds(template.updatedAt)))
            """,
            conflictTarget: "owner_id, template_hash"
        )
        if !inserted { throw StoreError.duplicate }
    }

    /// The owner's template with this id.
    public func template(id: UUID, ownerID: UUID) async throws -> Template? {
        try await database.raw(
            """
            SELECT \(unsafeRaw: TemplateRow.columns) FROM templates
            WHERE id = \(bind: id.uuidString) AND owner_id = \(bind: ownerID.uuidString)
            """
        ).first().flatMap(TemplateRow.template)
    }

    /// Changes the text; a clash with another of the owner's templates is reported as ``StoreError/duplicate``.
    public func updateTemplate(id: UUID, ownerID: UUID, text: String, at now: Date) async throws -> Template? {
        let key = Self.textKey(text)
        do {
            let byID: SQLQueryString = "id = \(bind: id.uuidString) AND owner_id = \(bind: ownerID.uuidString)"
            return try await update(
                "templates",
                set: "template = \(bind: text), template_hash = \(bind: key), updated_at = \(bind: Self.milliseconds(now))",
                where: byID,
                key: byID,
                returning: TemplateRow.columns
            ).flatMap(TemplateRow.template)
        } catch {
            // The unique index refused the change when the owner has another template with this text.
            let clash = try await database.raw(
                """
                SELECT id FROM templates
                WHERE owner_id = \(bind: ownerID.uuidString) AND template_hash = \(bind: key) AND id <> \(bind: id.uuidString)
                """
            ).all()
            if !clash.isEmpty { throw StoreError.duplicate }
            throw error
        }
    }

    /// Deletes the owner's template.
    public func deleteTemplate(id: UUID, ownerID: UUID) async throws -> Bool {
        try await matchedRows("DELETE FROM templates WHERE id = \(bind: id.uuidString) AND owner_id = \(bind: ownerID.uuidString)") > 0
    }

    /// The owner's templates in creation order after `after`.
    public func templates(ownerID: UUID, after: ListPosition?, limit: Int) async throws -> [Template] {
        try await database.raw(
            """
            SELECT \(unsafeRaw: TemplateRow.columns) FROM templates
            WHERE owner_id = \(bind: ownerID.uuidString) AND \(Self.keyset(after: after, createdAtIn: .milliseconds))
            ORDER BY created_at, id LIMIT \(literal: limit)
            """
        ).all().compactMap(TemplateRow.template)
    }

    /// The key under which the unique index compares template texts: the SHA-256 of the text, as hex.
    static func textKey(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}

/// The columns of a template and how a row of them becomes a ``Template``.
private enum TemplateRow {
    static let columns = "id, owner_id, template, created_at, updated_at"

    /// The template in `row`, or `nil` when an id is not a UUID; throws when a column is missing or mistyped.
    static func template(_ row: any SQLRow) throws -> Template? {
        guard let id = UUID(canonical: try row.decode(column: "id", as: String.self)),
            let owner = UUID(canonical: try row.decode(column: "owner_id", as: String.self))
        else { return nil }
        return Template(
            id: id,
            ownerID: owner,
            text: try row.decode(column: "template", as: String.self),
            createdAt: SQLStore.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: SQLStore.date(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}

import Foundation
import Hummingbird
import TokenGateAuth

/// A note of the notes service.
struct Note: ResponseCodable, Equatable {
    let id: UUID
    let author: String
    let text: String
}

/// The notes, in memory.
actor NoteBook {
    private var notes: [Note] = []

    /// Every note, oldest first.
    func all() -> [Note] { notes }

    /// Adds a note by `author`.
    func add(_ text: String, by author: String) -> Note {
        let note = Note(id: UUID(), author: author, text: text)
        notes.append(note)
        return note
    }
}

/// `{"text"}`: the body of `POST /notes`.
private struct NewNote: Decodable {
    let text: String
}

/// The routes of the notes service: `GET /notes` for any valid TokenGate token, `POST /notes` for role `editor`.
func notesRouter(verifier: TokenGateVerifier, notes: NoteBook = NoteBook()) -> Router<TokenGateAuthContext> {
    let router = Router(context: TokenGateAuthContext.self)
    router.get("health") { _, _ in "ok" }
    let protected = router.group("notes").requireToken(verifier)
    protected.get { _, _ in await notes.all() }
    protected.requireRole("editor").post { request, context -> EditedResponse<Note> in
        let body = try await request.decode(as: NewNote.self, context: context)
        guard !body.text.isEmpty, body.text.count <= 1_000 else { throw HTTPError(.unprocessableContent, message: "text: 1 to 1,000 characters") }
        return EditedResponse(status: .created, response: await notes.add(body.text, by: try context.identity.subject))
    }
    return router
}

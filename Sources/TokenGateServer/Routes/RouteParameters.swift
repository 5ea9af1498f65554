import Foundation
import Hummingbird
import TokenGate

extension RequestContext {
    /// The UUID in path parameter `name`; a malformed id is answered like an unknown one, 404 `not_found`.
    func pathID(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(canonical: text) else { throw APIError.notFound }
        return id
    }
}

extension Request {
    /// The `limit` and `cursor` query parameters as a page request.
    /// - Throws: 422 `validation_failed` naming the parameter that is not valid.
    func pageRequest() throws -> PageRequest {
        let query = uri.queryParameters
        return try PageRequest(limit: query.get("limit"), cursor: query.get("cursor"))
    }
}

extension AuthenticatedRequestContext {
    /// The caller's user id, from the token's `sub`.
    var userID: UUID {
        get throws {
            guard let id = UUID(canonical: claims.subject) else { throw TokenError.malformed }
            return id
        }
    }

    /// The caller's session id, from the token's `sid`.
    var sessionID: UUID {
        get throws {
            guard let id = UUID(canonical: claims.sessionID) else { throw TokenError.malformed }
            return id
        }
    }
}

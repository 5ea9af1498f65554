/// `POST /auth/register`. Every field is optional so that a missing one is a 422, not a decoding error.
struct RegisterRequest: Decodable {
    var email: String?
    var password: String?
    var name: String?
}

/// `POST /auth/login`.
struct LoginRequest: Decodable {
    var email: String?
    var password: String?
}

/// `POST /auth/refresh` with the token in the body.
struct RefreshRequest: Decodable {
    var refreshToken: String?

    enum CodingKeys: String, CodingKey {
        case refreshToken = "refresh_token"
    }
}

/// `POST /auth/password`.
struct ChangePasswordRequest: Decodable {
    var currentPassword: String?
    var newPassword: String?

    enum CodingKeys: String, CodingKey {
        case currentPassword = "current_password"
        case newPassword = "new_password"
    }
}

/// Checks that required fields are present, collecting every missing one.
struct RequiredFields {
    private var missing: [String: String] = [:]

    /// `value`, recording `name` as missing when it is `nil`.
    mutating func require(_ value: String?, _ name: String) -> String {
        guard let value else {
            missing[name] = "is required"
            return ""
        }
        return value
    }

    /// Throws a 422 naming every missing field.
    func check() throws {
        if !missing.isEmpty { throw APIError.validationFailed(missing) }
    }
}

/// `POST /books` and `PUT /books/{id}`.
struct BookRequest: Decodable {
    var title: String?
    var author: String?
}

/// `POST /templates` and `PUT /templates/{id}`.
struct TemplateRequest: Decodable {
    var template: String?
}

/// `PUT /users/{id}/roles`.
struct RolesRequest: Decodable {
    var roles: [String]?
}

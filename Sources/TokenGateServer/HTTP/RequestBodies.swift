/// `POST /auth/register`. Every field is optional so that a missing one is a 422, not a decoding error.
struct RegisterRequest: Decodable {
    var email: String?
    var password: String?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case email, password, name
    }
}

/// `POST /auth/login`.
struct LoginRequest: Decodable {
    var email: String?
    var password: String?

    enum CodingKeys: String, CodingKey {
        case email, password
    }
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

/// `POST /auth/email/verify`.
struct LinkTokenRequest: Decodable {
    var token: String?

    enum CodingKeys: String, CodingKey {
        case token
    }
}

/// `POST /auth/password/reset/request`.
struct PasswordResetRequest: Decodable {
    var email: String?

    enum CodingKeys: String, CodingKey {
        case email
    }
}

/// `POST /auth/password/reset`.
struct NewPasswordRequest: Decodable {
    var token: String?
    var newPassword: String?

    enum CodingKeys: String, CodingKey {
        case token
        case newPassword = "new_password"
    }
}

/// `POST /auth/mfa/totp/confirm` and `DELETE /auth/mfa/totp`.
struct TOTPCodeRequest: Decodable {
    var code: String?

    enum CodingKeys: String, CodingKey {
        case code
    }
}

/// `POST /auth/login/mfa`.
struct MFALoginRequest: Decodable {
    var mfaToken: String?
    var code: String?
    var recoveryCode: String?

    enum CodingKeys: String, CodingKey {
        case mfaToken = "mfa_token"
        case code
        case recoveryCode = "recovery_code"
    }
}

/// `POST /books` and `PUT /books/{id}`.
struct BookRequest: Decodable {
    var title: String?
    var author: String?

    enum CodingKeys: String, CodingKey {
        case title, author
    }
}

/// `POST /templates` and `PUT /templates/{id}`.
struct TemplateRequest: Decodable {
    var template: String?

    enum CodingKeys: String, CodingKey {
        case template
    }
}

/// `PUT /users/{id}/roles`.
struct RolesRequest: Decodable {
    var roles: [String]?

    enum CodingKeys: String, CodingKey {
        case roles
    }
}

import HTTPTypes
import Hummingbird
import NIOCore
import TokenGate

extension APIError {
    /// The contract's answer to a failure of the domain, or `nil` for an error it does not know.
    public init?(domainError error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as InvalidFields:
            self = .validationFailed(error.fields)
        case let error as AccountError:
            self = Self(accountError: error)
        case let error as SessionError:
            self = Self(sessionError: error)
        case let error as LifecycleError:
            self = Self(lifecycleError: error)
        case let error as TokenError:
            self = Self(sessionError: error == .expired ? .expired : .invalidToken(error))
        case ResourceError.notFound:
            self = .notFound
        case ResourceError.duplicateTemplate:
            self = APIError(.conflict, code: "duplicate_template", message: "You already have a template with this text.")
        case LimitError.tooManyRequests(let retryAfter):
            self = APIError(
                .tooManyRequests,
                code: "too_many_attempts",
                message: "Too many requests of this kind from your address; try again in \(retryAfter) seconds.",
                headers: [.retryAfter: String(retryAfter)]
            )
        case StoreError.emailTaken:
            self = .emailTaken
        case StoreError.unavailable:
            self = .databaseUnavailable
        case StoreError.writesRefused:
            self = .databaseRefusesWrites
        default:
            return nil
        }
    }

    private static let emailTaken = APIError(.conflict, code: "email_taken", message: "An account with this email address exists already.")

    private init(accountError: AccountError) {
        switch accountError {
        case .invalidCredentials:
            self = .unauthorized(code: "invalid_credentials", challenge: "invalid_request", message: "The email or password is not correct.")
        case .tooManyAttempts(let retryAfter):
            self = APIError(
                .tooManyRequests,
                code: "too_many_attempts",
                message: "Too many failed logins; try again in \(retryAfter) seconds.",
                headers: [.retryAfter: String(retryAfter)]
            )
        case .emailTaken:
            self = .emailTaken
        case .userNotFound:
            self = .unauthorized(code: "invalid_token", challenge: "invalid_token", message: "The account of this token no longer exists.")
        }
    }

    private init(lifecycleError: LifecycleError) {
        switch lifecycleError {
        case .invalidLink:
            self = APIError(.badRequest, code: "invalid_link", message: "This link is unknown, used or expired: ask for a new one.")
        case .alreadyVerified:
            self = APIError(.conflict, code: "already_verified", message: "This email address is verified already.")
        case .emailNotVerified:
            self = APIError(.forbidden, code: "email_not_verified", message: "Verify your email address first: follow the link in the mail.")
        case .mailNotConfigured:
            self = APIError(
                .notImplemented,
                code: "mail_not_configured",
                message: "This server cannot send mail: its operator has not configured a mail webhook."
            )
        }
    }

    private init(sessionError: SessionError) {
        switch sessionError {
        case .invalidToken(let reason):
            self = .unauthorized(code: "invalid_token", challenge: "invalid_token", message: reason.description)
        case .expired:
            self = .unauthorized(code: "token_expired", challenge: "invalid_token", message: "The token has expired.")
        case .revoked:
            self = .unauthorized(code: "token_revoked", challenge: "invalid_token", message: "The session of this token has been revoked.")
        case .reused:
            self = .unauthorized(
                code: "token_reused",
                challenge: "invalid_token",
                message: "This refresh token was already used; the session has been revoked."
            )
        }
    }
}

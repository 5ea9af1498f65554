import Crypto
import ExtrasBase64
import Foundation
import HTTPTypes
import Hummingbird
public import TokenGate

/// The cookies of a browser session (API.md "Browser sessions"): the access and refresh tokens in HttpOnly cookies
/// and a CSRF value scripts can read, which every state-changing request authenticated by cookie sends back in
/// `X-CSRF-Token`. The CSRF value is also a claim of both tokens (Flask-JWT-Extended's `csrf`), so one session's
/// value never works for another.
public struct CookieTransport: Sendable {
    /// Whether plain-HTTP names (no `__Host-`/`__Secure-` prefix, no `Secure`) are used for a loopback host.
    let allowsPlainLoopback: Bool
    let accessTTL: Int
    let refreshTTL: Int

    /// The transport for `settings`: prefixed, `Secure` cookies, except in development on a loopback host.
    public init(settings: Settings) {
        allowsPlainLoopback = settings.environment == .development || settings.environment == .testing
        accessTTL = Int(settings.accessTokenTTL.components.seconds)
        refreshTTL = Int(settings.refreshTokenTTL.components.seconds)
    }

    /// The three cookie names for `request`.
    func names(for request: Request) -> Names {
        allowsPlainLoopback && Self.isLoopback(request.head.authority) ? .plain : .secure
    }

    /// The access token of the request's access cookie.
    func accessToken(in request: Request) -> String? { request.cookies[names(for: request).access]?.value }

    /// The refresh token of the request's refresh cookie.
    func refreshToken(in request: Request) -> String? { request.cookies[names(for: request).refresh]?.value }

    /// Checks the request's `X-CSRF-Token` against its CSRF cookie and the session's value (`expected`, a claim of
    /// its token).
    /// - Throws: 403 `csrf_failed` unless all three are present and equal.
    func checkCSRF(_ request: Request, expected: String?) throws {
        guard let sent = request.headers[.csrfToken], let cookie = request.cookies[names(for: request).csrf]?.value, let expected,
            Self.digest(sent) == Self.digest(cookie), Self.digest(sent) == Self.digest(expected)
        else { throw APIError.csrfFailed }
    }

    /// Sets the cookies of `pair` on `response`.
    func setCookies(of pair: TokenPair, on response: inout Response, for request: Request) {
        let names = names(for: request)
        let secure = names.secure
        response.setCookie(
            Cookie(name: names.access, value: pair.accessToken, maxAge: accessTTL, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
        )
        response.setCookie(
            Cookie(
                name: names.refresh,
                value: pair.refreshToken,
                maxAge: refreshTTL,
                path: "/auth",
                secure: secure,
                httpOnly: true,
                sameSite: .strict
            )
        )
        response.setCookie(
            Cookie(name: names.csrf, value: pair.csrf ?? "", maxAge: refreshTTL, path: "/", secure: secure, httpOnly: false, sameSite: .lax)
        )
    }

    /// Clears the three cookies on `response`.
    func clearCookies(on response: inout Response, for request: Request) {
        let names = names(for: request)
        for (name, path, httpOnly) in [(names.access, "/", true), (names.refresh, "/auth", true), (names.csrf, "/", false)] {
            response.setCookie(Cookie(name: name, value: "", maxAge: 0, path: path, secure: names.secure, httpOnly: httpOnly, sameSite: .lax))
        }
    }

    /// A new CSRF value: 256 random bits, base64url.
    static func newCSRFValue() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Base64.encodeToString(bytes: $0, options: [.base64UrlAlphabet, .omitPaddingCharacter]) }
    }

    /// Equal digests mean equal values; swift-crypto compares digests in constant time.
    private static func digest(_ value: String) -> SHA256Digest { SHA256.hash(data: Array(value.utf8)) }

    private static func isLoopback(_ authority: String?) -> Bool {
        guard let authority else { return false }
        let host = authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }.dropFirst()) : String(authority.prefix { $0 != ":" })
        return host == "localhost" || host == "127.0.0.1" || host == "::1"
    }

    /// The three cookie names of one mode.
    struct Names {
        let access: String
        let refresh: String
        let csrf: String
        let secure: Bool

        static let secure = Names(access: "__Host-tg_access", refresh: "__Secure-tg_refresh", csrf: "__Host-tg_csrf", secure: true)
        static let plain = Names(access: "tg_access", refresh: "tg_refresh", csrf: "tg_csrf", secure: false)
    }
}

extension HTTPField.Name {
    /// `X-CSRF-Token`: the CSRF value a cookie-authenticated state-changing request sends back.
    static let csrfToken = Self("X-CSRF-Token")!
}

extension HTTPRequest.Method {
    /// Whether the method changes state (and so needs the CSRF check when authenticated by cookie).
    var changesState: Bool { self == .post || self == .put || self == .patch || self == .delete }
}

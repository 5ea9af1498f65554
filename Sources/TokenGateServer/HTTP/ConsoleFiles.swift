import Crypto
import ExtrasBase64
import HTTPTypes
import Hummingbird
import NIOCore

/// The console's files (`Sources/TokenGateServer/Console`, embedded in the binary at build time), each with its
/// content type and an entity tag, and the headers that lock the console's pages down.
struct ConsoleFiles: Sendable {
    /// One file, ready to send.
    struct File: Sendable {
        let body: ByteBuffer
        let contentType: String
        /// A strong entity tag: the start of the body's SHA-256.
        let entityTag: String

        init(name: String, bytes: [UInt8]) {
            body = ByteBuffer(bytes: bytes)
            contentType = ConsoleFiles.contentType(of: name)
            let digest = Array(SHA256.hash(data: bytes).prefix(12))
            entityTag = "\"" + Base64.encodeToString(bytes: digest, options: [.base64UrlAlphabet]) + "\""
        }
    }

    /// Scripts and styles come only from this origin, nothing may frame the console, and no referrer leaves it.
    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "same-origin",
        .xFrameOptions: "DENY",
    ]

    private let files: [String: File]

    /// Every file of the console, by its name.
    init() {
        self.init(embedded: [
            "index.html": PackageResources.index_html,
            "style.css": PackageResources.style_css,
            "app.js": PackageResources.app_js,
            "api.js": PackageResources.api_js,
            "view.js": PackageResources.view_js,
            "sign-in.js": PackageResources.sign_in_js,
            "account.js": PackageResources.account_js,
            "collection.js": PackageResources.collection_js,
            "users.js": PackageResources.users_js,
            "lifecycle.js": PackageResources.lifecycle_js,
            "second-factor.js": PackageResources.second_factor_js,
        ])
    }

    /// The files `embedded`, by name; the content type follows the name's extension.
    init(embedded: [String: [UInt8]]) {
        files = Dictionary(uniqueKeysWithValues: embedded.map { name, bytes in (name, File(name: name, bytes: bytes)) })
    }

    /// The names of the files served.
    var names: Set<String> { Set(files.keys) }

    /// The file `name` with the security headers; 304 when the request already holds this version.
    /// - Throws: 404 `not_found` for a name the console does not have.
    func response(for name: String, request: Request) throws -> Response {
        guard let file = files[name] else { throw APIError.notFound }
        var headers = Self.securityHeaders
        headers[.eTag] = file.entityTag
        headers[.cacheControl] = "no-cache"
        if request.headers[.ifNoneMatch] == file.entityTag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = file.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

extension HTTPField.Name {
    /// `Referrer-Policy`.
    static let referrerPolicy = Self("Referrer-Policy")!
    /// `X-Frame-Options`: `frame-ancestors` for browsers that predate it.
    static let xFrameOptions = Self("X-Frame-Options")!
}

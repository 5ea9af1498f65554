import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

/// The web console's files: served at `/` and `/console/{file}` from the binary, with the headers that keep its
/// pages from being framed, sniffed or fed scripts from elsewhere. (What the pages do is the browser suite's part:
/// `browser/run.sh`.)
struct ConsoleTests {
    /// The console's source folder, for comparing what is served with what is written.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "../../Sources/TokenGateServer/Console").standardizedFileURL

    @Test func theConsolePageIsServedAtTheRootWithTheSecurityHeaders() async throws {
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(response.headers[.contentSecurityPolicy])
            let directives = Set(policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(directives.isSuperset(of: ["default-src 'self'", "frame-ancestors 'none'"]))
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            #expect(String(buffer: response.body) == (try String(contentsOf: Self.folder.appending(path: "index.html"), encoding: .utf8)))
        }
    }

    @Test func everyFileOfTheConsoleFolderIsServedWithItsType() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0 != "index.html" }
        #expect(names.contains("app.js") && names.contains("style.css"))
        try await withApp { client, _ in
            for name in names {
                let response = try await client.execute(uri: "/console/\(name)", method: .get)
                #expect(response.status == .ok, "\(name)")
                let expected = name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8"
                #expect(response.headers[.contentType] == expected, "\(name)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(name)")
                let written = try Data(contentsOf: Self.folder.appending(path: name))
                #expect(Data(buffer: response.body) == written, "\(name) differs from the file in the console folder")
            }
        }
    }

    @Test func theConsoleCarriesNoInlineScriptOrStyle() throws {
        let page = try String(contentsOf: Self.folder.appending(path: "index.html"), encoding: .utf8)
        #expect(!page.contains("<script>") && !page.contains(" style=") && !page.contains("<style"))
        #expect(page.firstMatch(of: /\son[a-z]+=/) == nil, "an inline event handler")
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.folder.path) where name.hasSuffix(".js") {
            let script = try String(contentsOf: Self.folder.appending(path: name), encoding: .utf8)
            for banned in ["localStorage", "sessionStorage", "innerHTML", "eval(", "document.write"] {
                #expect(!script.contains(banned), "\(name) uses \(banned)")
            }
        }
    }

    @Test func aRepeatedRequestWithTheEntityTagIsNotModified() async throws {
        try await withApp { client, _ in
            let first = try await client.execute(uri: "/console/app.js", method: .get)
            let tag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl] == "no-cache")
            let again = try await client.execute(uri: "/console/app.js", method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let other = try await client.execute(uri: "/console/style.css", method: .get, headers: [.ifNoneMatch: tag])
            #expect(other.status == .ok)
        }
    }

    @Test func anUnknownConsoleFileIsTheContractsNotFound() async throws {
        try await withApp { client, _ in
            for path in ["/console/missing.js", "/console/..%2Fopenapi.yaml", "/console/"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(body?["error"] == "not_found", "\(path)")
            }
            let post = try await client.execute(uri: "/", method: .post)
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET")
        }
    }
}

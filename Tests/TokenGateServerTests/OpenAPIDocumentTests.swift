import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TokenGate
import TokenGateServer
import TokenGateTestSupport

struct OpenAPIDocumentTests {
    /// The `METHOD /path` pairs the document describes.
    private func documentedOperations(_ yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var currentPath: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if !line.isEmpty, !line.hasPrefix(" ") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) { operations.insert("\(method) \(currentPath)") }
            }
        }
        return operations
    }

    @Test func theDocumentDescribesExactlyTheRoutesThatExist() async throws {
        try await withServices { services, _ in
            let router = try TokenGateApplication.router(services: services)
            let routes = Set(
                router.routes.map { route in
                    let path = route.path.description
                    return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
                }
            )
            let yaml = String(buffer: try OpenAPIDocument.load())
            let documented = documentedOperations(yaml)
            #expect(documented.count > 10)
            #expect(routes.subtracting(documented).isEmpty, "routes the document does not describe: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "documented operations with no route: \(documented.subtracting(routes).sorted())")
        }
    }

    @Test func theServedDocumentIsTheRepositorysFile() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        #expect(file.hasPrefix("openapi: 3.1"))
        try await withApp { client, _ in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(response.text == file)
        }
    }
}

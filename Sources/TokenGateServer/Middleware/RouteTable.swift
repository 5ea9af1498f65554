import HTTPTypes
import Hummingbird

/// The methods each route path serves, for answering 405 with an `Allow` header.
struct RouteTable: Sendable {
    private let entries: [(segments: [Substring], methods: [HTTPRequest.Method])]

    /// Builds the table from a router's routes.
    init(_ routes: [Router<some RequestContext>.RouteDescription]) {
        var table: [String: [HTTPRequest.Method]] = [:]
        for route in routes { table[route.path.description, default: []].append(route.method) }
        entries = table.map { path, methods in
            (path.split(separator: "/"), methods.sorted { $0.rawValue < $1.rawValue })
        }
    }

    /// The methods served at `path`; empty when no route has this path.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        for entry in entries where entry.segments.count == segments.count {
            let matches = zip(entry.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == "*" || pattern == segment
            }
            if matches { return entry.methods }
        }
        return []
    }
}

import Foundation

/// The parts of a database server URL (`scheme://user:password@host:port/database?name=value…`) that the
/// PostgreSQL and MySQL locations share, with user, password and database name percent-decoded.
struct ServerURL {
    let host: String
    let port: Int?
    let username: String
    let password: String?
    let database: String
    let queryItems: [URLQueryItem]

    /// Parses `url` when its scheme is one of `schemes` (in any case) and it names a host, a user and one database.
    init?(_ url: String, schemes: Set<String>) {
        guard let components = URLComponents(string: url), let scheme = components.scheme, schemes.contains(scheme.lowercased()),
            let host = components.host, !host.isEmpty, let username = components.user, !username.isEmpty
        else { return nil }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { return nil }
        self.host = host
        self.port = components.port
        self.username = components.percentEncodedUser?.removingPercentEncoding ?? username
        self.password = components.percentEncodedPassword?.removingPercentEncoding
        self.database = database.removingPercentEncoding ?? database
        self.queryItems = components.queryItems ?? []
    }
}

/// Where the server keeps its data, parsed from `TOKENGATE_DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database in a file.
    case sqliteFile(path: String)
    /// An SQLite database that lives only as long as the process.
    case sqliteMemory
    /// A PostgreSQL database.
    case postgres(PostgresLocation)
    /// A MySQL or MariaDB database (served by a build with the `MySQL` trait).
    case mysql(MySQLLocation)

    /// Parses `sqlite:///absolute/path`, `sqlite://relative/path`, `sqlite::memory:` or a `postgres://` /
    /// `postgresql://` URL, or a `mysql://` / `mariadb://` URL; `nil` for anything else.
    public init?(url: String) {
        if let postgres = PostgresLocation(url: url) {
            self = .postgres(postgres)
            return
        }
        if let mysql = MySQLLocation(url: url) {
            self = .mysql(mysql)
            return
        }
        if url == "sqlite::memory:" {
            self = .sqliteMemory
            return
        }
        let prefix = "sqlite://"
        guard url.hasPrefix(prefix) else { return nil }
        let path = String(url.dropFirst(prefix.count))
        guard !path.isEmpty else { return nil }
        self = .sqliteFile(path: path)
    }

    /// A description safe to print: it never holds credentials.
    public var description: String {
        switch self {
        case .sqliteFile(let path): "sqlite://\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let location): location.description
        case .mysql(let location): location.description
        }
    }
}

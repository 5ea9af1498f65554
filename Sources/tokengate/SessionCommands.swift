import ArgumentParser
import Foundation
import TokenGateClient

/// Where `tokengate login` keeps the session: `$XDG_CONFIG_HOME/tokengate/session.json`, `~/.config` by default.
enum SessionFile {
    /// The session file's path under `environment`.
    static func path(environment: [String: String] = SharedOptions.environment) -> String {
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return configHome + "/tokengate/session.json"
    }

    /// A client of the server the stored session belongs to.
    /// - Throws: when no session is stored.
    static func client() throws -> TokenGateClient {
        let store = FileTokenStore(path: path())
        guard let server = try store.load()?.server else { throw ValidationError("not logged in: run `tokengate login --server URL --email E`") }
        return TokenGateClient(baseURL: server, tokenStore: store)
    }
}

/// `tokengate login --server URL --email E`: logs in and keeps the session for `whoami` and `logout`.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in to a TokenGate server; the password is read from standard input (or asked for on a terminal), never from the command line."
    )

    @Option(help: "The server's base URL, e.g. https://auth.example.com.")
    var server: String

    @Option(help: "The email address.")
    var email: String

    func run() async throws {
        let user = try await login(password: try PasswordInput.read(confirm: false))
        print("logged in to \(server) as \(user.email)")
    }

    /// Logs in with `password` and stores the session in the session file.
    func login(password: String) async throws -> User {
        let client = TokenGateClient(baseURL: server, tokenStore: FileTokenStore(path: SessionFile.path()))
        return try await client.login(email: email, password: password)
    }
}

/// `tokengate whoami`: the account of the stored session.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show the account you are logged in as.")

    func run() async throws {
        print(try await describe())
    }

    /// `email (id), roles: …` of the stored session's account, renewing its token when needed.
    func describe() async throws -> String {
        let user = try await SessionFile.client().me()
        return "\(user.email) (\(user.id.uuidString)), roles: \(user.roles.joined(separator: ", "))"
    }
}

/// `tokengate logout`: ends the stored session on the server and removes it here.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Log out and forget the stored session.")

    func run() async throws {
        try await logout()
        print("logged out")
    }

    /// Ends the stored session.
    func logout() async throws {
        try await SessionFile.client().logout()
    }
}

import ArgumentParser
import Foundation
import TokenGate

/// `tokengate users`: create accounts, list them and set their roles, straight on the database.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage user accounts (this is how the first admin is made).",
        subcommands: [CreateUser.self, ListUsers.self, SetRoles.self, VerifyUser.self, ResetMFA.self]
    )
}

/// `tokengate users create --email E [--name N] [--role admin]`: the password is read from standard input or a prompt.
struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account; the password is read from standard input (or asked for on a terminal), never from the command line."
    )

    @OptionGroup var shared: SharedOptions

    @Option(help: "The email address.")
    var email: String

    @Option(help: "The display name.")
    var name: String?

    @Option(name: .customLong("role"), help: "A role besides 'user' (editor or admin); repeat for several.")
    var roles: [String] = []

    func run() async throws {
        let user = try await create(password: try PasswordInput.read())
        print("created \(user.email) (\(user.id.uuidString)) with roles \(RoleArgument.describe(user.roles))")
    }

    /// Creates the account with `password`.
    func create(password: String) async throws -> User {
        let extraRoles = try RoleArgument.parse(roles)
        return try await OperatorSession.run(shared) { services in
            try await services.accounts.register(email: email, password: password, name: name, extraRoles: extraRoles)
        }
    }
}

/// `tokengate users list`: every account, oldest first.
struct ListUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every account.")

    @OptionGroup var shared: SharedOptions

    func run() async throws {
        for line in try await lines() { print(line) }
    }

    /// One tab-separated line per account: id, email, roles, creation time.
    func lines() async throws -> [String] {
        try await OperatorSession.run(shared) { services in
            var lines: [String] = []
            var request = PageRequest(limit: PageRequest.maximumLimit)
            while true {
                let page = try await services.accounts.listUsers(request)
                for user in page.items {
                    let created = user.createdAt.formatted(.iso8601)
                    lines.append([user.id.uuidString, user.email, RoleArgument.describe(user.roles), created].joined(separator: "\t"))
                }
                guard let cursor = page.nextCursor, let next = ListPosition(cursor: cursor) else { return lines }
                request = PageRequest(limit: PageRequest.maximumLimit, after: next)
            }
        }
    }
}

/// `tokengate users roles E --set editor,admin`: replaces the roles; taking one away logs the user out everywhere.
struct SetRoles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles",
        abstract: "Replace an account's roles ('user' is always kept); taking a role away revokes the user's sessions."
    )

    @OptionGroup var shared: SharedOptions

    @Argument(help: "The email address of the account.")
    var email: String

    @Option(name: .customLong("set"), help: "The roles, comma-separated: editor,admin (empty for just 'user').")
    var roles: String

    func run() async throws {
        let updated = try await apply()
        print("\(updated.email) now has roles \(RoleArgument.describe(updated.roles))")
    }

    /// Replaces the roles and returns the account after the change.
    func apply() async throws -> User {
        let wanted = try RoleArgument.parse(roles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return try await OperatorSession.run(shared) { services in
            let user = try await services.account(withEmail: email)
            let changed = try await services.roles.changeRoles(userID: user.id, to: wanted)
            services.audit.record(
                .rolesChanged,
                userID: changed.id,
                detail: ["roles": RoleArgument.describe(changed.roles), "by": "tokengate users roles"]
            )
            return changed
        }
    }
}

/// Parsing and printing role names on the command line.
enum RoleArgument {
    /// The roles named in `names`; an unknown name is a usage error.
    static func parse(_ names: [String]) throws -> Set<Role> {
        var roles: Set<Role> = []
        for name in names where !name.isEmpty {
            guard let role = Role(rawValue: name.lowercased()) else {
                throw ValidationError("unknown role '\(name)'; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roles.insert(role)
        }
        return roles
    }

    /// `admin,user`.
    static func describe(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
}

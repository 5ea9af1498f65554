import ArgumentParser

/// The `tokengate` command: run and operate a TokenGate server.
@main
struct TokenGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokengate",
        abstract: "A JWT authentication server.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UsersCommand.self, KeysCommand.self, LoginCommand.self, WhoAmICommand.self,
            LogoutCommand.self, AuditCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}

import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import TokenGate
import TokenGateServer

/// `tokengate serve`: applies pending migrations and runs the HTTP server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP server.")

    @OptionGroup var shared: SharedOptions

    @Option(name: .long, help: "The address to bind (TOKENGATE_HOST, default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "The port to bind (TOKENGATE_PORT, default 8080).")
    var port: Int?

    /// The settings this invocation runs with.
    func settings(environment: [String: String] = SharedOptions.environment) throws -> Settings {
        var settings = try shared.settings(environment: environment)
        if let host { settings.host = host }
        if let port { settings.port = port }
        try settings.validate()
        return settings
    }

    func run() async throws {
        // A ``ConfigurationError`` ends the command with its one sentence (and exit status 1).
        let settings = try self.settings()
        let logger = try shared.logger(label: "tokengate")
        let built = try await TokenGateApplication.build(
            settings: settings,
            logger: logger,
            onRunning: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        )
        do {
            try await built.application.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let management = settings.managementAddress.map { " or the management address \($0) (TOKENGATE_MANAGEMENT_ADDRESS; off turns it off)" }
            throw ConfigurationError(
                "another process already listens on \(settings.host):\(settings.port) (TOKENGATE_PORT)\(management ?? ""); choose a free one"
            )
        }
    }
}

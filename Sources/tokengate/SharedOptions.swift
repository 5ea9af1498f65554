import ArgumentParser
import Foundation
import Logging
import TokenGate
import TokenGateServer

/// Options every subcommand that touches the database takes; each overrides its `TOKENGATE_*` variable.
struct SharedOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:///path/to/file.sqlite or sqlite::memory: (TOKENGATE_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("env"), help: "development, testing or production (TOKENGATE_ENV).")
    var environment: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (LOG_LEVEL).")
    var logLevel: String?

    /// The environment variables settings are read from: the process's, or what a test sets for its task.
    @TaskLocal static var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The settings from the environment with these options applied on top.
    func settings(environment variables: [String: String] = SharedOptions.environment) throws -> Settings {
        var variables = variables
        if let databaseURL { variables["TOKENGATE_DATABASE_URL"] = databaseURL }
        if let environment { variables["TOKENGATE_ENV"] = environment }
        return try Settings(environment: variables)
    }

    /// A logger at the chosen level, writing text lines or, with `LOG_FORMAT=json`, one JSON object per line.
    func logger(label: String) throws -> Logger {
        var logger: Logger
        switch Self.environment["LOG_FORMAT"]?.lowercased() ?? "text" {
        case "text": logger = Logger(label: label)
        case "json": logger = Logger(label: label) { JSONLogHandler(label: $0) }
        default: throw ArgumentParser.ValidationError("LOG_FORMAT must be text or json")
        }
        let name = logLevel ?? Self.environment["LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: name.lowercased()) else {
            throw ArgumentParser.ValidationError("the log level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logger.logLevel = level
        return logger
    }
}

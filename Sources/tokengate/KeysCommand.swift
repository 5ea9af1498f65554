import ArgumentParser
import Foundation
import TokenGate

/// `tokengate keys`: make signing keys and show the keys of the current configuration.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make signing keys, list the configured ones, print the JWKS.",
        subcommands: [GenerateKey.self, ListKeys.self, PrintKeySet.self]
    )
}

/// `tokengate keys generate --alg ES256 --out FILE`.
struct GenerateKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new private key as PEM (mode 0600; an existing file is never overwritten) and print its kid."
    )

    @Option(help: "RS256, PS256, ES256 or EdDSA.")
    var alg: String

    @Option(help: "The file to write.")
    var out: String

    func run() throws {
        let key = try generate()
        print(key.keyID)
        if alg == "PS256" {
            FileHandle.standardError.write(Data("an RSA key signs RS256 unless TOKENGATE_JWT_ALGORITHM=PS256 is set\n".utf8))
        }
    }

    /// Writes the key and returns it.
    func generate() throws -> AsymmetricKey {
        guard let algorithm = SigningAlgorithm(rawValue: alg), algorithm.isAsymmetric else {
            throw ValidationError("--alg must be RS256, PS256, ES256 or EdDSA")
        }
        return try KeyGenerator.generate(algorithm, to: out)
    }
}

/// `tokengate keys list`.
struct ListKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the signing key and the retired keys of the configuration: kid, algorithm, file, fingerprint."
    )

    @OptionGroup var shared: SharedOptions

    func run() async throws {
        for line in try await lines() { print(line) }
    }

    /// One tab-separated line per key: state, kid, algorithm, file, SHA-256 of the public key, and for a retired key
    /// until when it verifies.
    func lines() async throws -> [String] {
        try await OperatorSession.run(shared) { services in
            services.keyRing.entries.map { entry in
                var fields = [entry.retiredAt == nil ? "active" : "retired", entry.keyID, entry.algorithm.rawValue]
                fields.append(entry.file ?? "(TOKENGATE_JWT_SECRET)")
                fields.append(entry.fingerprint.map { "sha256:" + $0 } ?? "-")
                if let until = entry.verifiesUntil { fields.append("verifies until " + until.formatted(.iso8601)) }
                return fields.joined(separator: "\t")
            }
        }
    }
}

/// `tokengate keys jwks`.
struct PrintKeySet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jwks",
        abstract: "Print the JWKS the server publishes at /.well-known/jwks.json."
    )

    @OptionGroup var shared: SharedOptions

    func run() async throws {
        print(try await document())
    }

    /// The JWKS as JSON.
    func document() async throws -> String {
        let set = try await OperatorSession.run(shared) { services in services.keyRing.publicKeySet(at: services.time.now()) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(set), as: UTF8.self)
    }
}

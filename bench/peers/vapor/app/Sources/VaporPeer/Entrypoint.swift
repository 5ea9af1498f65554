import Fluent
import FluentSQLiteDriver
import JWT
import Vapor

/// The secret the peer signs with unless PEER_JWT_SECRET says otherwise.
let defaultSecret = "peer-secret-peer-secret-peer-secret!"

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app)
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Database, migrations, passwords, keys and routes, as Vapor's docs set them up.
    static func configure(_ app: Application) async throws {
        app.databases.use(.sqlite(.file(Environment.get("PEER_DATABASE_FILE") ?? "vapor-peer.sqlite")), as: .sqlite)
        app.migrations.add(CreateSchema())
        try await app.autoMigrate()
        app.passwords.use(.bcrypt(cost: Int(Environment.get("PEER_BCRYPT_COST") ?? "12") ?? 12))
        await app.jwt.keys.add(hmac: HMACKey(from: Environment.get("PEER_JWT_SECRET") ?? defaultSecret), digestAlgorithm: .sha256)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        ContentConfiguration.global.use(encoder: encoder, for: .json)
        ContentConfiguration.global.use(decoder: decoder, for: .json)
        try routes(app)
    }
}

import Foundation
import Testing

@testable import TokenGate

struct ConfigurationTests {
    @Test(arguments: [("90s", 90), ("15m", 900), ("12h", 43_200), ("30d", 2_592_000), ("0s", 0)])
    func durationsParse(text: String, seconds: Int64) {
        #expect(DurationParser.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "15", "m", "-5s", "1.5h", "10w", "abc", "99999999999999d"])
    func badDurationsAreRefused(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test func defaultsMatchTheContract() throws {
        let settings = try Settings(environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.database == .sqliteFile(path: "tokengate-data/tokengate.sqlite"))
        #expect(settings.environment == .development)
        #expect(settings.accessTokenTTL == .seconds(900))
        #expect(settings.refreshTokenTTL == .seconds(30 * 86_400))
        #expect(settings.refreshReuseInterval == .seconds(10))
        #expect(settings.bcryptCost == 12)
        #expect(settings.leeway == .seconds(30))
        #expect(settings.revocationPollInterval == .seconds(2))
        #expect(settings.revocationHeartbeatInterval == .seconds(5))
        #expect(settings.databaseListen == nil)
    }

    @Test func aListenURLIsReadForPostgreSQLAndRefusedOtherwise() throws {
        let settings = try Settings(environment: [
            "TOKENGATE_DATABASE_URL": "postgres://tg@pgbouncer:6432/tg?sslmode=disable",
            "TOKENGATE_DATABASE_LISTEN_URL": "postgres://tg@db:5432/tg?sslmode=disable",
            "TOKENGATE_REVOCATION_HEARTBEAT_INTERVAL": "3s",
        ])
        #expect(settings.databaseListen?.host == "db")
        #expect(settings.databaseListen?.port == 5432)
        #expect(settings.revocationHeartbeatInterval == .seconds(3))
        #expect {
            try Settings(environment: ["TOKENGATE_DATABASE_LISTEN_URL": "postgres://tg@db:5432/tg"])
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("TOKENGATE_DATABASE_LISTEN_URL is for PostgreSQL only") == true
        }
        #expect {
            try Settings(environment: ["TOKENGATE_DATABASE_URL": "postgres://tg@db:5432/tg", "TOKENGATE_DATABASE_LISTEN_URL": "db:5432"])
        } throws: { error in
            (error as? ConfigurationError)?.message.hasPrefix("TOKENGATE_DATABASE_LISTEN_URL must be") == true
        }
    }

    @Test func environmentVariablesAreRead() throws {
        let settings = try Settings(environment: [
            "TOKENGATE_HOST": "0.0.0.0",
            "TOKENGATE_PORT": "9090",
            "TOKENGATE_DATABASE_URL": "sqlite:///var/lib/tg.sqlite",
            "TOKENGATE_ENV": "production",
            "TOKENGATE_JWT_SECRET": "s3cret",
            "TOKENGATE_ACCESS_TOKEN_TTL": "5m",
            "TOKENGATE_REFRESH_TOKEN_TTL": "12h",
            "TOKENGATE_REFRESH_REUSE_INTERVAL": "30s",
            "TOKENGATE_BCRYPT_COST": "10",
            "TOKENGATE_ISSUER": "https://auth.example.com",
            "TOKENGATE_AUDIENCE": "api",
            "TOKENGATE_LEEWAY": "5s",
        ])
        #expect(settings.host == "0.0.0.0")
        #expect(settings.port == 9090)
        #expect(settings.database == .sqliteFile(path: "/var/lib/tg.sqlite"))
        #expect(settings.environment == .production)
        #expect(settings.jwtSecret?.bytes == Array("s3cret".utf8))
        #expect(settings.accessTokenTTL == .seconds(300))
        #expect(settings.refreshTokenTTL == .seconds(43_200))
        #expect(settings.refreshReuseInterval == .seconds(30))
        #expect(settings.bcryptCost == 10)
        #expect(settings.issuer == "https://auth.example.com")
        #expect(settings.audience == "api")
        #expect(settings.leeway == .seconds(5))
        #expect(try Settings(environment: ["TOKENGATE_DATABASE_URL": "sqlite::memory:"]).database == .sqliteMemory)
    }

    @Test(arguments: [
        ("TOKENGATE_PORT", "http"), ("TOKENGATE_PORT", "70000"), ("TOKENGATE_BCRYPT_COST", "3"), ("TOKENGATE_BCRYPT_COST", "32"),
        ("TOKENGATE_ACCESS_TOKEN_TTL", "15"), ("TOKENGATE_ACCESS_TOKEN_TTL", "0s"), ("TOKENGATE_ENV", "staging"),
        ("TOKENGATE_DATABASE_URL", "mysql://x"), ("TOKENGATE_LEEWAY", "soon"),
        ("TOKENGATE_REVOCATION_HEARTBEAT_INTERVAL", "often"),
    ])
    func badValuesAreRefusedWithTheVariableName(name: String, value: String) {
        #expect {
            try Settings(environment: [name: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.message.contains(name)
        }
    }

    @Test func secretsNeverPrint() {
        let secret = SigningSecret("super-secret-value")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }
}

import Testing

@testable import TokenGate

struct MySQLLocationTests {
    @Test func aFullURLIsRead() throws {
        let location = try #require(
            MySQLLocation(url: "mysql://app:p%40ss@db.internal:3307/tokengate?ssl-mode=VERIFY-IDENTITY&ssl-ca=/etc/ca.pem&pool-size=4")
        )
        #expect(location.host == "db.internal")
        #expect(location.port == 3307)
        #expect(location.username == "app")
        #expect(location.password == "p@ss")
        #expect(location.database == "tokengate")
        #expect(location.tlsMode == .verifyIdentity)
        #expect(location.certificateAuthorityFile == "/etc/ca.pem")
        #expect(location.poolSize == 4)
        #expect(!location.description.contains("p@ss"))
    }

    @Test func defaultsArePortPreferredTLSAndTenConnections() throws {
        let location = try #require(MySQLLocation(url: "mariadb://app@127.0.0.1/tokengate"))
        #expect(location.port == 3306)
        #expect(location.password == nil)
        #expect(location.tlsMode == .preferred)
        #expect(location.poolSize == 10)
        #expect(DatabaseLocation(url: "mariadb://app@127.0.0.1/tokengate") == .mysql(location))
    }

    @Test(arguments: [
        "mysql://127.0.0.1/tokengate",
        "mysql://app@/tokengate",
        "mysql://app@127.0.0.1",
        "mysql://app@127.0.0.1/a/b",
        "mysql://app@127.0.0.1/db?ssl-mode=sometimes",
        "mysql://app@127.0.0.1/db?pool-size=0",
        "mysql://app@127.0.0.1/db?pool-size=many",
        "mysql://app@127.0.0.1/db?ssl-ca=",
        "mysql://app@127.0.0.1/db?charset=latin1",
        "mysqlx://app@127.0.0.1/db",
    ])
    func malformedURLsAreRefused(url: String) throws {
        #expect(MySQLLocation(url: url) == nil)
        #expect(throws: ConfigurationError.self) { try Settings(environment: ["TOKENGATE_DATABASE_URL": url]) }
    }
}

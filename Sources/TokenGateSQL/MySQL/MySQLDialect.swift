#if MySQL
import SQLKit

/// The SQL dialect of MySQL and MariaDB sessions as ``MySQLConnection`` opens them (`ANSI_QUOTES` on).
struct MySQLDialect: SQLDialect {
    /// The name ``Migrations`` recognises.
    static let name = MySQLSchema.dialectName

    var name: String { Self.name }
    var identifierQuote: any SQLExpression { SQLRaw("`") }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    var supportsAutoIncrement: Bool { true }
    var autoIncrementClause: any SQLExpression { SQLRaw("AUTO_INCREMENT") }
    var supportsReturning: Bool { false }
    var upsertSyntax: SQLUpsertSyntax { .mysqlLike }
    var supportsDropBehavior: Bool { false }

    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "1" : "0") }
}
#endif

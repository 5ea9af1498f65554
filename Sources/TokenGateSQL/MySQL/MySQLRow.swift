#if MySQL
import SQLKit

/// One row of a MySQL result, presented to SQLKit; every value arrives as text and is decoded from it.
struct MySQLRow: SQLRow {
    let columns: [String]
    let values: [MySQLValue]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool { try value(column) == .null }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        try D(from: MySQLValueDecoder(value: try value(column), column: column))
    }

    private func value(_ column: String) throws -> MySQLValue {
        guard let index = columns.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(
                MySQLColumnKey(stringValue: column),
                .init(codingPath: [], debugDescription: "no column \(column) in the row")
            )
        }
        return values[index]
    }
}

/// A coding key named after a column.
struct MySQLColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
#endif

#if MySQL
import CMariaDB

/// A prepared statement: its parameters go to the server bound, never spliced into the SQL text.
///
/// Every column of a result is read as text (the client library converts numbers); a value longer than the first
/// buffer is read again whole.
struct MySQLStatement {
    private let statement: UnsafeMutablePointer<MYSQL_STMT>
    /// The bytes the bound parameters point at, released when the statement has run.
    private var storage: [UnsafeMutableRawPointer] = []
    private var parameterBinds: UnsafeMutablePointer<MYSQL_BIND>?

    /// The size of the first read of each column; a longer value is read again with its own length.
    private static let columnBufferSize = 512

    init(_ statement: UnsafeMutablePointer<MYSQL_STMT>) { self.statement = statement }

    private func lastError() -> MySQLError {
        MySQLError(
            code: mysql_stmt_errno(statement),
            sqlState: String(cString: mysql_stmt_sqlstate(statement)),
            message: String(cString: mysql_stmt_error(statement))
        )
    }

    /// Sends `sql` to the server to be prepared.
    func prepare(_ sql: String) throws {
        let utf8 = Array(sql.utf8)
        let status = utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { mysql_stmt_prepare(statement, $0.baseAddress, UInt(bytes.count)) }
        }
        guard status == 0 else { throw lastError() }
    }

    /// Binds `parameters` in order to the statement's placeholders.
    mutating func bind(_ parameters: [MySQLValue]) throws {
        let expected = Int(mysql_stmt_param_count(statement))
        guard expected == parameters.count else {
            throw MySQLError(code: 2034, sqlState: "HY000", message: "the statement has \(expected) placeholders but \(parameters.count) values")
        }
        guard !parameters.isEmpty else { return }
        let binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: parameters.count)
        binds.initialize(repeating: MYSQL_BIND(), count: parameters.count)
        parameterBinds = binds
        for (index, value) in parameters.enumerated() {
            switch value {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .integer(let number):
                bindScalar(number, type: MYSQL_TYPE_LONGLONG, to: &binds[index])
            case .double(let number):
                bindScalar(number, type: MYSQL_TYPE_DOUBLE, to: &binds[index])
            case .text(let text):
                bindBytes(Array(text.utf8), type: MYSQL_TYPE_STRING, to: &binds[index])
            case .bytes(let bytes):
                bindBytes(bytes, type: MYSQL_TYPE_BLOB, to: &binds[index])
            }
        }
        guard mysql_stmt_bind_param(statement, binds) == 0 else { throw lastError() }
    }

    private mutating func bindScalar<T: BitwiseCopyable>(_ value: T, type: enum_field_types, to bind: inout MYSQL_BIND) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        buffer.storeBytes(of: value, as: T.self)
        storage.append(buffer)
        bind.buffer_type = type
        bind.buffer = buffer
    }

    private mutating func bindBytes(_ bytes: [UInt8], type: enum_field_types, to bind: inout MYSQL_BIND) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        storage.append(buffer)
        bind.buffer_type = type
        bind.buffer = buffer
        bind.buffer_length = UInt(bytes.count)
    }

    /// Runs the statement and reads its result; frees what the parameters held.
    mutating func execute() throws -> MySQLResult {
        defer {
            for buffer in storage { buffer.deallocate() }
            storage = []
            parameterBinds?.deallocate()
            parameterBinds = nil
        }
        guard mysql_stmt_execute(statement) == 0 else { throw lastError() }
        guard let metadata = mysql_stmt_result_metadata(statement) else {
            return MySQLResult(columns: [], rows: [], matchedRows: Int(mysql_stmt_affected_rows(statement)))
        }
        defer { mysql_free_result(metadata) }
        let count = Int(mysql_num_fields(metadata))
        let fields = mysql_fetch_fields(metadata)!
        let columns = (0..<count).map { String(cString: fields[$0].name) }
        let rows = try fetchRows(columnCount: count)
        return MySQLResult(columns: columns, rows: rows, matchedRows: rows.count)
    }

    /// Reads every row, each column as text.
    private func fetchRows(columnCount count: Int) throws -> [[MySQLValue]] {
        guard mysql_stmt_store_result(statement) == 0 else { throw lastError() }
        defer { mysql_stmt_free_result(statement) }
        let binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        let lengths = UnsafeMutablePointer<UInt>.allocate(capacity: count)
        let nulls = UnsafeMutablePointer<my_bool>.allocate(capacity: count)
        let truncated = UnsafeMutablePointer<my_bool>.allocate(capacity: count)
        let buffers = UnsafeMutableRawPointer.allocate(byteCount: count * Self.columnBufferSize, alignment: 8)
        defer {
            binds.deallocate()
            lengths.deallocate()
            nulls.deallocate()
            truncated.deallocate()
            buffers.deallocate()
        }
        for column in 0..<count {
            binds[column].buffer_type = MYSQL_TYPE_STRING
            binds[column].buffer = buffers + column * Self.columnBufferSize
            binds[column].buffer_length = UInt(Self.columnBufferSize)
            binds[column].length = lengths + column
            binds[column].is_null = nulls + column
            binds[column].error = truncated + column
        }
        guard mysql_stmt_bind_result(statement, binds) == 0 else { throw lastError() }
        var rows: [[MySQLValue]] = []
        while true {
            let status = mysql_stmt_fetch(statement)
            if status == MYSQL_NO_DATA { break }
            guard status == 0 || status == MYSQL_DATA_TRUNCATED else { throw lastError() }
            var row: [MySQLValue] = []
            row.reserveCapacity(count)
            for column in 0..<count {
                if nulls[column] != 0 {
                    row.append(.null)
                } else if Int(lengths[column]) <= Self.columnBufferSize {
                    let bytes = UnsafeRawBufferPointer(start: binds[column].buffer, count: Int(lengths[column]))
                    row.append(.text(String(decoding: bytes, as: UTF8.self)))
                } else {
                    row.append(.text(try readWhole(column: column, length: Int(lengths[column]))))
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Reads a column whose value did not fit the first buffer.
    private func readWhole(column: Int, length: Int) throws -> String {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 1)
        let actual = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        defer {
            buffer.deallocate()
            actual.deallocate()
        }
        var bind = MYSQL_BIND()
        bind.buffer_type = MYSQL_TYPE_STRING
        bind.buffer = buffer
        bind.buffer_length = UInt(length)
        bind.length = actual
        guard mysql_stmt_fetch_column(statement, &bind, UInt32(column), 0) == 0 else { throw lastError() }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
    }
}
#endif

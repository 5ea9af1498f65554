import SQLKit

/// The types TokenGate's stores read from a column, for which `ours` must read `column` as `theirs` does: the same
/// value, or a refusal from both. Returns the types read differently.
func typesReadDifferently(column: String, ours: any SQLRow, theirs: any SQLRow) -> [String] {
    var differing: [String] = []
    func compare<T: Decodable>(_ type: T.Type) {
        if outcome({ try ours.decode(column: column, as: T.self) }) != outcome({ try theirs.decode(column: column, as: T.self) }) {
            differing.append("\(T.self)")
        }
    }
    compare(String.self)
    compare(Int64.self)
    compare(Int.self)
    compare(Bool.self)
    compare(Double.self)
    compare(String?.self)
    compare(Int64?.self)
    if (try? ours.decodeNil(column: column)) != (try? theirs.decodeNil(column: column)) { differing.append("nil") }
    return differing
}

/// A value read, or `nil` when reading it failed.
private func outcome(_ read: () throws -> some Any) -> String? {
    (try? read()).map { String(describing: $0) }
}

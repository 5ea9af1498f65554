/// A column that a statement did not return was read from one of its rows.
struct MissingColumn: Error, CustomStringConvertible {
    let column: String
    var description: String { "the row has no column \(column)" }
}

/// A setting that is missing or not valid; the message says what to set.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// One sentence for the operator.
    public let message: String

    /// Creates an error with the sentence an operator reads.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

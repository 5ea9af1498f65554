import Foundation
public import Logging
import Synchronization

/// A log handler that writes one JSON object per line (`LOG_FORMAT=json`): `time`, `level`, `label`, `message`
/// and every metadata value as a string field, for log pipelines (Loki, Elasticsearch, CloudWatch) to read as-is.
public struct JSONLogHandler: LogHandler {
    /// Where finished lines go; standard output unless a test collects them.
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: Sink

    /// A handler for `label` writing to `sink`.
    public init(label: String, sink: @escaping Sink = JSONLogHandler.standardOutput) {
        self.label = label
        self.sink = sink
    }

    /// The metadata value `key`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes `event` as one line.
    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = Self.text(of: value)
        }
        fields["time"] = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = event.message.description
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        sink(String(decoding: data, as: UTF8.self))
    }

    private static func text(of value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    private static let output = Mutex(())

    /// Writes `line` and a newline to standard output, one line at a time.
    public static let standardOutput: Sink = { line in
        output.withLock { _ in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}

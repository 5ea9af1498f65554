import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats times as the contract's RFC 3339 UTC strings (`2026-11-23T12:50:49Z`), much faster than a
/// general date formatter: response bodies format a time or forty on every request.
enum RFC3339 {
    /// Appends `date` as `YYYY-MM-DDTHH:MM:SSZ`, to the whole second, to `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func append(_ value: Int32, digits: Int) {
            var divisor: Int32 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(parts.tm_year + 1_900, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(parts.tm_mon + 1, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(parts.tm_mday, digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(parts.tm_hour, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(parts.tm_min, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(parts.tm_sec, digits: 2)
        bytes.append(UInt8(ascii: "Z"))
    }
}

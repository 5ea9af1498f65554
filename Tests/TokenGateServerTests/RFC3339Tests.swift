import Foundation
import Testing

@testable import TokenGateServer

struct RFC3339Tests {
    private func text(_ date: Date) -> String {
        var bytes: [UInt8] = []
        RFC3339.append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (1_795_437_670.9, "2026-11-23T12:41:10Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"), (-0.5, "1969-12-31T23:59:59Z"), (-2_203_891_200, "1900-03-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func formatsUTCToTheSecond(seconds: Double, expected: String) {
        #expect(text(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func agreesWithFoundationsFormatter() {
        for seconds in stride(from: -4_000_000_000.0, to: 8_000_000_000, by: 37_777_777) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(text(date) == date.formatted(.iso8601))
        }
    }
}

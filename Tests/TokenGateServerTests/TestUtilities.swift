import Foundation
import TokenGate
import TokenGateTestSupport

/// Waits until `condition` holds, checking every 10 ms, and returns how long that took; `nil` after `limit`.
func timeUntil(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Duration? {
    let clock = ContinuousClock()
    let start = clock.now
    while clock.now - start <= limit {
        if try await condition() { return clock.now - start }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return nil
}

/// The `sid` claim of a token, read without verifying it.
func sessionID(of token: String) throws -> UUID {
    let claims = try JSONDecoder().decode([String: JSONValue].self, from: tokenSegment(token, 1))
    guard case .string(let sid) = claims["sid"], let id = UUID(uuidString: sid) else { throw TokenError.malformed }
    return id
}

/// Any JSON value, for reading claims in tests.
enum JSONValue: Decodable {
    case string(String)
    case other

    init(from decoder: any Decoder) throws {
        self = (try? decoder.singleValueContainer().decode(String.self)).map(JSONValue.string) ?? .other
    }
}

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
    guard let id = UUID(uuidString: try stringClaim("sid", of: token)) else { throw TokenError.malformed }
    return id
}

/// The string claim `name` of a token, read without verifying it.
func stringClaim(_ name: String, of token: String) throws -> String {
    let claims = try JSONDecoder().decode([String: JSONValue].self, from: tokenSegment(token, 1))
    guard case .string(let value) = claims[name] else { throw TokenError.malformed }
    return value
}

/// Any JSON value, for reading claims in tests.
enum JSONValue: Decodable {
    case string(String)
    case other

    init(from decoder: any Decoder) throws {
        self = (try? decoder.singleValueContainer().decode(String.self)).map(JSONValue.string) ?? .other
    }
}

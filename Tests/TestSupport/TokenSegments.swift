public import Foundation

/// The decoded bytes of segment `index` (0: the header, 1: the claims) of a compact token, read without verifying it.
public func tokenSegment(_ token: String, _ index: Int) throws -> Data {
    let segments = token.split(separator: ".", omittingEmptySubsequences: false)
    guard segments.indices.contains(index) else { throw TokenSegmentError.missing }
    var base64 = segments[index].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    guard let data = Data(base64Encoded: base64) else { throw TokenSegmentError.notBase64URL }
    return data
}

/// `data` in unpadded base64url, as a token segment holds it.
public func base64URLEncoded(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// `token`'s claims under a new `header`, signed by `sign` (given the signing input): a forgery for tests.
public func reSigned(_ token: String, header: [String: String], sign: (Data) throws -> Data) throws -> String {
    let input = base64URLEncoded(try JSONSerialization.data(withJSONObject: header)) + "." + token.split(separator: ".")[1]
    return input + "." + base64URLEncoded(try sign(Data(input.utf8)))
}

/// Why a token segment could not be read.
public enum TokenSegmentError: Error {
    /// The token has fewer segments.
    case missing
    /// The segment is not base64url.
    case notBase64URL
}

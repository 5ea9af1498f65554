/// Email address rules of the contract: addr-spec shape, at most 254 bytes, compared case-insensitively.
public enum Email {
    /// The longest address accepted, in bytes.
    public static let maximumLength = 254

    /// Whether `address` has the shape `local@domain` with no spaces or control characters and a dotted domain.
    public static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= maximumLength, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        let forbidden: Set<Character> = [" ", "\t", "\r", "\n", "<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "\""]
        guard !address.contains(where: { forbidden.contains($0) || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }) else {
            return false
        }
        guard !local.contains("@"), !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    /// The form in which two addresses compare equal regardless of case.
    public static func key(for address: String) -> String { address.lowercased() }
}

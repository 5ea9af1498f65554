/// Which bytes of UTF-8 text a JSON string must escape: control characters, the quote and the backslash.
enum JSONEscaping {
    /// Whether `byte` must be escaped.
    static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any byte of `text` must be escaped; most text has none, so it is read eight bytes at a time.
    static func needsEscaping(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        // Per byte of a word, the high bit of `(x - n·ones) & ~x & highs` is set when x < n (n ≤ 128), so a byte
        // below 0x20, or equal to the quote or the backslash (their XOR with the word is zero), sets a high bit.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        var found: UInt64 = 0
        while index + 8 <= text.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            found |= ((word &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~word & highs
            index += 8
        }
        return found != 0 || text[index...].contains(where: needsEscaping)
    }
}

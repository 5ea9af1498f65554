import Foundation
import NIOCore

/// Finds an object in a JSON text that names one key twice.
///
/// Parsers disagree on such objects (Foundation keeps the first value, Python's `json` the last), so two components
/// could read one request differently; the contract refuses them. Keys are compared after unescaping, so `"a"` and
/// `"\u0061"` are the same key. The scan keeps its own stack, so no depth of nesting can exhaust the call stack.
enum DuplicateKeyCheck {
    /// Whether some object in `buffer` repeats a key. Text that is not JSON may answer either way: the decoder
    /// refuses it anyway.
    static func hasDuplicateKey(in buffer: ByteBuffer) -> Bool {
        buffer.withUnsafeReadableBytes { hasDuplicateKey(in: $0) }
    }

    private struct Container {
        let isObject: Bool
        var keys: Set<String> = []
        var expectsKey: Bool
    }

    private static func hasDuplicateKey(in bytes: UnsafeRawBufferPointer) -> Bool {
        var stack: [Container] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"): stack.append(Container(isObject: true, expectsKey: true))
            case UInt8(ascii: "["): stack.append(Container(isObject: false, expectsKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","): if stack.last?.isObject == true { stack[stack.count - 1].expectsKey = true }
            case UInt8(ascii: ":"): if stack.last?.isObject == true { stack[stack.count - 1].expectsKey = false }
            case UInt8(ascii: "\""):
                let end = endOfString(in: bytes, from: index)
                if stack.last?.expectsKey == true {
                    let key = decodedString(UnsafeRawBufferPointer(rebasing: bytes[index..<min(end + 1, bytes.count)]))
                    if !stack[stack.count - 1].keys.insert(key).inserted { return true }
                }
                index = end
            default: break
            }
            index += 1
        }
        return false
    }

    /// The index of the quote that closes the string opening at `start` (or the end of the text).
    private static func endOfString(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return index
    }

    /// The value of a quoted JSON string; its raw text when it is not one (the decoder then refuses the body).
    private static func decodedString(_ quoted: UnsafeRawBufferPointer) -> String {
        guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONDecoder().decode(String.self, from: Data(quoted))) ?? String(decoding: quoted, as: UTF8.self)
    }
}

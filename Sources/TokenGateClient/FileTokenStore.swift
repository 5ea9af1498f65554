import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the session in a JSON file that only its owner can read (mode 0600), replaced atomically on each save so
/// that a crash never leaves half a file.
public struct FileTokenStore: TokenStore {
    /// The file's path.
    public let path: String

    /// Creates a store at `path`; its folder is made (mode 0700) on the first save when missing.
    public init(path: String) { self.path = path }

    /// The stored tokens, or `nil` when the file does not exist.
    /// - Throws: when the file exists but cannot be read or is not a stored session.
    public func load() throws -> StoredTokens? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder.tokenStore.decode(StoredTokens.self, from: data)
    }

    /// Writes `tokens` to a new file beside the old one (created with mode 0600) and renames it over the old one;
    /// `nil` removes the file.
    public func save(_ tokens: StoredTokens?) throws {
        guard let tokens else {
            if unlink(path) != 0, errno != ENOENT { throw FileTokenStoreError.cannotWrite(path, errno) }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(
                atPath: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        let data = try JSONEncoder.tokenStore.encode(tokens)
        let temporary = "\(path).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileTokenStoreError.cannotWrite(temporary, errno) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw FileTokenStoreError.cannotWrite(path, failure)
        }
    }
}

/// Why a ``FileTokenStore`` could not save.
public enum FileTokenStoreError: Error, CustomStringConvertible {
    /// The file at the path could not be written (with the system's error number).
    case cannotWrite(String, Int32)

    /// One sentence naming the file and the reason.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let code): "Cannot write \(path): \(String(cString: strerror(code)))."
        }
    }
}

extension JSONEncoder {
    static var tokenStore: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    static var tokenStore: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

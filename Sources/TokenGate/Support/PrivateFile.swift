import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read (mode 0600), created new: an existing file is never overwritten.
enum PrivateFile {
    /// Why a file was not written.
    enum Failure: Error, Equatable {
        /// The file exists already.
        case exists
        /// It could not be created or written (the `errno` of the failing call).
        case cannotWrite(Int32)
    }

    /// Creates `path` with mode 0600 and writes `bytes` to it; fails when the file exists.
    static func create(_ path: String, bytes: [UInt8]) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw errno == EEXIST ? .exists : .cannotWrite(errno) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let failure = errno
            unlink(path)
            throw .cannotWrite(failure)
        }
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Sends `request` as it is to `127.0.0.1:port` and returns what the server answers until it closes the connection:
/// for requests a test client would rewrite (it adds `Content-Length` to every body).
///
/// The blocking socket calls run on a thread of their own: never on a thread of Swift's cooperative pool or of NIO's
/// thread pool, which the in-process server needs to answer (two threads each on this machine).
func rawHTTP(port: Int, _ request: [UInt8]) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try exchange(port: port, request) }) }.start()
    }
}

/// Connects, sends `request`, and reads until the server closes the connection or 10 s pass without a byte.
private func exchange(port: Int, _ request: [UInt8]) throws -> String {
    let socketDescriptor = try connectTo(port: port)
    defer { close(socketDescriptor) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var sent = 0
    while sent < request.count {
        // The server may answer (and close) before it has read everything: stop sending then.
        let count = request[sent...].withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count <= 0 { break }
        sent += count
    }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4_096)
    while true {
        let count = recv(socketDescriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        response += buffer[0..<count]
    }
    return String(decoding: response, as: UTF8.self)
}

/// A request with a chunked body (`Transfer-Encoding: chunked`, no `Content-Length`), in chunks of `chunkSize` bytes.
func chunkedRequest(_ method: String, _ path: String, json body: [UInt8], chunkSize: Int = 8_192) -> [UInt8] {
    var bytes = Array(
        "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            .utf8
    )
    var offset = 0
    while offset < body.count {
        let chunk = body[offset..<min(offset + chunkSize, body.count)]
        bytes += Array(String(chunk.count, radix: 16).utf8) + Array("\r\n".utf8) + chunk + Array("\r\n".utf8)
        offset += chunk.count
    }
    return bytes + Array("0\r\n\r\n".utf8)
}

/// A blocking TCP connection to `127.0.0.1:port`; the caller closes it.
func connectTo(port: Int) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw RawHTTPFailure(step: "socket", code: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        close(descriptor)
        throw RawHTTPFailure(step: "connect", code: errno)
    }
    return descriptor
}

/// A raw socket call that failed.
struct RawHTTPFailure: Error {
    let step: String
    let code: Int32
}

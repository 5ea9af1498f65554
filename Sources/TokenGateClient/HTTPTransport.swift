import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One request of the API contract, kept whole so that it can be sent again after a refresh.
struct APIRequest: Sendable {
    let method: HTTPMethod
    let path: String
    let body: Data?

    init(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: Data? = nil) {
        self.method = method
        var components = URLComponents()
        components.path = path
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        components.queryItems = items.isEmpty ? nil : items
        self.path = components.string ?? path
        self.body = body
    }

    init(_ method: HTTPMethod, _ path: String, json: some Encodable) throws(TokenGateClientError) {
        do {
            self.init(method, path, body: try JSONEncoder.contract.encode(json))
        } catch {
            throw .transport("The request body could not be encoded: \(error).")
        }
    }
}

/// The server's answer to one request.
struct APIResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: ByteBuffer

    /// The contract's error body, when it has one.
    var error: ErrorBody? { try? JSONDecoder.contract.decode(ErrorBody.self, from: body) }

    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws(TokenGateClientError) -> T {
        do {
            return try JSONDecoder.contract.decode(type, from: body)
        } catch {
            throw .transport("The server answered \(status) with a body that is not the contract's \(T.self).")
        }
    }

    /// `self` when the status is 2xx; otherwise the error the status and body stand for.
    func successful() throws(TokenGateClientError) -> APIResponse {
        guard !(200..<300).contains(status) else { return self }
        let error = self.error
        let code = error?.error
        let message = error?.message ?? "The server answered \(status)."
        let kind: TokenGateClientError.Kind =
            switch (status, code) {
            case (401, "invalid_credentials"): .invalidCredentials
            case (401, "token_reused"), (401, "token_revoked"): .sessionExpired
            case (401, _): .unauthorized
            case (403, _): .forbidden
            case (404, _): .notFound
            case (409, _): .conflict
            case (422, _): .validationFailed(fields: error?.fields ?? [:])
            case (429, _): .tooManyAttempts(retryAfter: headers.first(name: "Retry-After").flatMap(Int.init).map { .seconds($0) })
            case (500..., _): .server(status: status)
            default: .rejected(status: status)
            }
        throw TokenGateClientError(kind, code: code, message: message)
    }
}

/// `{"error", "message", "fields"?}`: the one error shape of the contract.
struct ErrorBody: Decodable {
    let error: String
    let message: String
    let fields: [String: String]?
}

/// Sends contract requests to one server.
struct HTTPTransport: Sendable {
    /// The largest answer read, in bytes.
    static let maximumResponseSize = 4 * 1_024 * 1_024

    let baseURL: String
    let httpClient: HTTPClient
    let timeout: Duration

    init(baseURL: String, httpClient: HTTPClient, timeout: Duration) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// Sends `request`, with `bearer` as the access token when given.
    /// - Throws: ``TokenGateClientError/Kind/transport`` when no whole answer arrives; never for an error status.
    func send(_ request: APIRequest, bearer: String? = nil) async throws(TokenGateClientError) -> APIResponse {
        var outgoing = HTTPClientRequest(url: baseURL + request.path)
        outgoing.method = request.method
        outgoing.headers.add(name: "Accept", value: "application/json")
        outgoing.headers.add(name: "User-Agent", value: "TokenGateClient")
        if let bearer { outgoing.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(data: body))
        }
        do {
            let response = try await httpClient.execute(outgoing, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let body = try await response.body.collect(upTo: Self.maximumResponseSize)
            return APIResponse(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw .transport("No answer from \(baseURL): \(error).")
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension JSONEncoder {
    /// Snake-case keys and RFC 3339 times, as the contract writes them.
    static var contract: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// Snake-case keys and RFC 3339 times, as the contract writes them.
    static var contract: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

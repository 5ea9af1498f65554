import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Reads and decodes request bodies by the contract's rules: JSON (and, where allowed, forms),
/// at most 64 KiB, with 400 / 413 / 415 / 422 for each way a body can be wrong.
public enum RequestBodyReader {
    /// The largest body accepted, in bytes.
    public static let maximumSize = 64 * 1_024

    /// The body of `request` decoded as `T`.
    ///
    /// `T` should make every field optional, so that a missing field reaches validation (422) rather than the decoder.
    /// - Parameters:
    ///   - acceptsForm: whether `application/x-www-form-urlencoded` is accepted besides JSON.
    ///   - emptyAs: used when the body is empty (with no content type or JSON's); `nil` makes an empty body invalid JSON.
    public static func decode<T: Decodable>(
        _ type: T.Type,
        from request: Request,
        context: some RequestContext,
        acceptsForm: Bool = false,
        emptyAs fallback: T? = nil
    ) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumSize { throw payloadTooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumSize)
        } catch is NIOTooManyBytesError {
            throw payloadTooLarge
        }
        let mediaType = request.headers[.contentType].flatMap { MediaType(from: $0) }
        // Many clients send `Content-Type: application/json` on every POST, with or without a body.
        if buffer.readableBytes == 0, mediaType.map({ $0.isType(.applicationJson) }) ?? true, let fallback { return fallback }
        if let mediaType, mediaType.isType(.applicationUrlEncoded) {
            guard acceptsForm else { throw unsupportedMediaType(acceptsForm: false) }
            return try decodeForm(type, from: String(buffer: buffer))
        }
        if let mediaType, !mediaType.isType(.applicationJson) { throw unsupportedMediaType(acceptsForm: acceptsForm) }
        return try decodeJSON(type, from: buffer)
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        if DuplicateKeyCheck.hasDuplicateKey(in: buffer) {
            throw APIError(.badRequest, code: "invalid_json", message: "The body names one key twice in an object.")
        }
        do {
            return try JSONDecoder().decode(type, from: buffer)
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw APIError.validationFailed([fieldName(context.codingPath): "has the wrong type"])
        } catch DecodingError.valueNotFound(_, let context) where !context.codingPath.isEmpty {
            throw APIError.validationFailed([fieldName(context.codingPath): "must not be null"])
        } catch DecodingError.keyNotFound(let key, let context) {
            throw APIError.validationFailed([fieldName(context.codingPath + [key]): "is required"])
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: "The body must be a JSON object.")
        }
    }

    static func decodeForm<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        do {
            return try URLEncodedFormDecoder().decode(type, from: text)
        } catch {
            throw APIError(.badRequest, code: "invalid_form", message: "The form body could not be read.")
        }
    }

    private static func fieldName(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static let payloadTooLarge = APIError(
        .contentTooLarge,
        code: "payload_too_large",
        message: "The request body is larger than \(maximumSize / 1_024) KiB."
    )

    private static func unsupportedMediaType(acceptsForm: Bool) -> APIError {
        APIError(
            .unsupportedMediaType,
            code: "unsupported_media_type",
            message: acceptsForm
                ? "Send the body as application/json or application/x-www-form-urlencoded."
                : "Send the body as application/json."
        )
    }
}

import Fluent
import Vapor

/// Turns every error into a clear answer: structured JSON under `/api`, a page in the user's
/// language elsewhere. Unexpected errors are logged with the request id and shown as a generic
/// 500 without internals.
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        if let redirect = error as? Redirect {
            return request.redirect(to: redirect.location, redirectType: .normal)
        }
        let (status, code, key, fields) = classify(error, request: request)
        let lang = request.lang
        if request.isAPI {
            let body = APIErrorBody(error: .init(
                code: code, message: lang.t(key),
                fields: fields.isEmpty ? nil : fields.map { .init(field: $0.field, message: Catalog.text($0.key, lang, $0.args)) }))
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        let page = ErrorPage(status: status, message: lang.t(key), fields: fields.map { Catalog.text($0.key, lang, $0.args) },
                             path: request.url.path)
        return Layout.response(page.render(PageContext(request)), status: status)
    }

    private func classify(_ error: any Error, request: Request) -> (HTTPResponseStatus, String, String, [FieldProblem]) {
        switch error {
        case let error as AppError:
            if case .validation(let fields) = error { return (error.status, error.code, error.messageKey, fields) }
            return (error.status, error.code, error.messageKey, [])
        case let error as any DatabaseError where error.isConstraintFailure:
            // A race the validation could not see (two requests creating the same code): a
            // conflict for the user to retry, not a server error.
            return (.conflict, "conflict", "error.conflict", [])
        case let error as DecodingError:
            return (.badRequest, "bad_request", "error.malformedBody", [FieldProblem(field: error.fieldPath, key: "error.fieldInvalid")])
        case let abort as any AbortError:
            switch abort.status {
            case .notFound: return (.notFound, "not_found", "error.notFound", [])
            case .unauthorized: return (.unauthorized, "unauthorized", "error.unauthorized", [])
            case .forbidden: return (.forbidden, "forbidden", "error.forbidden", [])
            case .payloadTooLarge: return (.payloadTooLarge, "payload_too_large", "error.payloadTooLarge", [])
            case .unsupportedMediaType: return (.unsupportedMediaType, "unsupported_media_type", "error.malformedBody", [])
            case .methodNotAllowed: return (.methodNotAllowed, "method_not_allowed", "error.methodNotAllowed", [])
            case let status where status.code < 500:
                return (status, "bad_request", "error.malformedBody", [])
            default: break
            }
        default: break
        }
        request.logger.error("Unhandled error: \(String(reflecting: error))")
        return (.internalServerError, "internal_error", "error.internal", [])
    }
}

extension DecodingError {
    var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        @unknown default: path = []
        }
        return path.map(\.stringValue).joined(separator: ".")
    }
}

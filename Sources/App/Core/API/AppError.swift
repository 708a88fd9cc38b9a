import Vapor

/// One field that failed validation; `message` is a catalog key until it is rendered.
struct FieldProblem: Sendable, Equatable {
    let field: String
    let key: String
    var args: [String] = []
}

/// Errors the app raises on purpose. Each maps to a status, a stable machine code for the API,
/// and a catalog message for people.
enum AppError: Error, Sendable, Equatable {
    case validation([FieldProblem])
    case notFound
    case forbidden
    case unauthorized
    case conflict(key: String)
    case badRequest(key: String)
    case tooManyRequests(key: String)
    case payloadTooLarge

    var status: HTTPResponseStatus {
        switch self {
        case .validation: .unprocessableEntity
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .unauthorized: .unauthorized
        case .conflict: .conflict
        case .badRequest: .badRequest
        case .tooManyRequests: .tooManyRequests
        case .payloadTooLarge: .payloadTooLarge
        }
    }

    var code: String {
        switch self {
        case .validation: "validation_failed"
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .unauthorized: "unauthorized"
        case .conflict: "conflict"
        case .badRequest: "bad_request"
        case .tooManyRequests: "too_many_requests"
        case .payloadTooLarge: "payload_too_large"
        }
    }

    var messageKey: String {
        switch self {
        case .validation: "error.validation"
        case .notFound: "error.notFound"
        case .forbidden: "error.forbidden"
        case .unauthorized: "error.unauthorized"
        case .conflict(let key), .badRequest(let key), .tooManyRequests(let key): key
        case .payloadTooLarge: "error.payloadTooLarge"
        }
    }

    static func invalid(_ field: String, _ key: String, _ args: String...) -> AppError {
        .validation([FieldProblem(field: field, key: key, args: args)])
    }
}

/// The JSON body of every API error.
struct APIErrorBody: Content {
    struct Field: Content { let field: String; let message: String }
    struct Detail: Content {
        let code: String
        let message: String
        let fields: [Field]?
    }
    let error: Detail
}

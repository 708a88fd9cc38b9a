import NIOConcurrencyHelpers
import Vapor

/// What the OpenAPI document says of a response body.
enum APIBody: Sendable {
    case none
    case object(String)
    case array(String)
    case page(String)
}

struct APIParameter: Sendable {
    let name: String
    let type: String   // "string" | "integer"
    let description: String
}

/// One documented API operation; registering a route through `apiEndpoint` records one.
struct APIOperation: Sendable {
    let method: HTTPMethod
    let path: String          // OpenAPI form: /api/v1/units/{id}
    let summary: String
    let tag: String
    let access: Access
    let request: String?
    let response: APIBody
    let successStatus: Int
    let query: [APIParameter]
}

final class APIRegistry: Sendable {
    private let storage = NIOLockedValueBox<[APIOperation]>([])
    var operations: [APIOperation] { storage.withLockedValue { $0 } }
    func add(_ operation: APIOperation) { storage.withLockedValue { $0.append(operation) } }
}

extension Application {
    private struct RegistryKey: StorageKey { typealias Value = APIRegistry }

    var apiRegistry: APIRegistry {
        if let registry = storage[RegistryKey.self] { return registry }
        let registry = APIRegistry()
        storage[RegistryKey.self] = registry
        return registry
    }

    /// Registers an API route with its policy and records it for the OpenAPI document.
    @discardableResult
    func apiEndpoint<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: String, _ access: Access,
        summary: String, tag: String, request: String? = nil, response: APIBody, status: Int = 200,
        query: [APIParameter] = [],
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let components = path.pathComponents
        let openAPIPath = "/" + components.map { component -> String in
            if case .parameter(let name) = component { return "{\(name)}" }
            return component.description
        }.joined(separator: "/")
        apiRegistry.add(APIOperation(method: method, path: openAPIPath, summary: summary, tag: tag, access: access,
                                     request: request, response: response, successStatus: status, query: query))
        return endpoint(method, components, access, use: handler)
    }
}

/// A page of results as every list endpoint returns it.
struct APIPage<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let perPage: Int
    let total: Int
}

enum APIResponse {
    /// 201 with the created resource, or 404 when it cannot be read back in the caller's scope.
    static func created(_ body: (some Content)?) async throws -> Response {
        guard let body else { throw AppError.notFound }
        let response = Response(status: .created)
        try response.content.encode(body, as: .json)
        return response
    }
}

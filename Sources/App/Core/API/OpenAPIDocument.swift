import Foundation

/// Builds the OpenAPI 3 document from the registered operations and the schema catalog.
enum OpenAPIDocument {
    static func build(from registry: APIRegistry) throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in registry.operations {
            var entry: [String: Any] = [
                "summary": operation.summary,
                "tags": [operation.tag],
                "operationId": operationID(operation),
                "responses": responses(operation),
            ]
            var parameters: [[String: Any]] = []
            for name in pathParameters(operation.path) {
                parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "integer"]])
            }
            for parameter in operation.query {
                parameters.append(["name": parameter.name, "in": "query", "required": false,
                                   "description": parameter.description, "schema": ["type": parameter.type]])
            }
            if !parameters.isEmpty { entry["parameters"] = parameters }
            if let request = operation.request {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(request)]]]
            }
            if operation.access == .anyone { entry["security"] = [[String: Any]]() }
            if case .roles(let roles) = operation.access {
                entry["description"] = "Roles: " + roles.map(\.rawValue).sorted().joined(separator: ", ")
            }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.0.3",
            "info": ["title": "Yingshang API", "version": "1.0.0",
                     "description": "JSON API of the Yingshang business-environment platform. Authenticate with `Authorization: Bearer ys_…` (tokens are created on the account page)."],
            "servers": [["url": "/"]],
            "paths": paths,
            "security": [["bearer": [String]()]],
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": APISchemas.all,
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    private static func operationID(_ operation: APIOperation) -> String {
        let words = operation.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { part -> String in
            part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : part.split(separator: "-").map(\.capitalized).joined()
        }
        return operation.method.rawValue.lowercased() + words.joined()
    }

    private static func responses(_ operation: APIOperation) -> [String: Any] {
        var responses: [String: Any] = [:]
        let success: [String: Any]
        switch operation.response {
        case .none: success = ["description": "Done"]
        case .object(let name): success = ["description": "OK", "content": ["application/json": ["schema": ref(name)]]]
        case .array(let name): success = ["description": "OK", "content": ["application/json": ["schema": ["type": "array", "items": ref(name)]]]]
        case .page(let name):
            success = ["description": "OK", "content": ["application/json": ["schema": [
                "type": "object", "required": ["items", "page", "perPage", "total"],
                "properties": ["items": ["type": "array", "items": ref(name)], "page": ["type": "integer"],
                               "perPage": ["type": "integer"], "total": ["type": "integer"]],
            ]]]]
        }
        responses[String(operation.successStatus)] = success
        let error: [String: Any] = ["content": ["application/json": ["schema": ref("Error")]]]
        func add(_ code: Int, _ description: String) { responses[String(code)] = error.merging(["description": description]) { a, _ in a } }
        add(400, "Malformed request")
        if operation.access != .anyone { add(401, "Not signed in"); add(403, "Not allowed") }
        if operation.path.contains("{") { add(404, "Not found") }
        if operation.request != nil { add(422, "Validation failed"); add(409, "Conflict") }
        return responses
    }
}

import Fluent
import SQLKit
import Vapor

/// Liveness (process answers, no database) and readiness (database answers) for load balancers,
/// and the OpenAPI document.
struct SystemController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.live.pathComponents, .anyone, use: live)
        app.endpoint(.GET, SiteURL.health.pathComponents, .anyone, use: health)
        app.apiEndpoint(.GET, "/api/openapi.json", .anyone, summary: "This OpenAPI document", tag: "System", response: .none, use: openAPI)
    }

    @Sendable func live(_ req: Request) async throws -> Response {
        Response(status: .ok, body: "ok")
    }

    @Sendable func health(_ req: Request) async throws -> Response {
        _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
        return Response(status: .ok, body: "ok")
    }

    @Sendable func openAPI(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: try OpenAPIDocument.build(from: req.application.apiRegistry)))
        response.headers.contentType = .json
        return response
    }
}

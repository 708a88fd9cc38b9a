@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Tasks API")
struct TasksAPITests {
    @Test func theDispatchCycleThroughTheAPI() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let office = APIClient(app: app, token: try await APIClient.token(app, for: world.office))
            let body = """
                {"code":"01-01","title":"推行企业开办全程网办","measures":"一网通办","source":"province","domainID":\(world.domain),
                 "leadUnitID":\(world.org.department),"responsibleUnitIDs":[\(world.org.district)],"outputs":["system"],"deadline":"2026-12-31",
                 "milestones":[{"due":"2026-06-30","title":"上线"}],"isKey":true,"isPublic":true,"isTest":false,"rollup":"weight"}
                """
            var response = try await office.send(.POST, "/api/v1/plans/\(world.plan)/tasks", json: body.replacingOccurrences(of: "2026-06-30", with: "2027-06-30"))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("milestones"))
            response = try await office.send(.POST, "/api/v1/plans/\(world.plan)/tasks", json: body)
            #expect(response.status == .created)
            let task = try response.content.decode(TaskDetail.self)
            #expect(task.row.status == "draft" && task.milestones.count == 1)
            response = try await office.send(.POST, "/api/v1/tasks/\(task.row.id)/dispatch", json: "{}")
            #expect(try response.content.decode(TasksAPIController.Dispatched.self).orders == 2)

            let staff = APIClient(app: app, token: try await APIClient.token(app, for: world.leadStaff))
            response = try await staff.send(.GET, "/api/v1/orders?box=to_sign")
            let page = try response.content.decode(APIPage<OrderRow>.self)
            #expect(page.total == 1 && page.items[0].unitID == world.org.department)
            let orderID = page.items[0].id
            // A filter that names no choice is refused, naming the field.
            for (field, value) in [("light", "purple"), ("box", "nowhere"), ("status", "lost")] {
                let refused = try await staff.send(.GET, "/api/v1/orders?\(field)=\(value)")
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("\"\(field)\""), "\(field)")
            }
            response = try await staff.send(.POST, "/api/v1/orders/\(orderID)/actions", json: #"{"action":"verify_completion"}"#)
            #expect(response.status == .conflict)
            response = try await staff.send(.POST, "/api/v1/orders/\(orderID)/actions", json: #"{"action":"sign"}"#)
            #expect(try response.content.decode(OrderRow.self).status == "in_progress")
            response = try await staff.send(.POST, "/api/v1/orders/\(orderID)/reports", json: #"{"month":"2026-06","body":"已上线","percent":60,"submit":true}"#)
            #expect(response.status == .created)
            let report = try response.content.decode(ReportRow.self)
            #expect(report.status == "pending_head")
            // The office cannot accept before the unit head approves: the state machine answers 409.
            response = try await office.send(.POST, "/api/v1/reports/\(report.id)/actions", json: #"{"action":"accept"}"#)
            #expect(response.status == .conflict)
            response = try await office.send(.POST, "/api/v1/reports/\(report.id)/actions", json: #"{"action":"nonsense"}"#)
            #expect(response.status == .unprocessableEntity)

            // Another unit sees none of it.
            let outsider = APIClient(app: app, token: try await APIClient.token(app, for: world.outsider))
            #expect(try await outsider.send(.GET, "/api/v1/orders/\(orderID)").status == .notFound)
            #expect(try await outsider.send(.GET, "/api/v1/orders/\(orderID)/reports").status == .notFound)
            #expect(try await outsider.send(.GET, "/api/v1/tasks/\(task.row.id)").status == .notFound)
            #expect(try await outsider.send(.GET, "/api/v1/orders").content.decode(APIPage<OrderRow>.self).total == 0)

            response = try await office.send(.GET, "/api/v1/plans/\(world.plan)/tasks?light=purple")
            #expect(response.status == .unprocessableEntity)
            response = try await office.send(.GET, "/api/v1/plans/\(world.plan)/statistics")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("计分规则"))
            let openAPI = try await office.send(.GET, "/api/openapi.json")
            for path in ["/api/v1/plans/{id}/tasks", "/api/v1/orders/{id}/actions", "/api/v1/reports/{id}/actions", "/api/v1/plans/{id}/statistics"] {
                #expect(openAPI.body.string.contains(path), "\(path) undocumented")
            }
        }
    }
}

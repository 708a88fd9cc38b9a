@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Leader cockpit and instructions")
struct CockpitTests {
    @Test func aLeaderSeesTheirTaskForcesAndTheirInstructionReachesTheUnits() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let group = try await WorkGroupService(db: app.db).create(
                WorkGroupInput(kind: "task_force", name: "开办企业专班", leaderUserID: world.leader, leadUnitID: world.org.department,
                               memberUnitIDs: [world.org.district]), by: .system("test"))
            var input = world.input()
            input.workGroupID = group
            let (task, _, _) = try await world.dispatchedTask(app, input)
            var leader = Browser(app)
            try await leader.login("leader")
            var response = try await leader.get("/cockpit")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("开办企业专班"))
            #expect(response.body.string.contains("<svg"))
            response = try await leader.get("/tasks/\(task)")
            #expect(response.body.string.contains("发送批示"))
            response = try await leader.post("/tasks/\(task)/instructions", form: [("text", "  ")])
            #expect(response.status == .seeOther)
            #expect(try await TaskInstruction.query(on: app.db).count() == 0)
            response = try await leader.post("/tasks/\(task)/instructions", form: [("text", "请加快进度，月底前完成系统上线")])
            #expect(response.status == .seeOther)
            let notices = try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.districtStaff).all()
            #expect(notices.contains { $0.body.contains("请加快进度") })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "task.instruct").count() == 1)
            var staff = Browser(app)
            try await staff.login("district.staff")
            response = try await staff.get("/tasks/\(task)")
            #expect(response.body.string.contains("请加快进度，月底前完成系统上线"))
            #expect(!response.body.string.contains("发送批示"))
        }
    }
}

@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Leader cockpit and instructions")
struct CockpitTests {
    @Test func eachGroupGetsItsOwnLightsTrendAndAttentionList() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            var forces: [Int] = []
            for name in ["开办企业专班", "纳税服务专班"] {
                forces.append(try await WorkGroupService(db: app.db).create(
                    WorkGroupInput(kind: "task_force", name: name, leaderUserID: world.leader, leadUnitID: world.org.department,
                                   memberUnitIDs: [world.org.district]), by: .system("test")))
            }
            // First force: one task past its June milestone. Second: the same, and one due in September.
            var late = world.input("01-01", title: "开办逾期任务")
            late.workGroupID = forces[0]
            _ = try await world.dispatchedTask(app, late)
            late = world.input("01-02", title: "纳税逾期任务")
            late.workGroupID = forces[1]
            _ = try await world.dispatchedTask(app, late)
            var onTime = world.input("01-03", title: "纳税按期任务")
            onTime.workGroupID = forces[1]
            onTime.milestones = [.init(due: "2026-09-30", title: "全面推行")]
            _ = try await world.dispatchedTask(app, onTime)
            let july = DemoPlan.instant(CivilDate("2026-07-10")!, hour: 10)
            let clock = TaskClock(calendar: TaskWorld.calendar, now: july, dueSoonDays: 5)
            let cycles = DispatchCycleService(db: app.db)
            let cycle = try await cycles.open(planID: world.plan, month: "2026-07", deadline: "2026-07-25", note: "", by: world.actor(world.office), now: july)
            try await cycles.perform(.close, cycleID: cycle, by: world.actor(world.office), clock: clock)
            try await cycles.perform(.publish, cycleID: cycle, by: world.actor(world.office), clock: clock)

            let groups = try await CockpitService(db: app.db).groups(for: try await world.principal(app, world.leader), clock: clock)
            #expect(groups.map(\.name) == ["我负责的任务", "开办企业专班", "纳税服务专班"])
            let (mine, first, second) = (groups[0], groups[1], groups[2])
            #expect(mine.lights == [.red: 2, .green: 1])
            #expect(first.lights == [.red: 1] && second.lights == [.red: 1, .green: 1])
            #expect(first.attention.map(\.title) == ["开办逾期任务"] && second.attention.map(\.title) == ["纳税逾期任务"])
            #expect(first.trend.map(\.month) == ["2026-07"] && first.trend.map(\.overdue) == [1])
            #expect(second.trend.map(\.overdue) == [1])
            // The office sees every force and no "my tasks".
            let office = try await CockpitService(db: app.db).groups(for: try await world.principal(app, world.office), clock: clock)
            #expect(office.map(\.name) == ["开办企业专班", "纳税服务专班"])
            #expect(office.map { $0.lights } == [first.lights, second.lights])
        }
    }

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

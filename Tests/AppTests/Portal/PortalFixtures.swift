@testable import App
import Fluent
import Foundation
import SQLKit
import Vapor

/// A published plan with a public task, an internal task and a test task; an unpublished plan
/// with a public task; and a city leader with a name that must never reach the portal.
struct PortalWorld: Sendable {
    let tasks: TaskWorld
    let publicTask: Int
    let internalTask: Int
    let testTask: Int
    let hiddenPlan: Int
    let hiddenPlanTask: Int

    static let leaderName = "李卫国"
    static let hiddenPlanTitle = "二〇二六年内部工作方案"

    static func make(_ app: Application) async throws -> PortalWorld {
        let world = try await TaskWorld.make(app)
        let leader = try await UserService(db: app.db, hasher: app.passwordHasher).create(
            UserInput(username: "portal.leader", displayName: leaderName, unitID: world.org.city, roles: [Role.leader.rawValue],
                      password: TestData.password), by: .system("test"), passwordIsOwn: true).id
        let plans = PlanService(db: app.db)
        try await plans.update(world.plan, PlanInput(title: "测试市优化营商环境实施方案", year: 2026, summary: "全市一号工程任务清单",
                                                     domains: ["开办企业", "纳税"], signDays: 3, published: true), by: .system("test"))
        var open = world.input("01-01", title: "推行企业开办全程网办")
        open.leaderID = leader
        let publicTask = try await world.createTask(app, open)
        var closed = world.input("01-02", title: "内部研究任务甲")
        closed.isPublic = false
        let internalTask = try await world.createTask(app, closed)
        var test = world.input("01-03", title: "测试任务乙")
        test.isTest = true
        let testTask = try await world.createTask(app, test)
        let hiddenPlan = try await plans.create(PlanInput(title: hiddenPlanTitle, year: 2026, domains: ["政务服务"], signDays: 3), by: .system("test"))
        let hiddenDomain = try await plans.domains(of: hiddenPlan)[0].id
        var elsewhere = world.input("09-01", title: "未公开方案中的任务丙")
        elsewhere.domainID = hiddenDomain
        let hiddenPlanTask = try await TaskService(db: app.db).create(elsewhere, planID: hiddenPlan, by: .system("test"))
        return PortalWorld(tasks: world, publicTask: publicTask, internalTask: internalTask, testTask: testTask, hiddenPlan: hiddenPlan,
                           hiddenPlanTask: hiddenPlanTask)
    }

    static func publish(_ app: Application, task: Int, month: String, progress: Int, status: TaskStatus = .dispatched, light: TaskLight = .green,
                        at date: Date) async throws {
        // A published month of the task's plan, as monthly dispatch leaves it.
        let plan = try await ReformTask.find(task, on: app.db)!.$plan.id
        let cycle = DispatchCycle()
        cycle.$plan.id = plan
        cycle.month = month
        cycle.status = .published
        cycle.deadline = month + "-25"
        cycle.deadlineAt = date
        cycle.openedAt = date
        cycle.publishedAt = date
        cycle.note = ""
        try await cycle.create(on: app.db)
        try await app.db.sql.raw("""
            INSERT INTO published_task_progress (cycle_id, task_id, month, progress, status, light, published_at)
            VALUES (\(bind: cycle.id!), \(bind: task), \(bind: month), \(bind: progress), \(bind: status.rawValue), \(bind: light.rawValue), \(bind: date))
            """).run()
    }
}

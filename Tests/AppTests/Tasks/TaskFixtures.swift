@testable import App
import Fluent
import Foundation
import Vapor

/// A plan with one task, and the people who work on it: the office, a leader, staff and heads of
/// the lead department and of a district, and staff of a department with nothing to do with it.
struct TaskWorld: Sendable {
    let org: TestData.Org
    let plan: Int
    let domain: Int
    let office: Int
    let leader: Int
    let leadStaff: Int
    let leadHead: Int
    let districtStaff: Int
    let districtHead: Int
    let outsider: Int

    static let calendar = WorkCalendar(entries: WorkCalendarStore.shipped)
    /// A Monday with no holiday near it.
    static let monday = Date(timeIntervalSince1970: 1_779_062_400) // 2026-05-18 00:00 UTC = 08:00 Beijing

    static func make(_ app: Application) async throws -> TaskWorld {
        let org = try await TestData.org(app)
        let office = try await TestData.user(app, "office", roles: [.office], unit: org.city)
        let leader = try await TestData.user(app, "leader", roles: [.leader], unit: org.city)
        let leadStaff = try await TestData.user(app, "lead.staff", roles: [.unitStaff], unit: org.department)
        let leadHead = try await TestData.user(app, "lead.head", roles: [.unitHead], unit: org.department)
        let districtStaff = try await TestData.user(app, "district.staff", roles: [.unitStaff], unit: org.district)
        let districtHead = try await TestData.user(app, "district.head", roles: [.unitHead], unit: org.district)
        let outsider = try await TestData.user(app, "outsider", roles: [.unitStaff, .unitHead], unit: org.otherDepartment)
        let plan = try await PlanService(db: app.db).create(PlanInput(title: "测试市优化营商环境实施方案", year: 2026, domains: ["开办企业", "纳税"], signDays: 3),
                                                            by: .system("test"))
        let domain = try await PlanService(db: app.db).domains(of: plan)[0].id
        return TaskWorld(org: org, plan: plan, domain: domain, office: office, leader: leader, leadStaff: leadStaff, leadHead: leadHead,
                         districtStaff: districtStaff, districtHead: districtHead, outsider: outsider)
    }

    func input(_ code: String = "01-01", title: String = "推行企业开办全程网办", parent: Int? = nil, weight: Int? = nil,
               responsible: [Int]? = nil) -> TaskInput {
        TaskInput(code: code, title: title, measures: "压缩开办时间至1个工作日内", source: "province", domainID: domain, parentID: parent,
                  leadUnitID: org.department, responsibleUnitIDs: responsible ?? [org.district], leaderID: leader, outputs: ["system"],
                  deadline: "2026-12-31",
                  milestones: [.init(due: "2026-06-30", title: "系统上线试运行"), .init(due: "2026-09-30", title: "全面推行")],
                  weight: weight)
    }

    func createTask(_ app: Application, _ input: TaskInput? = nil) async throws -> Int {
        try await TaskService(db: app.db).create(input ?? self.input(), planID: plan, by: .system("test"))
    }

    /// Creates and dispatches a task; returns it with its lead order and district order.
    func dispatchedTask(_ app: Application, _ input: TaskInput? = nil, now: Date = TaskWorld.monday) async throws -> (task: Int, lead: Int, district: Int) {
        let task = try await createTask(app, input)
        try await DispatchService(db: app.db).dispatch(taskID: task, by: .system("test"), now: now, calendar: Self.calendar)
        let orders = try await WorkOrder.query(on: app.db).filter(\.$task.$id == task).all()
        let lead = orders.first { $0.$unit.id == org.department }!.id!
        let district = orders.first { $0.$unit.id == org.district }!.id!
        return (task, lead, district)
    }

    static func principalOf(_ app: Application, _ username: String) async throws -> Principal {
        try await Principal.of(try await User.query(on: app.db).filter(\.$username == username).first()!, on: app.db)
    }

    func principal(_ app: Application, _ userID: Int) async throws -> Principal {
        let user = try await User.find(userID, on: app.db)!
        return try await Self.principalOf(app, user.username)
    }

    func actor(_ userID: Int) -> AuditActor { AuditActor(id: userID, name: "u\(userID)", address: "test") }
}

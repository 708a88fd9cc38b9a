@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Task import and export")
struct TaskImportTests {
    static let header: [Cell] = TaskImport.columns.map { .text($0.zh) }

    static func row(_ code: String, parent: String = "", title: String, lead: String = "市市场监管局", responsible: String = "",
                    deadline: String = "2026-12-31", milestones: String = "", key: String = "否") -> [Cell] {
        [.text(code), .text(parent), .text("开办企业"), .text(title), .text("举措"), .text("省方案认领"), .text(lead), .text(responsible),
         .text(""), .text(""), .text("政策文件"), .text(deadline), .text(milestones), .text(key), .text("是"), .text("否"), .text("1")]
    }

    @Test func everyBadRowIsReportedWithRowColumnAndReasonAndNothingIsWritten() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            _ = try await world.createTask(app)   // 01-01 推行企业开办全程网办, lead = the department
            let cells: [[Cell]] = [
                Self.header,
                Self.row("02-01", title: "优化银行开户服务", responsible: "东区、西区"),
                Self.row("02-02", title: "推行企业开办全程网办"),                       // same title and lead as the stored task
                Self.row("02-03", title: "优化银行开户服务"),                           // same as row 2
                Self.row("02-04", title: "未知单位任务", lead: "不存在的局"),
                Self.row("02-05", title: "日期有误", deadline: "2026-02-30"),
                Self.row("02-06", title: "节点晚于时限", deadline: "2026-06-30", milestones: "2026-09-30:完成"),
                Self.row("02-07", parent: "99", title: "找不到上级"),
                Self.row("02-01", title: "编号重复"),
                Self.row("02-08", title: "是否有误", key: "也许"),
            ]
            let report = try await TaskImport(db: app.db).check(cells, planID: world.plan)
            #expect(report.totalRows == 9)
            #expect(report.valid.map(\.code) == ["02-01"])
            #expect(report.valid[0].input.responsibleUnitIDs == [world.org.district, world.org.otherDistrict])
            let found = Set(report.problems.map { "\($0.row)|\($0.column)|\($0.key)" })
            for expected in ["3|任务名称|import.duplicateTask", "4|任务名称|import.duplicateTaskInFile", "5|牵头单位|import.unknownUnit",
                             "6|完成时限|validation.date", "7|月度节点|task.milestoneAfterDeadline", "8|上级编号|import.unknownParentTask",
                             "9|编号|import.duplicateInFile", "10|重点任务|import.yesNo"] {
                #expect(found.contains(expected), "missing \(expected) in \(found)")
            }
            #expect(try await ReformTask.query(on: app.db).count() == 1)
        }
    }

    @Test func parentsMayFollowTheirChildrenAndTheTreeIsBuilt() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let cells: [[Cell]] = [
                Self.header,
                Self.row("03-01-1", parent: "03-01", title: "电子营业执照全场景应用", milestones: "2026-06-30:试点；2026-09-30:推广"),
                Self.row("03-01", title: "深化商事制度改革", responsible: "D02"),
                Self.row("03-01-2", parent: "03-01", title: "简易注销改革", deadline: "2026-10-31"),
            ]
            let report = try await TaskImport(db: app.db).check(cells, planID: world.plan)
            #expect(report.problems.isEmpty, "\(report.problems)")
            let created = try await TaskImport(db: app.db).apply(report.valid, planID: world.plan, filename: "plan.xlsx", by: .system("test"))
            #expect(created == 3)
            let parent = try #require(try await ReformTask.query(on: app.db).filter(\.$code == "03-01").first())
            let child = try #require(try await ReformTask.query(on: app.db).filter(\.$code == "03-01-1").first())
            #expect(child.$parent.id == parent.id)
            #expect(child.path == UnitPath.child(of: parent.path, id: child.id!))
            #expect(child.depth == 1 && parent.depth == 0)
            #expect(try await TaskService(db: app.db).milestones(of: child.id!).map(\.due) == ["2026-06-30", "2026-09-30"])
            let units = try await TaskUnit.query(on: app.db).filter(\.$task.$id == parent.id!).all().map(\.$unit.id)
            #expect(Set(units) == [world.org.department, world.org.otherDepartment])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "task.import").count() == 1)
            // Importing the same file again finds every row already there.
            let again = try await TaskImport(db: app.db).check(cells, planID: world.plan)
            #expect(again.valid.isEmpty && again.problemRowCount == 3)
        }
    }

    @Test func anExportedLedgerImportsIntoAnotherPlanThroughTheBrowser() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let parent = try await world.createTask(app, world.input("05", title: "提升开办便利度"))
            _ = try await world.createTask(app, world.input("05-1", title: "推行一网通办", parent: parent, weight: 2))
            _ = try await world.createTask(app, world.input("05-2", title: "推行银行预约开户", parent: parent, weight: 1, responsible: []))
            var office = Browser(app)
            try await office.login("office")
            let exported = try await office.get("/plans/\(world.plan)/export")
            #expect(exported.status == .ok)
            #expect(exported.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let xlsx = Data(buffer: exported.body)
            let csv = try await office.get("/plans/\(world.plan)/export?format=csv")
            #expect(csv.body.string.contains("推行银行预约开户"))

            let target = try await PlanService(db: app.db).create(PlanInput(title: "另一个方案", year: 2027, domains: ["开办企业"]), by: .system("test"))
            try await office.get("/plans/\(target)/import")
            var response = try await office.postMultipart("/plans/\(target)/import", fields: [], files: [("file", "台账.xlsx", xlsx)])
            #expect(response.status == .ok)
            #expect(response.body.string.contains("有效 3 行"))
            let draft = try #require(try await ImportDraft.query(on: app.db).first()?.id)
            #expect(try await ReformTask.query(on: app.db).filter(\.$plan.$id == target).count() == 0)
            response = try await office.post("/plans/\(target)/import/confirm", form: [("draft", draft)])
            #expect(response.status == .seeOther)
            let copied = try await ReformTask.query(on: app.db).filter(\.$plan.$id == target).sort(\.$path).all()
            let original = try await ReformTask.query(on: app.db).filter(\.$plan.$id == world.plan).sort(\.$path).all()
            #expect(copied.map(\.code) == original.map(\.code))
            #expect(copied.map(\.title) == original.map(\.title))
            #expect(copied.map(\.weight) == original.map(\.weight))
            #expect(copied.map(\.deadline) == original.map(\.deadline))
            #expect(copied.map { $0.$leadUnit.id } == original.map { $0.$leadUnit.id })
            #expect(copied[1].$parent.id == copied[0].id)
            let copiedMilestones = try await TaskService(db: app.db).milestones(of: copied[1].id!).map { "\($0.due) \($0.title)" }
            let originalMilestones = try await TaskService(db: app.db).milestones(of: original[1].id!).map { "\($0.due) \($0.title)" }
            #expect(copiedMilestones == originalMilestones && !copiedMilestones.isEmpty)
        }
    }

    @Test func aFileThatIsNotASpreadsheetIsRefusedWithAMessage() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            var office = Browser(app)
            try await office.login("office")
            try await office.get("/plans/\(world.plan)/import")
            let response = try await office.postMultipart("/plans/\(world.plan)/import", fields: [], files: [("file", "plan.xlsx", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]))])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("flash-error"))
        }
    }
}

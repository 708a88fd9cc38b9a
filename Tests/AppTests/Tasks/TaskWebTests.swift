@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The dispatch cycle as people do it in the browser: plan, task, dispatch, sign, report with
/// evidence, approve, review; and what other units may not see.
@Suite("Task dispatch through the web UI")
struct TaskWebTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    @Test func theWholeCycleInTheBrowser() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            var office = Browser(app)
            try await office.login("office")

            // A plan through the form; a bad one first.
            var response = try await office.post("/plans", form: [("title", ""), ("year", "2026"), ("domains", "开办企业\n开办企业")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("领域名称不能重复"))
            response = try await office.post("/plans", form: [("title", "二〇二六年行动方案"), ("year", "2026"), ("domains", "开办企业\n纳税"), ("signDays", "3")])
            #expect(response.status == .seeOther)
            let planPath = try #require(response.headers.first(name: .location))
            let planID = try #require(Int(planPath.split(separator: "/").last!))
            let domain = try await PlanService(db: app.db).domains(of: planID)[0].id

            // A task with mistakes: each is named on the form, nothing is stored.
            var fields: [(String, String)] = [
                ("code", "01-01"), ("title", "推行企业开办一网通办"), ("measures", "全程网上办理"), ("source", "province"), ("domainID", String(domain)),
                ("leadUnitID", String(world.org.department)), ("responsibleUnitIDs", String(world.org.district)), ("leaderID", String(world.leader)),
                ("outputs", "system"), ("deadline", "2026-12-31"), ("milestoneDue", "2027-01-15"), ("milestoneTitle", "上线"),
                ("milestoneDue", ""), ("milestoneTitle", ""), ("isPublic", "1"), ("rollup", "weight"),
            ]
            response = try await office.post("/plans/\(planID)/tasks/new", form: fields)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("第 1 个节点晚于完成时限"))
            #expect(try await ReformTask.query(on: app.db).count() == 0)
            fields[10] = ("milestoneDue", "2026-06-30")
            response = try await office.post("/plans/\(planID)/tasks/new", form: fields)
            #expect(response.status == .seeOther)
            let taskID = try #require(try await ReformTask.query(on: app.db).first()?.id)
            response = try await office.get("/plans/\(planID)")
            #expect(response.body.string.contains("推行企业开办一网通办"))

            response = try await office.post("/tasks/\(taskID)/dispatch")
            #expect(response.status == .seeOther)
            let order = try #require(try await WorkOrder.query(on: app.db).filter(\.$unit.$id == world.org.department).first())
            let orderID = try order.requireID()

            // The lead unit's staff sign and report with evidence.
            var staff = Browser(app)
            try await staff.login("lead.staff")
            response = try await staff.get("/orders")
            #expect(response.body.string.contains("推行企业开办一网通办"))
            response = try await staff.get("/orders/\(orderID)")
            #expect(response.status == .ok)
            response = try await staff.post("/orders/\(orderID)/action", form: [("action", "sign")])
            #expect(response.status == .seeOther)
            try await staff.get("/orders/\(orderID)")
            response = try await staff.postMultipart("/orders/\(orderID)/reports",
                                                     fields: [("month", "2026-06"), ("percent", "50"), ("body", "系统已试运行"), ("submit", "1")],
                                                     files: [("files[]", "说明.exe", Data("MZ\u{0}\u{0}".utf8))])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("不是 PDF、图片或 Office 文档"))
            #expect(try await ProgressReport.query(on: app.db).count() == 0)
            response = try await staff.postMultipart("/orders/\(orderID)/reports",
                                                     fields: [("month", "2026-06"), ("percent", "50"), ("body", "系统已试运行"), ("submit", "1")],
                                                     files: [("files[]", "../../试运行报告.pdf", Self.pdf)])
            #expect(response.status == .seeOther)
            let report = try #require(try await ProgressReport.query(on: app.db).first())
            #expect(report.status == .pendingHead)
            let file = try #require(try await ReportFile.query(on: app.db).first())
            #expect(file.filename == "试运行报告.pdf")
            #expect(file.mime == "application/pdf")

            // The head approves; the office accepts on the review desk.
            var head = Browser(app)
            try await head.login("lead.head")
            try await head.get("/orders/\(orderID)")
            response = try await head.post("/reports/\(report.id!)/action", form: [("action", "approve")])
            #expect(response.status == .seeOther)
            response = try await office.get("/review")
            #expect(response.body.string.contains("系统已试运行"))
            response = try await office.post("/reports/\(report.id!)/action", form: [("action", "accept"), ("back", "review")])
            #expect(response.headers.first(name: .location) == "/review")
            #expect(try await WorkOrder.find(orderID, on: app.db)!.progress == 50)

            // Evidence: the office and the unit download it; another unit gets nothing.
            response = try await office.get("/evidence/\(file.id!)")
            #expect(response.status == .ok && response.body.readableBytes == Self.pdf.count)
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            var outsider = Browser(app)
            try await outsider.login("outsider")
            #expect(try await outsider.get("/evidence/\(file.id!)").status == .notFound)
            #expect(try await outsider.get("/orders/\(orderID)").status == .notFound)
            #expect(try await outsider.get("/tasks/\(taskID)").status == .notFound)
            response = try await outsider.get("/orders?box=all")
            #expect(!response.body.string.contains("推行企业开办一网通办"))
            response = try await outsider.get("/plans/\(planID)")
            #expect(!response.body.string.contains("推行企业开办一网通办"))
            response = try await outsider.post("/orders/\(orderID)/action", form: [("action", "apply_completion"), ("reason", "完成")])
            #expect(response.status == .notFound)
        }
    }

    @Test func theWorkingDayCalendarCanBeExtendedByTheOffice() async throws {
        try await withTestApp { app in
            _ = try await TaskWorld.make(app)
            var office = Browser(app)
            try await office.login("office")
            var response = try await office.get("/admin/calendar?year=2027")
            #expect(response.body.string.contains("2027 年还没有节假日安排"))
            response = try await office.post("/admin/calendar", form: [("from", "2027-10-07"), ("to", "2027-10-01"), ("kind", "holiday"), ("name", "国庆节")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("结束日期不能早于起始日期"))
            response = try await office.post("/admin/calendar", form: [("from", "2027-10-01"), ("to", "2027-10-07"), ("kind", "holiday"), ("name", "国庆节")])
            #expect(response.status == .seeOther)
            response = try await office.post("/admin/calendar", form: [("from", "2027-10-09"), ("kind", "workday"), ("name", "国庆节调休")])
            #expect(response.status == .seeOther)
            let calendar = try await app.workCalendar.current(on: app.db)
            #expect(!calendar.isWorkingDay(CivilDate("2027-10-04")!))
            #expect(calendar.isWorkingDay(CivilDate("2027-10-09")!))
            // Thursday 30 September 2027 + 1 working day: the Friday 8 October.
            #expect(calendar.adding(workingDays: 1, to: CivilDate("2027-09-30")!) == CivilDate("2027-10-08")!)
            response = try await office.get("/admin/calendar?year=2027&start=2027-09-30&days=2")
            #expect(response.body.string.contains("2027-10-09"))
            #expect(!response.body.string.contains("还没有节假日安排"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "calendar.set").count() == 2)
            let entry = try #require(try await CalendarDay.query(on: app.db).filter(\.$day == "2027-10-09").first())
            response = try await office.post("/admin/calendar/\(entry.id!)/delete")
            #expect(response.status == .seeOther)
            #expect(try await app.workCalendar.current(on: app.db).isWorkingDay(CivilDate("2027-10-09")!) == false)
        }
    }
}

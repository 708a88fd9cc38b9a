@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The public portal as a visitor and the office use it: what is shown, what never is, and the
/// path of a suggestion from the form to the page.
@Suite("Public portal")
struct PortalTests {
    @Test func anonymousVisitorsSeePublishedPlansAndPublicTasksOnly() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            try await PortalWorld.publish(app, task: world.publicTask, month: "2026-05", progress: 20, at: TaskWorld.monday)
            try await PortalWorld.publish(app, task: world.publicTask, month: "2026-06", progress: 45, light: .yellow,
                                          at: TaskWorld.monday.addingTimeInterval(30 * 86400))
            var visitor = Browser(app)

            var response = try await visitor.get("/portal")
            #expect(response.status == .ok)
            var body = response.body.string
            #expect(body.contains("测试市优化营商环境实施方案"))
            #expect(body.contains("/css/portal.css"))
            #expect(!body.contains(PortalWorld.hiddenPlanTitle))

            response = try await visitor.get("/portal/plans/\(world.tasks.plan)")
            #expect(response.status == .ok)
            body = response.body.string
            #expect(body.contains("推行企业开办全程网办"))
            #expect(body.contains("测试市市场监督管理局"))
            for hidden in ["内部研究任务甲", "测试任务乙", "未公开方案中的任务丙"] { #expect(!body.contains(hidden), "\(hidden)") }
            // Figures count what the visitor can open: one public task.
            let plan = try #require(try await PortalPlanService(db: app.db).find(world.tasks.plan))
            #expect(plan.taskCount == 1)
            #expect(try await PortalPlanService(db: app.db).list().map(\.id) == [world.tasks.plan])

            // Filters and search narrow the list.
            #expect(try await visitor.get("/portal/plans/\(world.tasks.plan)?q=01-01").body.string.contains("推行企业开办全程网办"))
            body = try await visitor.get("/portal/plans/\(world.tasks.plan)?q=不存在的任务").body.string
            #expect(body.contains("没有符合条件的任务") && !body.contains("推行企业开办全程网办"))
            body = try await visitor.get("/portal/plans/\(world.tasks.plan)?status=completed").body.string
            #expect(!body.contains("推行企业开办全程网办"))
            body = try await visitor.get("/portal?q=任务").body.string
            #expect(body.contains("没有找到相关任务"))
            body = try await visitor.get("/portal?q=网办").body.string
            #expect(body.contains("推行企业开办全程网办"))

            response = try await visitor.get("/portal/tasks/\(world.publicTask)")
            #expect(response.status == .ok)
            body = response.body.string
            for expected in ["推行企业开办全程网办", "压缩开办时间至1个工作日内", "测试市市场监督管理局", "2026-12-31", "2026-06-30", "系统上线试运行",
                             "全面推行", "月度调度进展", "2026年6月", "2026年5月", "提出意见建议"] {
                #expect(body.contains(expected), "\(expected)")
            }
            // Newest month first.
            let june = try #require(body.range(of: "2026年6月")), may = try #require(body.range(of: "2026年5月"))
            #expect(june.lowerBound < may.lowerBound)

            for id in [world.internalTask, world.testTask, world.hiddenPlanTask, 999_999] {
                #expect(try await visitor.get("/portal/tasks/\(id)").status == .notFound, "task \(id)")
            }
            #expect(try await visitor.get("/portal/plans/\(world.hiddenPlan)").status == .notFound)
            let lost = try await visitor.get("/portal/tasks/abc")
            #expect(lost.status == .notFound)
            #expect(lost.body.string.contains("class=\"btn btn-primary\" href=\"/portal\""))   // a lost visitor goes back to the portal
            response = try await visitor.post("/portal/tasks/\(world.internalTask)/suggestions", form: [("body", "对内部任务的建议内容")])
            #expect(response.status == .notFound)
            #expect(try await PortalSuggestion.query(on: app.db).count() == 0)
        }
    }

    @Test func nothingInternalReachesAnyPortalPage() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let tasks = world.tasks
            try await DispatchService(db: app.db).dispatch(taskID: world.publicTask, by: .system("test"), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            let orders = try await WorkOrder.query(on: app.db).filter(\.$task.$id == world.publicTask).all()
            let lead = try #require(orders.first { $0.$unit.id == tasks.org.department }?.id)
            let district = try #require(orders.first { $0.$unit.id == tasks.org.district }?.id)
            let orderService = OrderService(db: app.db)
            try await orderService.perform(.sign, orderID: lead, reason: "", principal: try await tasks.principal(app, tasks.leadStaff),
                                           actor: tasks.actor(tasks.leadStaff), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            try await orderService.perform(.giveBack, orderID: district, reason: "退回理由内部ABC", principal: try await tasks.principal(app, tasks.districtStaff),
                                           actor: tasks.actor(tasks.districtStaff), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            let pdf = ByteBuffer(string: "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
            let reports = ReportService(db: app.db)
            let staff = try await tasks.principal(app, tasks.leadStaff)
            let report = try await reports.saveDraft(ReportInput(month: "2026-05", body: "内部进展正文XYZ", percent: 40), orderID: lead, reportID: nil,
                                                     principal: staff, actor: tasks.actor(tasks.leadStaff),
                                                     files: [File(data: pdf, filename: "内部佐证材料.pdf")], store: app.uploadStore)
            try await reports.perform(.submit, reportID: report, comment: "", principal: staff, actor: tasks.actor(tasks.leadStaff))
            try await reports.perform(.approve, reportID: report, comment: "", principal: try await tasks.principal(app, tasks.leadHead),
                                      actor: tasks.actor(tasks.leadHead))
            try await reports.perform(.accept, reportID: report, comment: "", principal: try await tasks.principal(app, tasks.office),
                                      actor: tasks.actor(tasks.office))
            _ = try await SuggestionService(db: app.db).submit(SuggestionInput(name: "访客", contact: "secret@example.com", body: "尚未审核的建议内容"),
                                                               taskID: world.publicTask, address: "203.0.113.9")
            // The secrets exist where they belong, so their absence below means something.
            #expect(try await ReportFile.query(on: app.db).first()?.filename == "内部佐证材料.pdf")
            #expect(try await WorkOrder.find(district, on: app.db)?.lastReason == "退回理由内部ABC")
            #expect(try await ReformTask.find(world.publicTask, on: app.db)?.progress == 20)

            let secrets = ["内部进展正文XYZ", "内部佐证材料", "退回理由内部ABC", PortalWorld.leaderName, "secret@example.com", "尚未审核的建议内容",
                           "lead.staff", "/evidence/", "/orders/"]
            var visitor = Browser(app)
            let pages = ["/portal", "/portal?q=推行", "/portal/plans/\(tasks.plan)", "/portal/plans/\(tasks.plan)?domain=\(tasks.domain)",
                         "/portal/tasks/\(world.publicTask)", "/portal/tasks/\(world.publicTask)?page=2"]
            for path in pages {
                let response = try await visitor.get(path)
                #expect(response.status == .ok, "\(path)")
                let body = response.body.string
                #expect(body.contains("测试市优化营商环境实施方案"), "\(path)")
                for secret in secrets { #expect(!body.contains(secret), "\(path) shows \(secret)") }
            }
            // Signed in, the same pages stay public pages: no internal extras for staff either.
            var office = Browser(app)
            try await office.login("office")
            let body = try await office.get("/portal/tasks/\(world.publicTask)").body.string
            for secret in secrets { #expect(!body.contains(secret), "signed-in view shows \(secret)") }
        }
    }

    @Test func aSuggestionIsShownOnlyAfterTheOfficeApprovesIt() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let page = "/portal/tasks/\(world.publicTask)"
            var visitor = Browser(app)
            try await visitor.get(page)
            var response = try await visitor.post("\(page)/suggestions", form: [("name", "王先生"), ("contact", "13800001111"),
                                                                                ("body", "建议在办事大厅增加线上办理指引"), ("homepage", "")])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == page)
            var body = try await visitor.get(page).body.string
            #expect(body.contains("感谢您的意见建议"))
            #expect(!body.contains("建议在办事大厅增加线上办理指引"))
            let stored = try #require(try await PortalSuggestion.query(on: app.db).first())
            #expect(stored.status == .pending)
            #expect(stored.contact == "13800001111")
            #expect(stored.addressHash.count == 64 && stored.addressHash.allSatisfy(\.isHexDigit))
            let created = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "suggestion.create").first())
            #expect(!created.after.contains("13800001111") && !created.address.contains("."))

            var office = Browser(app)
            try await office.login("office")
            body = try await office.get("/portal-admin/suggestions").body.string
            #expect(body.contains("建议在办事大厅增加线上办理指引") && body.contains("13800001111"))
            response = try await office.post("/portal-admin/suggestions/\(stored.id!)/moderate",
                                             form: [("decision", "approve"), ("reply", "感谢建议，已纳入下月工作安排"), ("back", "pending")])
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/portal-admin/suggestions?status=pending")
            let approved = try #require(try await PortalSuggestion.find(stored.id, on: app.db))
            #expect(approved.status == .approved && approved.moderatedBy == world.tasks.office && approved.moderatedAt != nil)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "suggestion.approve").first())
            #expect(audit.entityID == String(stored.id!) && audit.after.contains("approved"))
            #expect(try await AuditLog.verify(on: app.db).ok)

            var stranger = Browser(app)
            body = try await stranger.get(page).body.string
            for shown in ["建议在办事大厅增加线上办理指引", "感谢建议，已纳入下月工作安排", "王先生", "营商办回复"] { #expect(body.contains(shown), "\(shown)") }
            #expect(!body.contains("13800001111"))

            // Taken down again, it disappears; rejecting twice is refused.
            response = try await office.post("/portal-admin/suggestions/\(stored.id!)/moderate", form: [("decision", "reject")])
            #expect(response.status == .seeOther)
            #expect(!(try await stranger.get(page).body.string.contains("建议在办事大厅增加线上办理指引")))
            response = try await office.post("/portal-admin/suggestions/\(stored.id!)/moderate", form: [("decision", "reject")])
            #expect(response.status == .conflict)
            response = try await office.post("/portal-admin/suggestions/\(stored.id!)/moderate",
                                             form: [("decision", "approve"), ("reply", String(repeating: "长", count: 501))])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("不能超过 500 个字符"))
            response = try await office.post("/portal-admin/suggestions/\(stored.id!)/moderate", form: [("decision", "publish")])
            #expect(response.status == .unprocessableEntity)
            #expect(try await PortalSuggestion.find(stored.id, on: app.db)?.status == .rejected)
        }
    }

    @Test func theFourthSuggestionWithinAnHourIsRefused() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let page = "/portal/tasks/\(world.publicTask)"
            var visitor = Browser(app)
            try await visitor.get(page)
            for number in 1...3 {
                let response = try await visitor.post("\(page)/suggestions", form: [("body", "第 \(number) 条意见建议内容")])
                #expect(response.status == .seeOther)
            }
            let response = try await visitor.post("\(page)/suggestions", form: [("body", "第 4 条意见建议内容")])
            #expect(response.status == .tooManyRequests)
            #expect(response.body.string.contains("提交过于频繁"))
            #expect(response.body.string.contains(#"<html lang="zh-CN">"#))
            #expect(try await PortalSuggestion.query(on: app.db).count() == 3)
        }
    }

    @Test func theLimitsAreCountedPerAddressByHourAndByDay() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let service = SuggestionService(db: app.db)
            let start = TaskWorld.monday
            func submit(_ address: String, after seconds: TimeInterval) async throws {
                _ = try await service.submit(SuggestionInput(name: nil, contact: nil, body: "一条正常的意见建议"), taskID: world.publicTask,
                                             address: address, now: start.addingTimeInterval(seconds))
            }
            // Nine over three hours, three an hour: allowed.
            for hour in 0..<3 { for minute in 0..<3 { try await submit("198.51.100.7", after: Double(hour * 3600 + minute * 60 + 1)) } }
            await #expect(throws: AppError.self) { try await submit("198.51.100.7", after: 2 * 3600 + 600) }
            // Another address is not affected.
            try await submit("198.51.100.8", after: 2 * 3600 + 600)
            // The tenth in the day is allowed, the eleventh is not even in a fresh hour.
            try await submit("198.51.100.7", after: 3 * 3600 + 10)
            await #expect(throws: AppError.self) { try await submit("198.51.100.7", after: 5 * 3600) }
            // A day later the address may write again.
            try await submit("198.51.100.7", after: 26 * 3600)
            let hashes = try await PortalSuggestion.query(on: app.db).all().map(\.addressHash)
            #expect(!hashes.contains { $0.contains("198.51") })
            #expect(Set(hashes).count == 2)
        }
    }

    @Test func aFilledHoneypotIsRefused() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let page = "/portal/tasks/\(world.publicTask)"
            var robot = Browser(app)
            try await robot.get(page)
            let response = try await robot.post("\(page)/suggestions", form: [("body", "自动程序填写的推广内容"), ("homepage", "http://spam.example")])
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("未予受理"))
            #expect(try await PortalSuggestion.query(on: app.db).count() == 0)
        }
    }

    @Test func badInputIsRefusedWithChineseMessages() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let page = "/portal/tasks/\(world.publicTask)"
            var visitor = Browser(app)
            try await visitor.get(page)
            var response = try await visitor.post("\(page)/suggestions", form: [("name", String(repeating: "名", count: 31)), ("body", "太短")])
            #expect(response.status == .unprocessableEntity)
            var body = response.body.string
            #expect(body.contains("提交的内容有误"))
            #expect(body.contains("内容应为 5–500 个字"))
            #expect(body.contains("不能超过 30 个字符"))
            #expect(body.contains(">太短</textarea>"))
            response = try await visitor.post("\(page)/suggestions", form: [("contact", String(repeating: "1", count: 51)), ("body", "   ")])
            #expect(response.status == .unprocessableEntity)
            body = response.body.string
            #expect(body.contains("必填") && body.contains("不能超过 50 个字符"))
            response = try await visitor.post("\(page)/suggestions", form: [("body", String(repeating: "长", count: 501))])
            #expect(response.status == .unprocessableEntity)
            // Without the form's token the post is refused before anything is read.
            response = try await visitor.post("\(page)/suggestions", form: [("body", "没有令牌的意见建议")], csrf: "forged")
            #expect(response.status == .badRequest)
            #expect(try await PortalSuggestion.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyTheOfficeModerates() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let id = try await SuggestionService(db: app.db).submit(SuggestionInput(name: nil, contact: nil, body: "一条待审核的建议"),
                                                                    taskID: world.publicTask, address: "192.0.2.1")
            _ = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            for username in ["root", "leader", "lead.staff", "lead.head", "portal.leader"] {
                var browser = Browser(app)
                try await browser.login(username)
                #expect(try await browser.get("/portal-admin/suggestions").status == .forbidden, "\(username)")
                let response = try await browser.post("/portal-admin/suggestions/\(id)/moderate", form: [("decision", "approve")])
                #expect(response.status == .forbidden, "\(username)")
            }
            var anonymous = Browser(app)
            #expect(try await anonymous.get("/portal-admin/suggestions").status == .seeOther)
            #expect(try await PortalSuggestion.find(id, on: app.db)?.status == .pending)
            var office = Browser(app)
            try await office.login("office")
            let response = try await office.get("/portal-admin/suggestions")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("一条待审核的建议"))
            #expect(response.body.string.contains("意见建议审核"))
        }
    }

    @Test func markupInASuggestionIsEscaped() async throws {
        try await withTestApp { app in
            let world = try await PortalWorld.make(app)
            let id = try await SuggestionService(db: app.db).submit(
                SuggestionInput(name: "<b>访客</b>", contact: nil, body: "<script>alert('x')</script>请加快进度"),
                taskID: world.publicTask, address: "192.0.2.2")
            try await SuggestionModeration(db: app.db).moderate(id, decision: .approve, reply: "<img src=x onerror=alert(1)>已收到",
                                                                moderatorID: world.tasks.office, by: .system("test"))
            var visitor = Browser(app)
            let body = try await visitor.get("/portal/tasks/\(world.publicTask)").body.string
            #expect(body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;请加快进度"))
            #expect(body.contains("&lt;b&gt;访客&lt;/b&gt;"))
            #expect(body.contains("&lt;img src=x onerror=alert(1)&gt;已收到"))
            #expect(!body.contains("<script>alert"))
            #expect(!body.contains("<img src=x"))
            #expect(!body.contains("<b>访客"))
        }
    }
}

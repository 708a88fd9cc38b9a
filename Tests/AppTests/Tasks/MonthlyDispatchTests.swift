@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Monthly dispatch, bulletins and statistics")
struct MonthlyDispatchTests {
    static let june = DemoPlan.instant(CivilDate("2026-06-10")!, hour: 10)

    func clock(_ now: Date) -> TaskClock { TaskClock(calendar: TaskWorld.calendar, now: now, dueSoonDays: 5) }

    /// A dispatched task whose two units both signed on the Monday.
    func signedTask(_ app: Application, _ world: TaskWorld) async throws -> (task: Int, lead: Int, district: Int) {
        let dispatched = try await world.dispatchedTask(app)
        for (order, user) in [(dispatched.lead, world.leadStaff), (dispatched.district, world.districtStaff)] {
            try await OrderService(db: app.db).perform(.sign, orderID: order, reason: "", principal: try await world.principal(app, user),
                                                       actor: world.actor(user), now: TaskWorld.monday, calendar: TaskWorld.calendar)
        }
        return dispatched
    }

    @Test func openingAMonthChecksItsInputAndTellsTheUnits() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            try await OrderService(db: app.db).perform(.sign, orderID: lead, reason: "", principal: try await world.principal(app, world.leadStaff),
                                                       actor: world.actor(world.leadStaff), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            let service = DispatchCycleService(db: app.db)
            for (month, deadline) in [("2026-13", "2026-06-25"), ("2026-06", "2026-06-01"), ("2026-06", "soon")] {
                await #expect(throws: AppError.self) {
                    try await service.open(planID: world.plan, month: month, deadline: deadline, note: "", by: world.actor(world.office), now: Self.june)
                }
            }
            let cycle = try await service.open(planID: world.plan, month: "2026-06", deadline: "2026-06-25", note: "", by: world.actor(world.office), now: Self.june)
            await #expect(throws: AppError.self) {   // one open month at a time
                try await service.open(planID: world.plan, month: "2026-07", deadline: "2026-07-25", note: "", by: world.actor(world.office), now: Self.june)
            }
            let notices = try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.leadStaff).all()
            #expect(notices.contains { $0.title == "月度进展报送已开启" })
            // The district never signed, so only the lead order owes a report.
            let row = try #require(try await service.find(cycle))
            #expect(try await service.progress(of: row).map(\.owed) == [1])
        }
    }

    @Test func unitsThatHaveNotReportedAreUrgedOnceAndAutomaticallyAfterTheDeadline() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, district) = try await signedTask(app, world)
            let service = DispatchCycleService(db: app.db)
            let cycle = try await service.open(planID: world.plan, month: "2026-06", deadline: "2026-06-25", note: "", by: world.actor(world.office), now: Self.june)
            let report = try await ReportService(db: app.db).saveDraft(ReportInput(month: "2026-06", body: "六月进展", percent: 40), orderID: lead, reportID: nil,
                                                                      principal: try await world.principal(app, world.leadStaff), actor: world.actor(world.leadStaff))
            try await ReportService(db: app.db).perform(.submit, reportID: report, comment: "", principal: try await world.principal(app, world.leadStaff),
                                                        actor: world.actor(world.leadStaff), now: Self.june)
            #expect(try await service.urgeAfterDeadlines(now: Self.june) == 0)   // before the deadline, nothing
            let after = DemoPlan.instant(CivilDate("2026-06-26")!, hour: 9)
            #expect(try await service.urgeAfterDeadlines(now: after) == 1)
            #expect(try await service.urgeAfterDeadlines(now: after.addingTimeInterval(3600)) == 0)
            #expect(try await service.urgeMissing(cycleID: cycle, by: world.actor(world.office), now: after) == 0)
            let urging = try #require(try await SupervisionRecord.query(on: app.db).filter(\.$dueKey == "month:2026-06").first())
            #expect(urging.$order.id == district && urging.kind == .urge)
        }
    }

    @Test func aPublishedMonthIsFrozenAndItsBulletinDownloads() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (task, lead, district) = try await signedTask(app, world)
            let service = DispatchCycleService(db: app.db)
            let cycle = try await service.open(planID: world.plan, month: "2026-06", deadline: "2026-06-25", note: "", by: world.actor(world.office), now: Self.june)
            await #expect(throws: AppError.self) {   // publish only after review
                try await service.perform(.publish, cycleID: cycle, by: world.actor(world.office), clock: clock(Self.june))
            }
            try await service.perform(.close, cycleID: cycle, by: world.actor(world.office), clock: clock(Self.june))
            try await service.perform(.publish, cycleID: cycle, note: "六月总体平稳", by: world.actor(world.office), clock: clock(Self.june))
            let frozen = try #require(try await service.snapshot(of: cycle))
            #expect(frozen.totals.tasks == 1 && frozen.totals.completed == 0 && frozen.note == "六月总体平稳")
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM published_task_progress WHERE task_id = \(bind: task)").first()?
                .decode(column: "n", as: Int.self) == 1)
            // Work goes on; the published month does not move.
            for order in [lead, district] {
                let head = order == lead ? world.leadHead : world.districtHead
                try await OrderService(db: app.db).perform(.applyCompletion, orderID: order, reason: "完成", principal: try await world.principal(app, head),
                                                           actor: world.actor(head), calendar: TaskWorld.calendar)
                try await OrderService(db: app.db).perform(.verifyCompletion, orderID: order, reason: "", principal: try await world.principal(app, world.office),
                                                           actor: world.actor(world.office), calendar: TaskWorld.calendar)
            }
            #expect(try await ReformTask.find(task, on: app.db)?.status == .completed)
            #expect(try await service.snapshot(of: cycle) == frozen)
            await #expect(throws: AppError.self) {
                try await service.perform(.publish, cycleID: cycle, by: world.actor(world.office), clock: clock(Date()))
            }
            await #expect(throws: AppError.self) {
                try await service.perform(.reopen, cycleID: cycle, deadline: "2027-01-01", by: world.actor(world.office), clock: clock(Date()))
            }
            var office = Browser(app)
            try await office.login("office")
            let page = try await office.get("/dispatch/\(cycle)")
            #expect(page.body.string.contains("六月总体平稳"))
            #expect(page.body.string.contains("计分规则"))
            let xlsx = try await office.get("/dispatch/\(cycle)/bulletin")
            #expect(xlsx.status == .ok)
            let cells = try SpreadsheetFile.read(Data(buffer: xlsx.body))
            #expect(cells.first?.first?.text == "项目")
            #expect(cells.contains { $0.first?.text == "任务" && $0.last?.text == "1" })
        }
    }

    @Test func closingAMonthFixesEachUnitsOnTimeReportingAndReopeningUnfixesIt() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (task, lead, district) = try await signedTask(app, world)
            func report(_ order: Int, by user: Int, at now: Date) async throws {
                let id = try await ReportService(db: app.db).saveDraft(ReportInput(month: "2026-06", body: "六月进展", percent: 40), orderID: order, reportID: nil,
                                                                      principal: try await world.principal(app, user), actor: world.actor(user))
                try await ReportService(db: app.db).perform(.submit, reportID: id, comment: "", principal: try await world.principal(app, user),
                                                            actor: world.actor(user), now: now)
            }
            func reporting() async throws -> [Int: [Int]] {
                let units = try await UnitStatistics(db: app.db).units(planID: world.plan, today: CivilDate("2026-06-26")!)
                return Dictionary(uniqueKeysWithValues: units.map { ($0.unitID, [$0.reportsDue, $0.reportsOnTime]) })
            }
            let service = DispatchCycleService(db: app.db)
            let cycle = try await service.open(planID: world.plan, month: "2026-06", deadline: "2026-06-25", note: "", by: world.actor(world.office), now: Self.june)
            try await report(lead, by: world.leadStaff, at: Self.june)
            #expect(try await reporting() == [world.org.department: [0, 0], world.org.district: [0, 0]])   // an open month does not count yet
            let late = DemoPlan.instant(CivilDate("2026-06-26")!, hour: 9)
            try await service.perform(.close, cycleID: cycle, by: world.actor(world.office), clock: clock(late))
            #expect(try await reporting() == [world.org.department: [1, 1], world.org.district: [1, 0]])
            // The month reopens with a new deadline; the district reports within it and the month closes again.
            try await service.perform(.reopen, cycleID: cycle, deadline: "2026-06-30", by: world.actor(world.office), clock: clock(late))
            #expect(try await reporting() == [world.org.department: [0, 0], world.org.district: [0, 0]])
            try await report(district, by: world.districtStaff, at: late)
            try await service.perform(.close, cycleID: cycle, by: world.actor(world.office), clock: clock(DemoPlan.instant(CivilDate("2026-07-01")!, hour: 9)))
            #expect(try await reporting() == [world.org.department: [1, 1], world.org.district: [1, 1]])
            // Marking the task a test entry takes its orders out of every figure.
            var input = world.input()
            input.isTest = true
            try await TaskService(db: app.db).update(task, input, reason: "录错", by: world.actor(world.office), calendar: TaskWorld.calendar)
            #expect(try await WorkOrder.query(on: app.db).filter(\.$task.$id == task).all().allSatisfy { $0.isTest })
            #expect(try await reporting().isEmpty)
        }
    }

    @Test func aMeetingDecisionBecomesAFollowUpTask() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            var office = Browser(app)
            try await office.login("office")
            var response = try await office.post("/plans/\(world.plan)/meetings", form: [("heldOn", "2026-06-12"), ("title", ""), ("decisions", "a")])
            #expect(response.status == .unprocessableEntity)
            response = try await office.post("/plans/\(world.plan)/meetings", form: [
                ("heldOn", "2026-06-12"), ("title", "六月调度会商"), ("attendees", "市营商办、市市场监管局"), ("minutes", "研究开办企业进度滞后问题"),
                ("decisions", "由市市场监管局牵头开展企业开办专项督查\n各区六月底前完成自查"),
            ])
            #expect(response.status == .seeOther)
            let decision = try #require(try await MeetingDecision.query(on: app.db).filter(\.$seq == 1).first())
            response = try await office.get("/plans/\(world.plan)/tasks/new?decision=\(decision.id!)")
            #expect(response.body.string.contains("由市市场监管局牵头开展企业开办专项督查"))
            response = try await office.post("/plans/\(world.plan)/tasks/new", form: [
                ("decision", String(decision.id!)), ("code", "01-90"), ("title", "企业开办专项督查"), ("source", "city"), ("domainID", String(world.domain)),
                ("leadUnitID", String(world.org.department)), ("deadline", "2026-07-31"), ("rollup", "weight"),
            ])
            #expect(response.status == .seeOther)
            let task = try #require(try await ReformTask.query(on: app.db).filter(\.$code == "01-90").first())
            #expect(try await MeetingDecision.find(decision.id!, on: app.db)?.taskID == task.id)
            response = try await office.get("/meetings/\(decision.$meeting.id)")
            #expect(response.body.string.contains("01-90"))
        }
    }

    @Test func theScoringRuleIsTheOneShownAndSmallUnitsAreNotRanked() {
        var a = UnitFigures(unitID: 1, unitName: "甲")
        a.orders = 10; a.signed = 10; a.signedOnTime = 8; a.reportsDue = 20; a.reportsOnTime = 20; a.overdue = 2; a.yellowCards = 1
        var b = UnitFigures(unitID: 2, unitName: "乙")
        b.orders = 4; b.signed = 4; b.signedOnTime = 4; b.redCards = 1; b.interviews = 1
        var c = UnitFigures(unitID: 3, unitName: "丙")
        c.orders = 2
        // 25 × 0.8 + 25 × 1 + 50 × 0.8 − 2 = 83; 25 + 25 + 50 − 5 − 3 = 92.
        #expect(ScoringRule.score(a) == 83)
        #expect(ScoringRule.score(b) == 92)
        let ranked = ScoringRule.rank([a, b, c])
        #expect(ranked.map(\.unitName) == ["乙", "甲", "丙"])
        #expect(ranked.map(\.rank) == [1, 2, nil])
    }
}

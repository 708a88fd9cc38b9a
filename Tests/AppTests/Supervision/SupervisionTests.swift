@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Supervision")
struct SupervisionTests {
    func issue(_ app: Application, _ world: TaskWorld, _ input: SupervisionInput, order: Int) async throws -> Int {
        try await SupervisionService(db: app.db).issue(input, orderID: order, principal: try await world.principal(app, world.office),
                                                       actor: world.actor(world.office), now: TaskWorld.monday)
    }

    @Test func theScanRemindsBeforeAndUrgesAfterEachDueDateOnce() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, district) = try await world.dispatchedTask(app)
            try await OrderService(db: app.db).perform(.sign, orderID: lead, reason: "", principal: try await world.principal(app, world.leadStaff),
                                                       actor: world.actor(world.leadStaff), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            let scan = SupervisionScan(db: app.db)
            // 24 June: the lead order's first milestone (30 June) is 4 working days away; the district never signed.
            let june24 = DemoPlan.instant(CivilDate("2026-06-24")!, hour: 9)
            var outcome = try await scan.run(now: june24, calendar: TaskWorld.calendar, dueSoonDays: 5)
            #expect(outcome == .init(reminders: 1, urgings: 1))
            outcome = try await scan.run(now: june24.addingTimeInterval(3600), calendar: TaskWorld.calendar, dueSoonDays: 5)
            #expect(outcome == .init())
            // 2 July: the milestone has passed without a report.
            outcome = try await scan.run(now: DemoPlan.instant(CivilDate("2026-07-02")!, hour: 9), calendar: TaskWorld.calendar, dueSoonDays: 5)
            #expect(outcome == .init(reminders: 0, urgings: 1))
            let records = try await SupervisionRecord.query(on: app.db).sort(\.$id).all()
            #expect(records.map(\.kind) == [.reminder, .urge, .urge])
            #expect(records.map(\.$order.id) == [lead, district, lead])
            #expect(records.allSatisfy { $0.automatic })
            let notices = try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.districtStaff).all()
            #expect(notices.contains { $0.title.contains("未签收") })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "supervision.auto").count() == 3)
        }
    }

    @Test func aRedCardComesOffOnlyAfterItsWrittenReportIsApprovedAndAccepted() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            let card = try await issue(app, world, SupervisionInput(kind: "red_card", content: "连续两个月未完成节点", liftCondition: "完成系统上线"), order: lead)
            let service = SupervisionService(db: app.db)
            let office = try await world.principal(app, world.office)
            await #expect(throws: AppError.self) {
                try await service.perform(.lift, recordID: card, text: "已整改", principal: office, actor: world.actor(world.office))
            }
            let staff = try await world.principal(app, world.leadStaff)
            let head = try await world.principal(app, world.leadHead)
            // Another unit cannot see the card, let alone report on it.
            await #expect(throws: AppError.self) {
                try await service.saveWrittenReport("……", recordID: card, principal: try await world.principal(app, world.outsider), actor: world.actor(world.outsider))
            }
            try await service.saveWrittenReport("一、原因分析……二、整改措施……三、完成时限……", recordID: card, principal: staff, actor: world.actor(world.leadStaff))
            try await service.reportAction(.submit, recordID: card, comment: "", principal: staff, actor: world.actor(world.leadStaff))
            await #expect(throws: AppError.self) {   // the office cannot accept before the head approves
                try await service.reportAction(.accept, recordID: card, comment: "", principal: office, actor: world.actor(world.office))
            }
            try await service.reportAction(.approve, recordID: card, comment: "", principal: head, actor: world.actor(world.leadHead))
            try await service.reportAction(.accept, recordID: card, comment: "", principal: office, actor: world.actor(world.office))
            await #expect(throws: AppError.self) {   // only the office lifts
                try await service.perform(.lift, recordID: card, text: "已整改", principal: head, actor: world.actor(world.leadHead))
            }
            try await service.perform(.lift, recordID: card, text: "书面报告已审核，整改到位", principal: office, actor: world.actor(world.office))
            let record = try #require(try await SupervisionRecord.find(card, on: app.db))
            #expect(record.status == .lifted && record.reportStatus == .accepted && record.liftReason == "书面报告已审核，整改到位")
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityType == "supervision").sort(\.$id).all().map(\.action)
            #expect(actions == ["supervision.writtenReport", "supervision.report.submit", "supervision.report.approve", "supervision.report.accept",
                                "supervision.lift"])
        }
    }

    @Test func sheetsAreAnsweredByTheUnitAndYellowCardsLiftedByTheOffice() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            let sheet = try await issue(app, world, SupervisionInput(kind: "sheet", content: "请说明进度滞后原因", replyDue: "2026-05-25"), order: lead)
            let yellow = try await issue(app, world, SupervisionInput(kind: "yellow_card", content: "进度滞后", liftCondition: "完成第一个节点"), order: lead)
            let service = SupervisionService(db: app.db)
            await #expect(throws: AppError.self) {   // the office does not answer for the unit
                try await service.perform(.reply, recordID: sheet, text: "原因……", principal: try await world.principal(app, world.office), actor: world.actor(world.office))
            }
            try await service.perform(.reply, recordID: sheet, text: "因系统对接延期，已协调于月底前完成", principal: try await world.principal(app, world.leadStaff),
                                      actor: world.actor(world.leadStaff))
            #expect(try await SupervisionRecord.find(sheet, on: app.db)?.status == .answered)
            await #expect(throws: AppError.self) {   // answered once
                try await service.perform(.reply, recordID: sheet, text: "再次回复", principal: try await world.principal(app, world.leadStaff),
                                          actor: world.actor(world.leadStaff))
            }
            try await service.perform(.lift, recordID: yellow, text: "节点已完成", principal: try await world.principal(app, world.office),
                                      actor: world.actor(world.office))
            #expect(try await SupervisionRecord.find(yellow, on: app.db)?.status == .lifted)
        }
    }

    @Test func issuingThroughTheBrowserExplainsMistakesAndPrintsLetters() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            var office = Browser(app)
            try await office.login("office")
            var response = try await office.get("/orders/\(lead)/supervision?kind=notice")
            #expect(response.status == .ok)
            response = try await office.post("/orders/\(lead)/supervision", form: [("kind", "notice"), ("content", ""), ("replyDue", "2020-01-01"),
                                                                                 ("addressee", "leader")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("回复期限不能早于今天"))
            #expect(try await SupervisionRecord.query(on: app.db).count() == 0)
            let due = CivilDate.today().adding(days: 10).description
            response = try await office.post("/orders/\(lead)/supervision", form: [("kind", "notice"), ("content", "请加快推进系统对接"), ("replyDue", due),
                                                                                 ("addressee", "leader")])
            #expect(response.status == .seeOther)
            let id = try #require(try await SupervisionRecord.query(on: app.db).first()?.id)
            response = try await office.get("/supervision/\(id)?print=1")
            #expect(response.body.string.contains("leader同志："))
            #expect(response.body.string.contains("请加快推进系统对接"))
            var outsider = Browser(app)
            try await outsider.login("outsider")
            #expect(try await outsider.get("/supervision/\(id)").status == .notFound)
            var staff = Browser(app)
            try await staff.login("lead.staff")
            response = try await staff.get("/orders/\(lead)")
            #expect(response.body.string.contains("请加快推进系统对接"))
            #expect(try await staff.get("/orders/\(lead)/supervision?kind=urge").status == .forbidden)
        }
    }
}

@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Progress reports and roll-ups")
struct ReportFlowTests {
    @Test(arguments: ReportAction.allCases)
    func everyReportActionFromEveryStatus(action: ReportAction) async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            try await sign(app, world, lead, by: world.leadStaff)
            let reportID = try await ReportService(db: app.db).saveDraft(ReportInput(month: "2026-05", body: "已完成方案起草", percent: 30), orderID: lead,
                                                                        reportID: nil, principal: try await world.principal(app, world.leadStaff),
                                                                        actor: world.actor(world.leadStaff))
            for status in ReportStatus.allCases {
                let report = try await ProgressReport.find(reportID, on: app.db)!
                report.status = status
                try await report.save(on: db(app))
                let transition = ReportStateMachine.transition(action, from: status)
                let who = switch transition?.actor ?? .office {
                case .unitMember: world.leadStaff
                case .unitHead: world.leadHead
                case .office: world.office
                }
                do {
                    try await ReportService(db: app.db).perform(action, reportID: reportID, comment: "意见", principal: try await world.principal(app, who),
                                                                actor: world.actor(who))
                    #expect(transition != nil, "\(action) from \(status) should be refused")
                    #expect(try await ProgressReport.find(reportID, on: app.db)!.status == transition?.to)
                } catch AppError.conflict {
                    #expect(transition == nil, "\(action) from \(status) should be allowed")
                    #expect(try await ProgressReport.find(reportID, on: app.db)!.status == status)
                }
            }
        }
    }

    @Test func staffDraftHeadApprovesOfficeAcceptsAndProgressRollsUp() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (task, lead, district) = try await world.dispatchedTask(app)
            try await sign(app, world, lead, by: world.leadStaff)
            let milestone = try await TaskService(db: app.db).milestones(of: task)[0]
            let staff = try await world.principal(app, world.leadStaff)
            let reportID = try await ReportService(db: app.db).saveDraft(
                ReportInput(month: "2026-06", body: "系统已上线试运行", percent: 60, milestoneID: milestone.id, milestoneMet: true), orderID: lead,
                reportID: nil, principal: staff, actor: world.actor(world.leadStaff))
            // The office cannot accept what the unit head has not approved.
            await #expect(throws: AppError.self) {
                try await ReportService(db: app.db).perform(.accept, reportID: reportID, comment: "", principal: try await world.principal(app, world.office),
                                                            actor: world.actor(world.office))
            }
            try await ReportService(db: app.db).perform(.submit, reportID: reportID, comment: "", principal: staff, actor: world.actor(world.leadStaff))
            try await ReportService(db: app.db).perform(.approve, reportID: reportID, comment: "", principal: try await world.principal(app, world.leadHead),
                                                        actor: world.actor(world.leadHead))
            #expect(try await WorkOrder.find(lead, on: app.db)!.progress == 0)
            try await ReportService(db: app.db).perform(.accept, reportID: reportID, comment: "", principal: try await world.principal(app, world.office),
                                                        actor: world.actor(world.office))
            let order = try #require(try await WorkOrder.find(lead, on: app.db))
            #expect(order.progress == 60)
            #expect(order.milestonesMet == 1)
            #expect(order.nextDue == "2026-09-30")
            // The task is the average of its two orders: 60 and 0.
            #expect(try await ReformTask.find(task, on: app.db)!.progress == 30)
            #expect(try await WorkOrder.find(district, on: app.db)!.nextDue == "2026-06-30")
            #expect(try await ReformTask.find(task, on: app.db)!.nextDue == "2026-06-30")
            let notices = try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.leadStaff).all()
            #expect(notices.contains { $0.kind == "report.accept" })
        }
    }

    @Test func parentsRollUpByWeightOrAverageAndCompleteWhenTheirChildrenDo() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            var parentInput = world.input("02", title: "深化商事制度改革")
            parentInput.milestones = []
            let parent = try await world.createTask(app, parentInput)
            let first = try await world.createTask(app, world.input("02-1", title: "推行经营范围规范化登记", parent: parent, weight: 3, responsible: []))
            let second = try await world.createTask(app, world.input("02-2", title: "开展企业简易注销改革", parent: parent, weight: 1, responsible: []))
            try await DispatchService(db: app.db).dispatch(taskID: parent, by: .system("test"), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            // A parent gets no orders of its own; each child gets one for its lead unit.
            #expect(try await WorkOrder.query(on: app.db).filter(\.$task.$id == parent).count() == 0)
            let firstOrder = try await WorkOrder.query(on: app.db).filter(\.$task.$id == first).first()!.id!
            let secondOrder = try await WorkOrder.query(on: app.db).filter(\.$task.$id == second).first()!.id!
            for order in [firstOrder, secondOrder] { try await sign(app, world, order, by: world.leadStaff) }
            try await complete(app, world, firstOrder)
            // By weight: (100×3 + 0×1) / 4 = 75.
            #expect(try await ReformTask.find(parent, on: app.db)!.progress == 75)
            #expect(try await ReformTask.find(first, on: app.db)!.status == .completed)
            #expect(try await ReformTask.find(parent, on: app.db)!.status == .dispatched)
            // Switched to a plain average, the same children give 50.
            let stored = try #require(try await ReformTask.find(parent, on: app.db))
            stored.rollup = .average
            try await stored.save(on: app.db)
            try await ProgressRollup.recompute(taskID: first, on: app.db)
            #expect(try await ReformTask.find(parent, on: app.db)!.progress == 50)
            try await complete(app, world, secondOrder)
            let done = try #require(try await ReformTask.find(parent, on: app.db))
            #expect(done.status == .completed && done.progress == 100 && done.nextDue == nil)
        }
    }

    @Test func changingTheUnitsOfADispatchedTaskWithdrawsAndAddsOrders() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (task, _, district) = try await world.dispatchedTask(app)
            var input = world.input()
            input.responsibleUnitIDs = [world.org.otherDistrict]
            try await TaskService(db: app.db).update(task, input, reason: "调整为西区负责", by: world.actor(world.office), now: TaskWorld.monday,
                                                     calendar: TaskWorld.calendar)
            #expect(try await WorkOrder.find(district, on: app.db)!.status == .withdrawn)
            let west = try await WorkOrder.query(on: app.db).filter(\.$task.$id == task).filter(\.$unit.$id == world.org.otherDistrict).first()
            #expect(west?.status == .dispatched)
            let withdrawal = try await AuditEntry.query(on: app.db).filter(\.$action == "order.withdraw").first()
            #expect(withdrawal?.reason == "调整为西区负责")
        }
    }

    @Test func draftsAreTheUnitsOwnAndOnlyWhileTheOrderIsInProgress() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            let input = ReportInput(month: "2026-05", body: "进展", percent: 10)
            await #expect(throws: AppError.self) {   // not signed yet
                try await ReportService(db: app.db).saveDraft(input, orderID: lead, reportID: nil, principal: try await world.principal(app, world.leadStaff),
                                                              actor: world.actor(world.leadStaff))
            }
            try await sign(app, world, lead, by: world.leadStaff)
            for (userID, outsider) in [(world.office, false), (world.districtStaff, true), (world.outsider, true)] {
                do {
                    _ = try await ReportService(db: app.db).saveDraft(input, orderID: lead, reportID: nil, principal: try await world.principal(app, userID),
                                                                      actor: world.actor(userID))
                    Issue.record("user \(userID) drafted on another unit's order")
                } catch AppError.forbidden {
                    #expect(!outsider)
                } catch AppError.notFound {
                    #expect(outsider)
                }
            }
            var bad = input
            bad.percent = 140
            bad.month = "2026-13"
            do {
                _ = try await ReportService(db: app.db).saveDraft(bad, orderID: lead, reportID: nil, principal: try await world.principal(app, world.leadStaff),
                                                                  actor: world.actor(world.leadStaff))
                Issue.record("bad input saved")
            } catch AppError.validation(let problems) {
                #expect(Set(problems.map(\.field)) == ["percent", "month"])
            }
            #expect(try await ProgressReport.query(on: app.db).count() == 0)
        }
    }

    private func db(_ app: Application) -> any Database { app.db }

    private func sign(_ app: Application, _ world: TaskWorld, _ orderID: Int, by userID: Int) async throws {
        try await OrderService(db: app.db).perform(.sign, orderID: orderID, reason: "", principal: try await world.principal(app, userID),
                                                   actor: world.actor(userID), now: TaskWorld.monday, calendar: TaskWorld.calendar)
    }

    private func complete(_ app: Application, _ world: TaskWorld, _ orderID: Int) async throws {
        try await OrderService(db: app.db).perform(.applyCompletion, orderID: orderID, reason: "已全面完成", principal: try await world.principal(app, world.leadHead),
                                                   actor: world.actor(world.leadHead), calendar: TaskWorld.calendar)
        try await OrderService(db: app.db).perform(.verifyCompletion, orderID: orderID, reason: "", principal: try await world.principal(app, world.office),
                                                   actor: world.actor(world.office), calendar: TaskWorld.calendar)
    }
}

@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Work order state machine")
struct OrderStateMachineTests {
    /// Every action from every status: the listed moves go through for the right person and are
    /// audited; every other pair is refused with a conflict and changes nothing.
    @Test(arguments: OrderAction.allCases)
    func everyActionFromEveryStatus(action: OrderAction) async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, orderID, _) = try await world.dispatchedTask(app)
            for status in OrderStatus.allCases {
                try await set(orderID, to: status, on: app.db)
                let transition = OrderStateMachine.transition(action, from: status)
                let who = switch transition?.actor ?? .office {
                case .unitMember: world.leadStaff
                case .unitHead: world.leadHead
                case .office: world.office
                }
                let auditBefore = try await AuditEntry.query(on: app.db).count()
                do {
                    try await OrderService(db: app.db).perform(action, orderID: orderID, reason: "说明", principal: try await world.principal(app, who),
                                                               actor: world.actor(who), now: TaskWorld.monday, calendar: TaskWorld.calendar)
                    let after = try await WorkOrder.find(orderID, on: app.db)!.status
                    #expect(transition != nil, "\(action) from \(status) should be refused")
                    #expect(after == transition?.to, "\(action) from \(status)")
                    let entry = try await AuditEntry.query(on: app.db).sort(\.$id, .descending).filter(\.$action == "order.\(action.rawValue)").first()
                    #expect(entry?.before == status.rawValue && entry?.entityID == String(orderID) && entry?.actorID == who)
                } catch AppError.conflict(let key) {
                    #expect(transition == nil, "\(action) from \(status) should be allowed")
                    #expect(key == "order.transitionRefused")
                    #expect(try await WorkOrder.find(orderID, on: app.db)!.status == status)
                    #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
                }
            }
        }
    }

    /// Allowed moves, tried by the wrong people: other roles get 403, other units cannot see the order at all.
    @Test(arguments: OrderStateMachine.transitions.map(\.action))
    func theWrongPersonIsRefused(action: OrderAction) async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, orderID, _) = try await world.dispatchedTask(app)
            let transition = OrderStateMachine.transitions.first { $0.action == action }!
            try await set(orderID, to: transition.from.first!, on: app.db)
            let wrong: [(Int, String)] = switch transition.actor {
            case .unitMember: [(world.office, "forbidden"), (world.leader, "forbidden"), (world.districtStaff, "notFound"), (world.outsider, "notFound")]
            case .unitHead: [(world.leadStaff, "forbidden"), (world.office, "forbidden"), (world.districtHead, "notFound"), (world.outsider, "notFound")]
            case .office: [(world.leadStaff, "forbidden"), (world.leadHead, "forbidden"), (world.leader, "forbidden"), (world.outsider, "notFound")]
            }
            for (userID, expected) in wrong {
                do {
                    try await OrderService(db: app.db).perform(action, orderID: orderID, reason: "说明", principal: try await world.principal(app, userID),
                                                               actor: world.actor(userID), calendar: TaskWorld.calendar)
                    Issue.record("\(action) by user \(userID) went through")
                } catch AppError.forbidden {
                    #expect(expected == "forbidden", "\(action) by \(userID)")
                } catch AppError.notFound {
                    #expect(expected == "notFound", "\(action) by \(userID)")
                }
                #expect(try await WorkOrder.find(orderID, on: app.db)!.status == transition.from.first!)
            }
        }
    }

    @Test func movesThatNeedAReasonRefuseAnEmptyOne() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, orderID, _) = try await world.dispatchedTask(app)
            await #expect(throws: AppError.self) {
                try await OrderService(db: app.db).perform(.giveBack, orderID: orderID, reason: "  ", principal: try await world.principal(app, world.leadStaff),
                                                           actor: world.actor(world.leadStaff), calendar: TaskWorld.calendar)
            }
            #expect(try await WorkOrder.find(orderID, on: app.db)!.status == .dispatched)
        }
    }

    @Test func signingRecordsWhetherItWasOnTime() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, district) = try await world.dispatchedTask(app)
            let order = try #require(try await WorkOrder.find(lead, on: app.db))
            // Dispatched Monday 18 May with 3 working days: sign by Thursday 21 May.
            #expect(order.signDue == "2026-05-21")
            let thursday = TaskWorld.monday.addingTimeInterval(3 * 86_400)
            let friday = TaskWorld.monday.addingTimeInterval(4 * 86_400)
            try await OrderService(db: app.db).perform(.sign, orderID: lead, reason: "", principal: try await world.principal(app, world.leadStaff),
                                                       actor: world.actor(world.leadStaff), now: thursday, calendar: TaskWorld.calendar)
            try await OrderService(db: app.db).perform(.sign, orderID: district, reason: "", principal: try await world.principal(app, world.districtStaff),
                                                       actor: world.actor(world.districtStaff), now: friday, calendar: TaskWorld.calendar)
            #expect(try await WorkOrder.find(lead, on: app.db)!.signedOnTime == true)
            #expect(try await WorkOrder.find(district, on: app.db)!.signedOnTime == false)
        }
    }

    @Test func aReturnedOrderGoesBackWithANewSigningDayAndTheOfficeHearsOfTheReturn() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let (_, lead, _) = try await world.dispatchedTask(app)
            try await OrderService(db: app.db).perform(.giveBack, orderID: lead, reason: "不属于本单位职责", principal: try await world.principal(app, world.leadStaff),
                                                       actor: world.actor(world.leadStaff), now: TaskWorld.monday, calendar: TaskWorld.calendar)
            let notices = try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.office).all()
            #expect(notices.contains { $0.body.contains("不属于本单位职责") })
            let wednesday = TaskWorld.monday.addingTimeInterval(2 * 86_400)
            try await OrderService(db: app.db).perform(.insist, orderID: lead, reason: "经协调仍由贵单位牵头", principal: try await world.principal(app, world.office),
                                                       actor: world.actor(world.office), now: wednesday, calendar: TaskWorld.calendar)
            let order = try #require(try await WorkOrder.find(lead, on: app.db))
            #expect(order.status == .dispatched)
            #expect(order.signDue == "2026-05-25")
            #expect(order.lastReason == "经协调仍由贵单位牵头")
        }
    }

    private func set(_ orderID: Int, to status: OrderStatus, on db: any Database) async throws {
        let order = try await WorkOrder.find(orderID, on: db)!
        order.status = status
        try await order.save(on: db)
    }
}

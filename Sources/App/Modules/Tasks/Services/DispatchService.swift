import Fluent
import Foundation
import SQLKit

/// Sends tasks to their units as work orders, and keeps the orders in step when a dispatched
/// task's units change.
struct DispatchService: Sendable {
    let db: any Database

    /// Dispatches a draft task. A leaf gets one order for its lead unit and one per responsible
    /// unit; a parent dispatches its draft descendants. Returns the number of orders created.
    @discardableResult
    func dispatch(taskID: Int, by actor: AuditActor, now: Date = Date(), calendar: WorkCalendar) async throws -> Int {
        try await db.writeTransaction { db in
            guard let root = try await ReformTask.find(taskID, on: db), let plan = try await Plan.find(root.$plan.id, on: db) else {
                throw AppError.notFound
            }
            guard root.status == .draft else { throw AppError.conflict(key: "task.alreadyDispatched") }
            let tasks = try await ReformTask.query(on: db).filter(\.$plan.$id == plan.id!).filter(\.$path >= root.path)
                .filter(\.$path < root.path + "~").filter(\.$status == .draft).sort(\.$path).all()
            let parents = Set(try await db.sql.raw("""
                SELECT DISTINCT parent_id FROM tasks WHERE path LIKE \(bind: SQLLike.escape(root.path) + "%") ESCAPE '\\' AND parent_id IS NOT NULL
                """).all().map { try $0.decode(column: "parent_id", as: Int.self) })
            var created = 0
            var notified: Set<Int> = []
            for task in tasks {
                task.status = .dispatched
                task.dispatchedAt = now
                try await task.save(on: db)
                try await AuditLog.record(AuditEvent(action: "task.dispatch", entityType: "task", entityID: String(task.id!),
                                                     before: "draft", after: "dispatched"), by: actor, on: db)
                guard !parents.contains(task.id!) else { continue }
                let units = try await TaskUnit.query(on: db).filter(\.$task.$id == task.id!).all()
                for unit in units {
                    _ = try await Self.createOrder(task: task, unitID: unit.$unit.id, role: unit.role, plan: plan, by: actor, now: now,
                                                   calendar: calendar, on: db)
                    notified.insert(unit.$unit.id)
                    created += 1
                }
                try await ProgressRollup.recompute(taskID: task.id!, on: db, now: now)
            }
            try await Self.tellUnits(Array(notified), titleKey: "notice.dispatched.title", bodyKey: "notice.dispatched.body",
                                     args: [root.title], link: SiteURL.orders.path, on: db)
            return created
        }
    }

    /// Brings a dispatched task's orders in line with its units: leavers' open orders are
    /// withdrawn, newcomers get an order, a unit whose role changed keeps its order with the new role.
    func syncOrders(of task: ReformTask, reason: String, by actor: AuditActor, now: Date, calendar: WorkCalendar) async throws {
        let taskID = try task.requireID()
        guard try await ReformTask.query(on: db).filter(\.$parent.$id == taskID).count() == 0,
              let plan = try await Plan.find(task.$plan.id, on: db) else { return }
        let wanted = Dictionary(uniqueKeysWithValues: try await TaskUnit.query(on: db).filter(\.$task.$id == taskID).all().map { ($0.$unit.id, $0.role) })
        let orders = try await WorkOrder.query(on: db).filter(\.$task.$id == taskID).filter(\.$status != .withdrawn).all()
        var added: [Int] = []
        for order in orders {
            if let role = wanted[order.$unit.id] {
                if order.role != role { order.role = role; try await order.save(on: db) }
            } else if order.status.isOpen {
                try await OrderService(db: db).apply(.withdraw, to: order, reason: reason.isEmpty ? Catalog.text("task.unitsChanged", .zh) : reason, by: actor, now: now,
                                                     calendar: calendar, signDays: plan.signDays)
            }
        }
        let held = Set(orders.map(\.$unit.id))
        for (unitID, role) in wanted where !held.contains(unitID) {
            _ = try await Self.createOrder(task: task, unitID: unitID, role: role, plan: plan, by: actor, now: now, calendar: calendar, on: db)
            added.append(unitID)
        }
        try await Self.tellUnits(added, titleKey: "notice.dispatched.title", bodyKey: "notice.dispatched.body", args: [task.title],
                                 link: SiteURL.orders.path, on: db)
        try await ProgressRollup.recompute(taskID: taskID, on: db, now: now)
    }

    /// `db` is the caller's transaction: on SQLite's single connection, reaching past it would wait forever.
    private static func createOrder(task: ReformTask, unitID: Int, role: OrderRole, plan: Plan, by actor: AuditActor, now: Date,
                                    calendar: WorkCalendar, on db: any Database) async throws -> WorkOrder {
        let order = WorkOrder()
        order.$task.id = try task.requireID()
        order.$plan.id = task.$plan.id
        order.$unit.id = unitID
        order.role = role
        order.status = .dispatched
        order.signDue = calendar.adding(workingDays: plan.signDays, to: CivilDate(now)).description
        order.progress = 0
        order.milestonesMet = 0
        order.nextDue = ProgressRollup.nextDue(milestones: try await TaskService(db: db).milestones(of: task.id!), met: 0, deadline: task.deadline)
        order.dispatchedAt = now
        order.isTest = task.isTest
        try await order.create(on: db)
        try await AuditLog.record(AuditEvent(action: "order.create", entityType: "work_order", entityID: String(order.id!),
                                             after: "dispatched unit=\(unitID) role=\(role.rawValue) sign_due=\(order.signDue)"), by: actor, on: db)
        return order
    }

    /// Staff and heads of the given units, and the units' group robots unless the caller sends
    /// the robots one digest for many notices (`WebhookNotices.digest`).
    static func tellUnits(_ unitIDs: [Int], titleKey: String, bodyKey: String, args: [String], link: String, robots: Bool = true,
                          on db: any Database) async throws {
        guard !unitIDs.isEmpty else { return }
        let people = try await Inbox.holders(of: .unitStaff, inUnits: unitIDs, on: db) + Inbox.holders(of: .unitHead, inUnits: unitIDs, on: db)
        try await Inbox.notify(people, kind: titleKey, titleKey: titleKey, bodyKey: bodyKey, args: args, link: link, on: db)
        if robots { try await WebhookNotices.enqueue(units: unitIDs, titleKey: titleKey, bodyKey: bodyKey, args: args, link: link, on: db) }
    }
}

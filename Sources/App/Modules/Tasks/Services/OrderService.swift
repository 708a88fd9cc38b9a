import Fluent
import Foundation
import SQLKit

/// A work order as lists show it.
struct OrderRow: Sendable, Codable, Equatable {
    let id: Int
    let taskID: Int
    let taskCode: String
    let taskTitle: String
    let planID: Int
    let unitID: Int
    let unitName: String
    let role: String
    let status: String
    let signDue: String
    let progress: Int
    let nextDue: String?
    let lastReason: String?
    let completionNote: String?
    let light: String
    let pendingReports: Int
}

struct OrderFilter: Sendable {
    var taskID: Int?
    var unitID: Int?
    var status: OrderStatus?
    var light: TaskLight?
    /// The unit inbox's tabs.
    var box: OrderBox?
    var includeTest = false
}

/// The tabs of a unit's order inbox.
enum OrderBox: String, Sendable, CaseIterable {
    case toSign = "to_sign", toReport = "to_report", returned, done
    var labelKey: String { "orderBox.\(rawValue)" }
}

/// Moves work orders through `OrderStateMachine`, with the checks, side effects, audit and notices.
struct OrderService: Sendable {
    let db: any Database

    static func columns(light: SQLQueryString) -> SQLQueryString {
        """
        o.id, o.task_id, t.code AS task_code, t.title AS task_title, t.plan_id, o.unit_id, u.short_name AS unit_name, o.role, o.status,
        o.sign_due, o.progress, o.next_due, o.last_reason, o.completion_note, \(light) AS light,
        (SELECT COUNT(*) FROM progress_reports r WHERE r.order_id = o.id AND r.status IN ('pending_head', 'pending_office')) AS pending_reports
        """
    }

    static let joins: SQLQueryString = "FROM work_orders o JOIN tasks t ON t.id = o.task_id JOIN units u ON u.id = o.unit_id"

    /// Counting needs the unit only to limit a unit's view to its subtree; city-wide counts read the
    /// orders alone (300,000 rows joined to nothing).
    private static func countJoins(_ principal: Principal) -> SQLQueryString {
        principal.scopePath == nil ? "FROM work_orders o" : "FROM work_orders o JOIN units u ON u.id = o.unit_id"
    }

    func list(for principal: Principal, filter: OrderFilter, page: Pagination, today: CivilDate, cutoff: CivilDate) async throws -> (rows: [OrderRow], total: Int) {
        let light = TaskLight.forOrders(today: today, cutoff: cutoff)
        var conditions: [SQLQueryString] = []
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        if !filter.includeTest { conditions.append("o.is_test = \(bind: false)") }
        if let taskID = filter.taskID { conditions.append("o.task_id = \(bind: taskID)") }
        if let unitID = filter.unitID { conditions.append("o.unit_id = \(bind: unitID)") }
        if let status = filter.status { conditions.append("o.status = \(bind: status.rawValue)") }
        if let wanted = filter.light { conditions.append("\(light) = \(bind: wanted.rawValue)") }
        switch filter.box {
        case .toSign: conditions.append("o.status = 'dispatched'")
        case .toReport: conditions.append("o.status IN ('in_progress', 'completion_requested')")
        case .returned: conditions.append("o.status = 'returned'")
        case .done: conditions.append("o.status IN ('completed', 'withdrawn')")
        case nil: break
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await db.sql.raw("SELECT COUNT(*) AS n \(Self.countJoins(principal)) \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        // Undated orders last, then by due day. City-wide, the expression matches the index
        // `work_orders_due_order`, which serves a page without sorting 300,000 orders; within a
        // unit's few orders the same order written as CASE keeps the planner on the unit's index.
        let order: SQLQueryString = principal.scopePath == nil
            ? "COALESCE(o.next_due, '9999-12-31'), o.id" : "CASE WHEN o.next_due IS NULL THEN 1 ELSE 0 END, o.next_due, o.id"
        let rows = try await db.sql.raw("""
            SELECT \(Self.columns(light: light)) \(Self.joins) \(whereClause)
            ORDER BY \(order) LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all()
        return (try rows.map(Self.decode), total)
    }

    /// How many orders sit in each tab of the unit inbox (or the whole city for the office).
    func boxCounts(for principal: Principal) async throws -> [OrderBox: Int] {
        var conditions: [SQLQueryString] = ["o.is_test = \(bind: false)"]
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        let rows = try await db.sql.raw("""
            SELECT CASE WHEN o.status = 'dispatched' THEN 'to_sign' WHEN o.status IN ('in_progress', 'completion_requested') THEN 'to_report'
                        WHEN o.status = 'returned' THEN 'returned' ELSE 'done' END AS box, COUNT(*) AS n
            \(Self.countJoins(principal)) WHERE \(conditions.joined(separator: " AND ")) GROUP BY 1
            """).all()
        var counts: [OrderBox: Int] = [:]
        for row in rows {
            if let box = OrderBox(rawValue: try row.decode(column: "box", as: String.self)) { counts[box] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// One order the principal may see (their unit's subtree, or the whole city).
    func row(_ id: Int, for principal: Principal, today: CivilDate, cutoff: CivilDate) async throws -> OrderRow? {
        var conditions: [SQLQueryString] = ["o.id = \(bind: id)"]
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        return try await db.sql.raw("""
            SELECT \(Self.columns(light: TaskLight.forOrders(today: today, cutoff: cutoff))) \(Self.joins) WHERE \(conditions.joined(separator: " AND "))
            """).first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> OrderRow {
        OrderRow(
            id: try row.decode(column: "id", as: Int.self), taskID: try row.decode(column: "task_id", as: Int.self),
            taskCode: try row.decode(column: "task_code", as: String.self), taskTitle: try row.decode(column: "task_title", as: String.self),
            planID: try row.decode(column: "plan_id", as: Int.self), unitID: try row.decode(column: "unit_id", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self), role: try row.decode(column: "role", as: String.self),
            status: try row.decode(column: "status", as: String.self), signDue: try row.decode(column: "sign_due", as: String.self),
            progress: try row.decode(column: "progress", as: Int.self), nextDue: try row.decode(column: "next_due", as: String?.self),
            lastReason: try row.decode(column: "last_reason", as: String?.self),
            completionNote: try row.decode(column: "completion_note", as: String?.self), light: try row.decode(column: "light", as: String.self),
            pendingReports: try row.decode(column: "pending_reports", as: Int.self))
    }

    // MARK: Moving

    /// Fires `action` on an order for a principal: 404 if they may not see it, 403 if the move is
    /// not theirs to make, 409 if the order is not in a state that allows it.
    func perform(_ action: OrderAction, orderID: Int, reason: String, principal: Principal, actor: AuditActor, now: Date = Date(),
                 calendar: WorkCalendar) async throws {
        try await db.writeTransaction { db in
            guard let order = try await WorkOrder.find(orderID, on: db), let unit = try await Unit.find(order.$unit.id, on: db),
                  principal.canSee(unitPath: unit.path) else { throw AppError.notFound }
            let actors = TaskPolicy.actors(principal, orderUnitID: order.$unit.id)
            guard let transition = OrderStateMachine.transition(action, from: order.status) else {
                throw AppError.conflict(key: "order.transitionRefused")
            }
            guard actors.contains(transition.actor) else { throw AppError.forbidden }
            let plan = try await Plan.find(order.$plan.id, on: db)
            try await OrderService(db: db).apply(action, to: order, reason: reason, by: actor, now: now, calendar: calendar, signDays: plan?.signDays ?? 3)
        }
    }

    /// Applies a transition already checked against the actor. Also used by the dispatch service.
    func apply(_ action: OrderAction, to order: WorkOrder, reason: String, by actor: AuditActor, now: Date, calendar: WorkCalendar, signDays: Int) async throws {
        guard let transition = OrderStateMachine.transition(action, from: order.status) else { throw AppError.conflict(key: "order.transitionRefused") }
        let reason = String(reason.trimmed.prefix(1000))
        if transition.needsReason, reason.isEmpty { throw AppError.invalid("reason", "common.reasonRequired") }
        let before = order.status
        let today = CivilDate(now)
        let task = try await ReformTask.find(order.$task.id, on: db)
        switch action {
        case .sign:
            order.signedAt = now
            order.signedOnTime = today.description <= order.signDue
        case .giveBack, .rejectCompletion:
            order.lastReason = reason
        case .redispatch, .insist:
            order.lastReason = reason
            order.dispatchedAt = now
            order.signDue = calendar.adding(workingDays: signDays, to: today).description
        case .withdraw:
            order.nextDue = nil
        case .applyCompletion:
            order.completionNote = reason
        case .verifyCompletion:
            order.progress = 100
            order.completedAt = now
            order.nextDue = nil
        case .reopen:
            order.completedAt = nil
            order.lastReason = reason
            if let task {
                order.nextDue = ProgressRollup.nextDue(milestones: try await TaskService(db: db).milestones(of: task.id!), met: order.milestonesMet,
                                                       deadline: task.deadline)
            }
        }
        order.status = transition.to
        try await order.save(on: db)
        try await AuditLog.record(AuditEvent(action: "order.\(action.rawValue)", entityType: "work_order", entityID: String(order.id!),
                                             reason: reason, before: before.rawValue, after: transition.to.rawValue), by: actor, on: db)
        try await ProgressRollup.recompute(taskID: order.$task.id, on: db, now: now)
        try await notify(action, order: order, taskTitle: task?.title ?? "", reason: reason)
    }

    /// The people who must act next hear of it.
    private func notify(_ action: OrderAction, order: WorkOrder, taskTitle: String, reason: String) async throws {
        let link = SiteURL.order(.value(order.id!)).path
        let args = [taskTitle, reason]
        switch action {
        case .giveBack, .applyCompletion:
            let office = try await Inbox.holders(of: .office, on: db)
            try await Inbox.notify(office, kind: "order.\(action.rawValue)", titleKey: "notice.order.\(action.rawValue).title",
                                   bodyKey: "notice.order.\(action.rawValue).body", args: args, link: link, on: db)
        case .redispatch, .insist, .verifyCompletion, .rejectCompletion, .reopen, .withdraw:
            try await DispatchService.tellUnits([order.$unit.id], titleKey: "notice.order.\(action.rawValue).title",
                                                bodyKey: "notice.order.\(action.rawValue).body", args: args, link: link, on: db)
        case .sign:
            break
        }
    }
}

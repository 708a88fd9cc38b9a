import Fluent
import Foundation
import SQLKit

/// Computes a month's snapshot from the live tables, once, at publication.
struct MonthSnapshotBuilder: Sendable {
    let db: any Database

    /// The month's first and last instants in Beijing time.
    static func bounds(of month: String) -> (start: Date, end: Date)? {
        guard let first = CivilDate(month + "-01") else { return nil }
        let (year, monthNumber, _) = first.parts
        let next = monthNumber == 12 ? CivilDate(year: year + 1, month: 1, day: 1)! : CivilDate(year: year, month: monthNumber + 1, day: 1)!
        return (DispatchCycleService.endOfDay(first.adding(days: -1)), DispatchCycleService.endOfDay(next.adding(days: -1)))
    }

    func build(cycle: DispatchCycle, clock: TaskClock) async throws -> MonthSnapshot {
        let planID = cycle.$plan.id
        guard let plan = try await Plan.find(planID, on: db), let (start, end) = Self.bounds(of: cycle.month) else { throw AppError.notFound }
        let sql = db.sql
        let light = TaskLight.forTasks(today: clock.today, cutoff: clock.cutoff)
        let leaf: SQLQueryString = "t.plan_id = \(bind: planID) AND t.is_test = \(bind: false) AND \(TaskService.isLeaf())"
        let statistics = UnitStatistics(db: db)
        let tasks = try await statistics.domainsAndTotals(planID: planID, today: clock.today, cutoff: clock.cutoff)
        var totals = tasks.totals
        let units = try await statistics.units(planID: planID, today: clock.today)
        totals.orders = units.reduce(0) { $0 + $1.orders }
        totals.ordersCompleted = units.reduce(0) { $0 + $1.completed }
        func lines(_ condition: SQLQueryString, order: SQLQueryString) async throws -> [MonthSnapshot.TaskLine] {
            try await sql.raw("""
                SELECT t.code, t.title, u.short_name, t.next_due, t.progress FROM tasks t JOIN units u ON u.id = t.lead_unit_id
                WHERE \(leaf) AND \(condition) ORDER BY \(order) LIMIT 500
                """).all().map {
                    MonthSnapshot.TaskLine(code: try $0.decode(column: "code", as: String.self), title: try $0.decode(column: "title", as: String.self),
                                           leadUnit: try $0.decode(column: "short_name", as: String.self),
                                           due: try $0.decode(column: "next_due", as: String?.self), progress: try $0.decode(column: "progress", as: Int.self))
                }
        }
        let completed = try await lines("t.completed_at >= \(bind: start) AND t.completed_at < \(bind: end)", order: "t.path")
        let overdue = try await lines("\(light) = 'red'", order: "t.next_due, t.path")
        let cards = try await sql.raw("""
            SELECT u.short_name, s.kind, t.title, s.content FROM supervision_records s JOIN units u ON u.id = s.unit_id JOIN tasks t ON t.id = s.task_id
            WHERE t.plan_id = \(bind: planID) AND t.is_test = \(bind: false) AND s.kind IN ('yellow_card', 'red_card', 'interview')
              AND s.issued_at >= \(bind: start) AND s.issued_at < \(bind: end) ORDER BY s.issued_at
            """).all().map {
                MonthSnapshot.CardLine(unit: try $0.decode(column: "short_name", as: String.self), kind: try $0.decode(column: "kind", as: String.self),
                                       task: try $0.decode(column: "title", as: String.self), content: try $0.decode(column: "content", as: String.self))
            }
        return MonthSnapshot(planTitle: plan.title, month: cycle.month, publishedAt: clock.now, note: cycle.note, totals: totals, units: units,
                             domains: tasks.domains, completedThisMonth: completed, overdue: overdue, cards: cards,
                             rule: Catalog.text("stats.rule", .zh, [String(ScoringRule.minimumOrders)]))
    }

    /// Each public task's standing this month, for the portal's history.
    func publishTaskProgress(cycle: DispatchCycle, clock: TaskClock) async throws {
        let light = TaskLight.forTasks(today: clock.today, cutoff: clock.cutoff)
        try await db.sql.raw("""
            INSERT INTO published_task_progress (cycle_id, task_id, month, progress, status, light, published_at)
            SELECT \(bind: cycle.id!), t.id, \(bind: cycle.month), t.progress, t.status, \(light), \(bind: clock.now)
            FROM tasks t WHERE t.plan_id = \(bind: cycle.$plan.id) AND t.is_test = \(bind: false) AND t.is_public = \(bind: true)
            """).run()
    }
}

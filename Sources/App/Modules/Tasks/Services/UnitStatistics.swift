import Fluent
import Foundation
import SQLKit

/// One unit's figures on a plan, and its score under the published rule.
struct UnitFigures: Sendable, Codable, Equatable {
    let unitID: Int
    let unitName: String
    var orders = 0
    var completed = 0
    var overdue = 0
    var signed = 0
    var signedOnTime = 0
    var reportsDue = 0
    var reportsOnTime = 0
    var yellowCards = 0
    var redCards = 0
    var interviews = 0
    var score: Double?
    var rank: Int?

    var signRate: Double? { signed == 0 ? nil : Double(signedOnTime) / Double(signed) }
    var reportRate: Double? { reportsDue == 0 ? nil : Double(reportsOnTime) / Double(reportsDue) }
    var completionRate: Double? { orders == 0 ? nil : Double(completed) / Double(orders) }
    var overdueShare: Double { orders == 0 ? 0 : Double(overdue) / Double(orders) }
}

struct DomainFigures: Sendable, Codable, Equatable {
    let domainID: Int
    let name: String
    var tasks = 0
    var completed = 0
    var overdue = 0
    var progress = 0
}

/// The ranking rule, written once and shown on every page that ranks.
enum ScoringRule {
    static let minimumOrders = 3
    static let signWeight = 25.0, reportWeight = 25.0, scheduleWeight = 50.0
    static let yellowPenalty = 2.0, redPenalty = 5.0, interviewPenalty = 3.0

    /// 25 × on-time signing + 25 × on-time reporting + 50 × (1 − overdue share) − 2 per yellow card
    /// − 5 per red card − 3 per interview; a rate with nothing to measure counts as full.
    static func score(_ unit: UnitFigures) -> Double {
        let raw = signWeight * (unit.signRate ?? 1) + reportWeight * (unit.reportRate ?? 1) + scheduleWeight * (1 - unit.overdueShare)
            - yellowPenalty * Double(unit.yellowCards) - redPenalty * Double(unit.redCards) - interviewPenalty * Double(unit.interviews)
        return (max(0, raw) * 10).rounded() / 10
    }

    /// Scores every unit with enough orders and ranks them, best first; ties share a rank.
    static func rank(_ units: [UnitFigures]) -> [UnitFigures] {
        var scored = units.map { unit -> UnitFigures in
            var unit = unit
            unit.score = unit.orders >= minimumOrders ? score(unit) : nil
            return unit
        }
        scored.sort { ($0.score ?? -1, $1.unitName) > ($1.score ?? -1, $0.unitName) }
        var previous: (Double, Int)?
        for index in scored.indices {
            guard let score = scored[index].score else { continue }
            let rank = previous.map { $0.0 == score ? $0.1 : index + 1 } ?? 1
            scored[index].rank = rank
            previous = (score, rank)
        }
        return scored
    }
}

/// Statistics per unit, domain and plan. Test rows never count; withdrawn orders are not work.
struct UnitStatistics: Sendable {
    let db: any Database

    func units(planID: Int, today: CivilDate, scope: String? = nil) async throws -> [UnitFigures] {
        let sql = db.sql
        let scopeCondition: SQLQueryString = scope.map { "AND o.unit_id IN (SELECT id FROM units WHERE path LIKE \(bind: $0 + "%"))" } ?? ""
        var byUnit: [Int: UnitFigures] = [:]
        // Grouped by unit alone so the covering index `work_orders_plan_unit` is read in order.
        for row in try await sql.raw("""
            SELECT g.*, u.short_name FROM (
                SELECT o.unit_id,
                       COUNT(*) AS orders,
                       SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS completed,
                       SUM(CASE WHEN (o.status = 'dispatched' AND o.sign_due < \(bind: today.description))
                                 OR (o.status NOT IN ('completed', 'withdrawn', 'dispatched') AND o.next_due < \(bind: today.description)) THEN 1 ELSE 0 END) AS overdue,
                       SUM(CASE WHEN o.signed_at IS NOT NULL THEN 1 ELSE 0 END) AS signed,
                       SUM(CASE WHEN o.signed_on_time = \(bind: true) THEN 1 ELSE 0 END) AS signed_on_time
                FROM work_orders o
                WHERE o.plan_id = \(bind: planID) AND o.is_test = \(bind: false) AND o.status <> 'withdrawn' \(scopeCondition)
                GROUP BY o.unit_id) g
            JOIN units u ON u.id = g.unit_id
            """).all() {
            let id = try row.decode(column: "unit_id", as: Int.self)
            var unit = UnitFigures(unitID: id, unitName: try row.decode(column: "short_name", as: String.self))
            unit.orders = try row.decode(column: "orders", as: Int.self)
            unit.completed = try row.decode(column: "completed", as: Int?.self) ?? 0
            unit.overdue = try row.decode(column: "overdue", as: Int?.self) ?? 0
            unit.signed = try row.decode(column: "signed", as: Int?.self) ?? 0
            unit.signedOnTime = try row.decode(column: "signed_on_time", as: Int?.self) ?? 0
            byUnit[id] = unit
        }
        for (id, reports) in try await CycleReporting.totals(planID: planID, on: db) {
            byUnit[id]?.reportsDue = reports.due
            byUnit[id]?.reportsOnTime = reports.onTime
        }
        for row in try await sql.raw("""
            SELECT s.unit_id, s.kind, COUNT(*) AS n FROM supervision_records s JOIN tasks t ON t.id = s.task_id
            WHERE t.plan_id = \(bind: planID) AND t.is_test = \(bind: false) AND s.kind IN ('yellow_card', 'red_card', 'interview')
            GROUP BY s.unit_id, s.kind
            """).all() {
            let id = try row.decode(column: "unit_id", as: Int.self)
            let count = try row.decode(column: "n", as: Int.self)
            switch try row.decode(column: "kind", as: String.self) {
            case "yellow_card": byUnit[id]?.yellowCards = count
            case "red_card": byUnit[id]?.redCards = count
            default: byUnit[id]?.interviews = count
            }
        }
        return ScoringRule.rank(Array(byUnit.values))
    }

    func domains(planID: Int, today: CivilDate, cutoff: CivilDate) async throws -> [DomainFigures] {
        try await domainsAndTotals(planID: planID, today: today, cutoff: cutoff).domains
    }

    /// Each domain's leaf tasks and the plan's task totals in one pass over the covering index
    /// `tasks_plan_figures`. Leaf tasks only: a parent's work is its children's.
    func domainsAndTotals(planID: Int, today: CivilDate, cutoff: CivilDate) async throws -> (domains: [DomainFigures], totals: MonthSnapshot.Totals) {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        var totals = MonthSnapshot.Totals()
        var progressSum = 0
        let domains = try await db.sql.raw("""
            SELECT d.id, d.name, g.tasks, g.done, g.green, g.yellow, g.red, g.progress FROM plan_domains d LEFT JOIN (
                SELECT t.domain_id, COUNT(*) AS tasks,
                       SUM(CASE WHEN \(light) = 'done' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN \(light) = 'green' THEN 1 ELSE 0 END) AS green,
                       SUM(CASE WHEN \(light) = 'yellow' THEN 1 ELSE 0 END) AS yellow, SUM(CASE WHEN \(light) = 'red' THEN 1 ELSE 0 END) AS red,
                       CAST(SUM(t.progress) AS BIGINT) AS progress
                FROM tasks t WHERE t.plan_id = \(bind: planID) AND t.is_test = \(bind: false) AND \(TaskService.isLeaf())
                GROUP BY t.domain_id) g ON g.domain_id = d.id
            WHERE d.plan_id = \(bind: planID) ORDER BY d.number
            """).all().map { row in
                var figures = DomainFigures(domainID: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self))
                figures.tasks = try row.decode(column: "tasks", as: Int?.self) ?? 0
                figures.completed = try row.decode(column: "done", as: Int?.self) ?? 0
                figures.overdue = try row.decode(column: "red", as: Int?.self) ?? 0
                let progress = try row.decode(column: "progress", as: Int?.self) ?? 0
                figures.progress = figures.tasks == 0 ? 0 : Int((Double(progress) / Double(figures.tasks)).rounded())
                totals.tasks += figures.tasks
                totals.completed += figures.completed
                totals.onSchedule += try row.decode(column: "green", as: Int?.self) ?? 0
                totals.dueSoon += try row.decode(column: "yellow", as: Int?.self) ?? 0
                totals.overdue += figures.overdue
                progressSum += progress
                return figures
            }
        totals.averageProgress = totals.tasks == 0 ? 0 : Int((Double(progressSum) / Double(totals.tasks)).rounded())
        return (domains, totals)
    }
}

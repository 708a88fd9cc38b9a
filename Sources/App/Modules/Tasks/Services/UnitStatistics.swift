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
        let scopeCondition: SQLQueryString = scope.map { "AND u.path LIKE \(bind: $0 + "%")" } ?? ""
        var byUnit: [Int: UnitFigures] = [:]
        for row in try await sql.raw("""
            SELECT o.unit_id, u.short_name,
                   COUNT(*) AS orders,
                   SUM(CASE WHEN o.status = 'completed' THEN 1 ELSE 0 END) AS completed,
                   SUM(CASE WHEN (o.status = 'dispatched' AND o.sign_due < \(bind: today.description))
                             OR (o.status NOT IN ('completed', 'withdrawn', 'dispatched') AND o.next_due < \(bind: today.description)) THEN 1 ELSE 0 END) AS overdue,
                   SUM(CASE WHEN o.signed_at IS NOT NULL THEN 1 ELSE 0 END) AS signed,
                   SUM(CASE WHEN o.signed_on_time = \(bind: true) THEN 1 ELSE 0 END) AS signed_on_time
            FROM work_orders o JOIN tasks t ON t.id = o.task_id JOIN units u ON u.id = o.unit_id
            WHERE t.plan_id = \(bind: planID) AND o.is_test = \(bind: false) AND o.status <> 'withdrawn' \(scopeCondition)
            GROUP BY o.unit_id, u.short_name
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
        // Reports on time: for each reporting month the office opened and closed, each order that
        // was in progress owed a report submitted by the month's deadline.
        for row in try await sql.raw("""
            SELECT o.unit_id, COUNT(*) AS due, COUNT(r.order_id) AS on_time
            FROM dispatch_cycles c JOIN tasks t ON t.plan_id = c.plan_id JOIN work_orders o ON o.task_id = t.id
            LEFT JOIN (SELECT DISTINCT p.order_id, p.month FROM progress_reports p JOIN dispatch_cycles pc ON pc.month = p.month
                       WHERE pc.plan_id = \(bind: planID) AND p.submitted_at IS NOT NULL AND p.submitted_at < pc.deadline_at) r
                   ON r.order_id = o.id AND r.month = c.month
            WHERE c.plan_id = \(bind: planID) AND c.status <> 'open' AND o.is_test = \(bind: false) AND o.status <> 'withdrawn'
              AND o.signed_at IS NOT NULL AND o.signed_at < c.deadline_at AND (o.completed_at IS NULL OR o.completed_at >= c.opened_at)
            GROUP BY o.unit_id
            """).all() {
            let id = try row.decode(column: "unit_id", as: Int.self)
            byUnit[id]?.reportsDue = try row.decode(column: "due", as: Int.self)
            byUnit[id]?.reportsOnTime = try row.decode(column: "on_time", as: Int?.self) ?? 0
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
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        // Leaf tasks only: a parent's work is its children's.
        return try await db.sql.raw("""
            SELECT d.id, d.name, COUNT(t.id) AS tasks,
                   SUM(CASE WHEN t.status IN ('completed', 'closed') THEN 1 ELSE 0 END) AS completed,
                   SUM(CASE WHEN \(light) = 'red' THEN 1 ELSE 0 END) AS overdue,
                   CAST(AVG(t.progress) AS DOUBLE PRECISION) AS progress
            FROM plan_domains d LEFT JOIN tasks t ON t.domain_id = d.id AND t.is_test = \(bind: false) AND \(TaskService.isLeaf())
            WHERE d.plan_id = \(bind: planID) GROUP BY d.id, d.name, d.number ORDER BY d.number
            """).all().map { row in
                var figures = DomainFigures(domainID: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self))
                figures.tasks = try row.decode(column: "tasks", as: Int.self)
                figures.completed = try row.decode(column: "completed", as: Int?.self) ?? 0
                figures.overdue = try row.decode(column: "overdue", as: Int?.self) ?? 0
                figures.progress = Int((try row.decode(column: "progress", as: Double?.self) ?? 0).rounded())
                return figures
            }
    }
}

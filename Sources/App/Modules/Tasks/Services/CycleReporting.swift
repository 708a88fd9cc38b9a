import Fluent
import SQLKit

/// On-time reporting per unit and month. When the office closes a month its figures are fixed:
/// every order that was signed before the deadline and still being worked on when the month
/// opened owed one report, on time if submitted before the deadline. Reopening the month
/// unfixes them; closing it again counts afresh.
enum CycleReporting {
    static let schema = "cycle_unit_reports"

    /// `db` is the caller's transaction.
    static func freeze(cycleID: Int, on db: any Database) async throws {
        try await thaw(cycleID: cycleID, on: db)
        try await db.sql.raw("""
            INSERT INTO cycle_unit_reports (cycle_id, unit_id, due, on_time)
            SELECT c.id, o.unit_id, COUNT(*), COUNT(r.order_id)
            FROM dispatch_cycles c JOIN work_orders o ON o.plan_id = c.plan_id
            LEFT JOIN (SELECT DISTINCT p.order_id FROM progress_reports p JOIN dispatch_cycles pc ON pc.month = p.month
                       WHERE pc.id = \(bind: cycleID) AND p.submitted_at IS NOT NULL AND p.submitted_at < pc.deadline_at) r
                   ON r.order_id = o.id
            WHERE c.id = \(bind: cycleID) AND o.is_test = \(bind: false) AND o.status <> 'withdrawn'
              AND o.signed_at IS NOT NULL AND o.signed_at < c.deadline_at AND (o.completed_at IS NULL OR o.completed_at >= c.opened_at)
            GROUP BY c.id, o.unit_id
            """).run()
    }

    static func thaw(cycleID: Int, on db: any Database) async throws {
        try await db.sql.raw("DELETE FROM cycle_unit_reports WHERE cycle_id = \(bind: cycleID)").run()
    }

    /// Reports owed and made on time per unit over a plan's closed and published months.
    static func totals(planID: Int, on db: any Database) async throws -> [Int: (due: Int, onTime: Int)] {
        var totals: [Int: (due: Int, onTime: Int)] = [:]
        for row in try await db.sql.raw("""
            SELECT r.unit_id, CAST(SUM(r.due) AS BIGINT) AS due, CAST(SUM(r.on_time) AS BIGINT) AS on_time
            FROM cycle_unit_reports r JOIN dispatch_cycles c ON c.id = r.cycle_id
            WHERE c.plan_id = \(bind: planID) AND c.status <> 'open' GROUP BY r.unit_id
            """).all() {
            totals[try row.decode(column: "unit_id", as: Int.self)] = (try row.decode(column: "due", as: Int.self), try row.decode(column: "on_time", as: Int.self))
        }
        return totals
    }
}

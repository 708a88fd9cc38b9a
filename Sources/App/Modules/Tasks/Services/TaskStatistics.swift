import Fluent
import SQLKit

/// Counts over the task ledger. Test rows never count.
struct TaskStatistics: Sendable {
    let db: any Database

    /// How many of a plan's leaf tasks stand at each light; parents would count their work twice.
    func lightCounts(planID: Int, for principal: Principal, today: CivilDate, cutoff: CivilDate) async throws -> [TaskLight: Int] {
        var conditions: [SQLQueryString] = ["t.plan_id = \(bind: planID)", "t.is_test = \(bind: false)",
                                            TaskService.isLeaf()]
        if let scope = TaskService.scopeCondition(principal) { conditions.append(scope) }
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let rows = try await db.sql.raw("""
            SELECT \(light) AS light, COUNT(*) AS n FROM tasks t WHERE \(conditions.joined(separator: " AND ")) GROUP BY 1
            """).all()
        var counts: [TaskLight: Int] = [:]
        for row in rows {
            if let light = TaskLight(rawValue: try row.decode(column: "light", as: String.self)) { counts[light] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }
}

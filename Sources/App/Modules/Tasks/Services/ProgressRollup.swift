import Fluent
import Foundation
import SQLKit

/// Keeps the cached progress, next due date and status of tasks true after an order moves:
/// a leaf from its orders, each ancestor from its children (by weight or plain average).
enum ProgressRollup {
    /// The date an order must meet next: its first unmet milestone, else the task's deadline.
    static func nextDue(milestones: [MilestoneRow], met: Int, deadline: String) -> String {
        milestones.first { $0.seq > met }?.due ?? deadline
    }

    /// Recomputes `taskID` (a leaf with orders) and every ancestor, in one pass up the path.
    static func recompute(taskID: Int, on db: any Database, now: Date = Date()) async throws {
        let sql = db.sql
        guard let path = try await sql.raw("SELECT path FROM tasks WHERE id = \(bind: taskID)").first()?.decode(column: "path", as: String.self) else { return }
        let orders = try await sql.raw("""
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(progress), 0) AS BIGINT) AS total,
                   SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS done,
                   MIN(CASE WHEN status NOT IN ('completed', 'withdrawn') THEN next_due END) AS next_due
            FROM work_orders WHERE task_id = \(bind: taskID) AND status <> 'withdrawn'
            """).first()
        let count = try orders?.decode(column: "n", as: Int.self) ?? 0
        if count > 0 {
            let total = try orders?.decode(column: "total", as: Int.self) ?? 0
            let done = try orders?.decode(column: "done", as: Int?.self) ?? 0
            let nextDue = try orders?.decode(column: "next_due", as: String?.self)
            try await save(taskID: taskID, progress: Int((Double(total) / Double(count)).rounded()), nextDue: done == count ? nil : nextDue,
                           complete: done == count, on: db, now: now)
        }
        // Ancestors, nearest first: their ids are the segments of the path.
        let ancestors = path.split(separator: "/").compactMap { Int($0) }.filter { $0 != taskID }.reversed()
        for parentID in ancestors { try await recomputeParent(parentID, on: db, now: now) }
    }

    static func recomputeParent(_ parentID: Int, on db: any Database, now: Date) async throws {
        let rollup = try await db.sql.raw("SELECT rollup FROM tasks WHERE id = \(bind: parentID)").first()?.decode(column: "rollup", as: String.self)
        let byWeight = rollup == RollupMethod.weight.rawValue
        let row = try await db.sql.raw("""
            SELECT COUNT(*) AS n, CAST(SUM(progress * \(unsafeRaw: byWeight ? "weight" : "1")) AS BIGINT) AS total, CAST(SUM(\(unsafeRaw: byWeight ? "weight" : "1")) AS BIGINT) AS weights,
                   SUM(CASE WHEN status IN ('completed', 'closed') THEN 1 ELSE 0 END) AS done,
                   SUM(CASE WHEN status = 'draft' THEN 1 ELSE 0 END) AS drafts,
                   MIN(CASE WHEN status NOT IN ('completed', 'closed') THEN next_due END) AS next_due
            FROM tasks WHERE parent_id = \(bind: parentID)
            """).first()
        guard let row, try row.decode(column: "n", as: Int.self) > 0 else { return }
        let count = try row.decode(column: "n", as: Int.self)
        let total = try row.decode(column: "total", as: Int?.self) ?? 0
        let weights = max(1, try row.decode(column: "weights", as: Int?.self) ?? 1)
        let done = try row.decode(column: "done", as: Int?.self) ?? 0
        let drafts = try row.decode(column: "drafts", as: Int?.self) ?? 0
        // A parent whose children are all still drafts is itself a draft; nothing to roll up yet.
        guard drafts < count else { return }
        try await save(taskID: parentID, progress: Int((Double(total) / Double(weights)).rounded()),
                       nextDue: try row.decode(column: "next_due", as: String?.self), complete: done == count, on: db, now: now)
    }

    private static func save(taskID: Int, progress: Int, nextDue: String?, complete: Bool, on db: any Database, now: Date) async throws {
        // A closed task stays closed; otherwise completion follows the orders.
        try await db.sql.raw("""
            UPDATE tasks SET progress = \(bind: progress), next_due = \(bind: nextDue),
                status = CASE WHEN status = 'closed' THEN status WHEN \(bind: complete) THEN 'completed' ELSE 'dispatched' END,
                completed_at = CASE WHEN \(bind: complete) THEN COALESCE(completed_at, \(bind: now)) ELSE NULL END,
                updated_at = \(bind: now)
            WHERE id = \(bind: taskID)
            """).run()
    }
}

import Fluent
import SQLKit

/// Indexes measured at 100,000 tasks and 300,000 orders (docs/BENCHMARKS.md):
/// - `tasks_plan_figures` covers the columns of a task's light, so the domain figures, the
///   bulletin's totals and the ledger's light counts read narrow index rows, not whole tasks;
/// - the cockpit reads a task force's or a leader's tasks by `work_group_id` / `leader_id`; the
///   indexes leave out tasks without one, so the planner's statistics describe only the tasks it
///   can find there (with them in, many unassigned tasks made it scan the table instead);
/// - the office's order list is sorted by due day with undated orders last; an index on that
///   expression serves its first page without sorting every order.
struct AddStatisticsIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("CREATE INDEX tasks_plan_figures ON tasks (plan_id, domain_id, is_test, status, next_due, progress)").run()
        try await sql.raw("CREATE INDEX tasks_work_group ON tasks (work_group_id) WHERE work_group_id IS NOT NULL").run()
        try await sql.raw("CREATE INDEX tasks_leader ON tasks (leader_id) WHERE leader_id IS NOT NULL").run()
        try await sql.raw("CREATE INDEX work_orders_due_order ON work_orders ((COALESCE(next_due, '9999-12-31')), id)").run()
    }

    func revert(on database: any Database) async throws {
        for index in ["tasks_plan_figures", "tasks_work_group", "tasks_leader", "work_orders_due_order"] {
            try await database.sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
    }
}

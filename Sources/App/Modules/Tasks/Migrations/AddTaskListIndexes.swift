import Fluent
import SQLKit

/// The office filters the ledger by domain most of all: with this index a domain's tasks are read
/// in tree order without touching the rest of a 100,000-task plan.
struct AddTaskListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("CREATE INDEX tasks_plan_domain_path ON tasks (plan_id, domain_id, path)").run()
        try await database.sql.raw("CREATE INDEX work_orders_task_status ON work_orders (task_id, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX tasks_plan_domain_path").run()
        try await database.sql.raw("DROP INDEX work_orders_task_status").run()
    }
}

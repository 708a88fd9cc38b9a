import Fluent
import SQLKit

/// Plan-wide statistics read every order of a plan: with the plan on the order and a covering
/// index they read narrow index rows in unit order instead of joining 300,000 orders to their tasks.
struct AddPlanToWorkOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database.sql
        try await sql.raw("ALTER TABLE work_orders ADD COLUMN plan_id BIGINT REFERENCES plans (id)").run()
        try await sql.raw("UPDATE work_orders SET plan_id = (SELECT t.plan_id FROM tasks t WHERE t.id = work_orders.task_id)").run()
        if !database.isSQLite {
            // SQLite cannot add a NOT NULL column without a default; there the model always sets it.
            try await sql.raw("ALTER TABLE work_orders ALTER COLUMN plan_id SET NOT NULL").run()
        }
        try await sql.raw("""
            CREATE INDEX work_orders_plan_unit ON work_orders
                (plan_id, unit_id, status, is_test, signed_at, signed_on_time, next_due, sign_due)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX work_orders_plan_unit").run()
        try await database.sql.raw("ALTER TABLE work_orders DROP COLUMN plan_id").run()
    }
}

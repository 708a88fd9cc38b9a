import Fluent
import SQLKit

struct CreateWorkOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkOrder.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("task_id", .int, .required, .references(ReformTask.schema, .id))
            .field("unit_id", .int, .required, .references(Unit.schema, .id))
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("sign_due", .string, .required)
            .field("signed_at", .datetime)
            .field("signed_on_time", .bool)
            .field("progress", .int, .required)
            .field("milestones_met", .int, .required)
            .field("next_due", .string)
            .field("last_reason", .string)
            .field("completion_note", .string)
            .field("dispatched_at", .datetime, .required)
            .field("completed_at", .datetime)
            .field("is_test", .bool, .required)
            .field("updated_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX work_orders_task ON work_orders (task_id)").run()
        try await sql.raw("CREATE INDEX work_orders_unit_status ON work_orders (unit_id, status)").run()
        try await sql.raw("CREATE INDEX work_orders_status_due ON work_orders (status, next_due)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkOrder.schema).delete()
    }
}

import Fluent
import SQLKit

struct CreateSupervisionRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SupervisionRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("automatic", .bool, .required)
            .field("order_id", .int, .required, .references(WorkOrder.schema, .id))
            .field("task_id", .int, .required, .references(ReformTask.schema, .id))
            .field("unit_id", .int, .required, .references(Unit.schema, .id))
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("status", .string, .required)
            .field("due_key", .string)
            .field("reply_due", .string)
            .field("reply", .string)
            .field("replied_at", .datetime)
            .field("lift_condition", .string)
            .field("lifted_at", .datetime)
            .field("lift_reason", .string)
            .field("written_report", .string)
            .field("report_status", .string)
            .field("report_comment", .string)
            .field("addressee", .string)
            .field("meeting_date", .string)
            .field("attendees", .string)
            .field("follow_up", .string)
            .field("issued_by", .int)
            .field("issued_at", .datetime, .required)
            .create()
        let sql = database.sql
        // The daily scan raises each reminder or urging once per order and due date, even with several instances.
        try await sql.raw("CREATE UNIQUE INDEX supervision_auto_once ON supervision_records (kind, order_id, due_key)").run()
        try await sql.raw("CREATE INDEX supervision_unit ON supervision_records (unit_id, kind, status)").run()
        try await sql.raw("CREATE INDEX supervision_task ON supervision_records (task_id)").run()
        try await sql.raw("CREATE INDEX supervision_order ON supervision_records (order_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SupervisionRecord.schema).delete()
    }
}

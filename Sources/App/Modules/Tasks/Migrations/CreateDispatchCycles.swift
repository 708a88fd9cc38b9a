import Fluent
import SQLKit

struct CreateDispatchCycles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DispatchCycle.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references(Plan.schema, .id))
            .field("month", .string, .required)
            .field("status", .string, .required)
            .field("deadline", .string, .required)
            .field("deadline_at", .datetime, .required)
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("published_at", .datetime)
            .field("note", .string, .required)
            .field("snapshot", .string)
            .unique(on: "plan_id", "month")
            .create()
        // Each published month's progress of every public task: the portal's history.
        try await database.schema("published_task_progress")
            .field(.id, .int, .identifier(auto: true))
            .field("cycle_id", .int, .required, .references(DispatchCycle.schema, .id))
            .field("task_id", .int, .required, .references(ReformTask.schema, .id))
            .field("month", .string, .required)
            .field("progress", .int, .required)
            .field("status", .string, .required)
            .field("light", .string, .required)
            .field("published_at", .datetime, .required)
            .unique(on: "cycle_id", "task_id")
            .create()
        try await database.sql.raw("CREATE INDEX published_task_progress_task ON published_task_progress (task_id, month)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("published_task_progress").delete()
        try await database.schema(DispatchCycle.schema).delete()
    }
}

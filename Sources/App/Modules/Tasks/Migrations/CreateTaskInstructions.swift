import Fluent
import SQLKit

struct CreateTaskInstructions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TaskInstruction.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("task_id", .int, .required, .references(ReformTask.schema, .id))
            .field("leader_id", .int, .required, .references(User.schema, .id))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX task_instructions_task ON task_instructions (task_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TaskInstruction.schema).delete()
    }
}

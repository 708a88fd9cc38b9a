import Fluent
import SQLKit

struct CreatePortalSuggestions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PortalSuggestion.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("task_id", .int, .required, .references(ReformTask.schema, .id))
            .field("name", .string)
            .field("contact", .string)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("reply", .string)
            .field("address_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("moderated_by", .int, .references(User.schema, .id))
            .field("moderated_at", .datetime)
            .create()
        let sql = database.sql
        // A task page lists its approved suggestions; the rate limit counts one address's recent
        // ones; the office's queue reads by status.
        try await sql.raw("CREATE INDEX portal_suggestions_task ON portal_suggestions (task_id, status, created_at)").run()
        try await sql.raw("CREATE INDEX portal_suggestions_address ON portal_suggestions (address_hash, created_at)").run()
        try await sql.raw("CREATE INDEX portal_suggestions_status ON portal_suggestions (status, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PortalSuggestion.schema).delete()
    }
}

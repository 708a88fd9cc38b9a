import Fluent
import SQLKit

struct CreateUnitWebhooks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitWebhook.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("unit_id", .int, .required, .references(Unit.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("url", .string, .required)
            .field("secret", .string)
            .field("active", .bool, .required)
            .field("created_by", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("last_status", .string)
            .field("last_error", .string)
            .field("last_sent_at", .datetime)
            .create()
        // Every unit notice looks up its units' active webhooks.
        try await database.sql.raw("CREATE INDEX idx_unit_webhooks_unit ON unit_webhooks (unit_id, active)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitWebhook.schema).delete()
    }
}

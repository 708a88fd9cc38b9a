import Fluent
import SQLKit

/// Enterprise users (a user tied to one firm) and the contact corrections they send the office.
struct CreateEnterpriseAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("enterprise_id", .int).update()
        try await database.sql.raw("CREATE INDEX users_enterprise ON users (enterprise_id)").run()
        try await database.schema("enterprise_contact_requests")
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("requested_by", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("requester_name", .string, .required)
            .field("replaces_contact_id", .int)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("phone", .string, .required)
            .field("note", .string, .required)
            .field("status", .string, .required)
            .field("reviewer_name", .string)
            .field("reviewed_at", .datetime)
            .field("review_reason", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX contact_requests_status ON enterprise_contact_requests (status, created_at)").run()
        try await database.sql.raw("CREATE INDEX contact_requests_enterprise ON enterprise_contact_requests (enterprise_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("enterprise_contact_requests").delete()
        try await database.sql.raw("DROP INDEX users_enterprise").run()
        try await database.schema(User.schema).deleteField("enterprise_id").update()
    }
}

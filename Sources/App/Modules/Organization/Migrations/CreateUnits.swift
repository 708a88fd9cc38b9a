import Fluent

struct CreateUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Unit.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("parent_id", .int, .references(Unit.schema, .id, onDelete: .restrict))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("code", .string, .required)
            .field("path", .string, .required)
            .field("depth", .int, .required)
            .field("sort_order", .int, .required)
            .field("active", .bool, .required)
            .field("contact_person", .string)
            .field("contact_phone", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.sql.raw("CREATE INDEX idx_units_path ON units (path)").run()
        try await database.sql.raw("CREATE INDEX idx_units_parent ON units (parent_id, sort_order)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Unit.schema).delete()
    }
}

import Fluent

struct CreateWorkGroups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(WorkGroup.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("leader_user_id", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("lead_unit_id", .int, .references(Unit.schema, .id, onDelete: .restrict))
            .field("description", .string, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema(WorkGroupMember.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("group_id", .int, .required, .references(WorkGroup.schema, .id, onDelete: .cascade))
            .field("unit_id", .int, .required, .references(Unit.schema, .id, onDelete: .restrict))
            .unique(on: "group_id", "unit_id")
            .create()
        try await database.sql.raw("CREATE INDEX idx_work_group_members_unit ON work_group_members (unit_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(WorkGroupMember.schema).delete()
        try await database.schema(WorkGroup.schema).delete()
    }
}

import Fluent

struct CreatePlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Plan.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("title", .string, .required)
            .field("year", .int, .required)
            .field("summary", .string, .required)
            .field("status", .string, .required)
            .field("published", .bool, .required)
            .field("sign_days", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(PlanDomain.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references(Plan.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("name", .string, .required)
            .unique(on: "plan_id", "number")
            .unique(on: "plan_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanDomain.schema).delete()
        try await database.schema(Plan.schema).delete()
    }
}

import Fluent
import SQLKit

/// Visits to enterprises (走访) and the problems raised in them. `enterprises.last_visited_on`
/// is kept with every visit so that coverage ("not visited within the period") is one indexed
/// comparison at 300,000 firms rather than a grouping over every visit.
struct CreateVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Visit.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("visited_on", .string, .required)
            .field("method", .string, .required)
            .field("people", .string, .required)
            .field("notes", .string, .required)
            .field("policies", .string, .required)
            .field("follow_up_on", .string)
            .field("recorded_by", .int, .references(User.schema, .id))
            .field("recorder_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(VisitProblem.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("visit_id", .int, .required, .references(Visit.schema, .id, onDelete: .cascade))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("category", .string, .required)
            .field("description", .string, .required)
            // The demand ticket this problem became (a later module); kept as a plain id until then.
            .field("demand_id", .int)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Enterprise.schema).field("last_visited_on", .string).update()
        let sql = database.sql
        for statement: SQLQueryString in [
            "CREATE INDEX visits_enterprise ON enterprise_visits (enterprise_id, visited_on)",
            "CREATE INDEX visits_recorder ON enterprise_visits (recorded_by, visited_on)",
            "CREATE INDEX visit_problems_visit ON visit_problems (visit_id)",
            "CREATE INDEX visit_problems_enterprise ON visit_problems (enterprise_id)",
        ] { try await sql.raw(statement).run() }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enterprise.schema).deleteField("last_visited_on").update()
        try await database.schema(VisitProblem.schema).delete()
        try await database.schema(Visit.schema).delete()
    }
}

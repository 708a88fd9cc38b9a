import Fluent
import SQLKit

/// The day an enterprise moved out or was deregistered: the statistics count the stock of
/// market entities on any past day (since January, same month last year) from the registration
/// and closing dates.
struct AddEnterpriseClosedOn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enterprise.schema).field("closed_on", .string).update()
        try await database.sql.raw("CREATE INDEX enterprises_registered ON enterprises (registered_on)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX enterprises_registered").run()
        try await database.schema(Enterprise.schema).deleteField("closed_on").update()
    }
}
